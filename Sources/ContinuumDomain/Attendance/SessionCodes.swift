import Foundation

/// Every session mark one school recorded for one pupil in one academic
/// year: 366 days × AM/PM, one byte each (an `AttendanceCode.id`, 0 for no
/// mark), 732 bytes in all.
///
/// Issue 4 asks for marks stored compactly, one row per child, school and
/// academic year rather than one row per mark, so that a day's feed updates a
/// blob in place and the measures read one contiguous array per pupil.
/// Slot `2 × d + s` is day `d` counted from 1 September (`d` = 0...365) and
/// session `s` (AM 0, PM 1). A year without 29 February has 365 days and
/// its last slot pair stays empty; keeping the length fixed means a blob's
/// layout never depends on the year.
// Issue 4 item 2: academic year "1 September – 31 August, named by the year it starts".
public struct SessionCodes: Hashable, Sendable {
    public static let daysPerYear = 366
    public static let slotCount = daysPerYear * 2

    /// The year whose 1 September starts this academic year.
    public let academicYear: Int
    /// The raw slots; see the type's comment for the layout.
    public private(set) var slots: [UInt8]

    /// An academic year with no marks.
    public init(academicYear: Int) {
        self.academicYear = academicYear
        slots = [UInt8](repeating: 0, count: Self.slotCount)
    }

    /// Reads a blob written by `bytes` / `data`: exactly 732 bytes, each 0 or
    /// a known code, and nothing in the 366th slot pair of a year without
    /// 29 February, so a damaged blob is refused rather than misread.
    public init(academicYear: Int, bytes: some Collection<UInt8>) throws(SessionCodesDecodingError) {
        guard bytes.count == Self.slotCount else {
            throw .wrongLength(expected: Self.slotCount, found: bytes.count)
        }
        let slots = Array(bytes)
        let codeCount = AttendanceCode.codes.count
        let days = Self.dayCount(academicYear: academicYear)
        for (slot, byte) in slots.enumerated() where byte != 0 {
            guard Int(byte) < codeCount else { throw .unknownCode(slot: slot, byte: byte) }
            guard slot < days * 2 else { throw .markOutsideYear(slot: slot) }
        }
        self.academicYear = academicYear
        self.slots = slots
    }

    /// As `init(academicYear:bytes:)` for a database blob.
    public init(academicYear: Int, data: Data) throws(SessionCodesDecodingError) {
        try self.init(academicYear: academicYear, bytes: [UInt8](data))
    }

    /// The blob to store: `slots` as they are.
    public var bytes: [UInt8] { slots }

    public var data: Data { Data(slots) }

    // MARK: - Dates and slots

    /// 1 September of the academic year.
    public var firstDay: CalendarDate { CalendarDate(year: academicYear, month: 9, day: 1) }

    /// 31 August at the end of the academic year.
    public var lastDay: CalendarDate { CalendarDate(year: academicYear + 1, month: 8, day: 31) }

    /// 366 when the year contains 29 February, else 365.
    public var dayCount: Int { Self.dayCount(academicYear: academicYear) }

    static func dayCount(academicYear: Int) -> Int {
        CalendarDate.isLeapYear(academicYear + 1) ? 366 : 365
    }

    /// The slot of `date` and `session`, or nil if the date is in another academic year.
    public static func slot(academicYear: Int, date: CalendarDate, session: AttendanceSession) -> Int? {
        slot(academicYear: academicYear, dayNumber: date.dayNumber, session: session)
    }

    @inline(__always)
    static func slot(academicYear: Int, dayNumber: Int, session: AttendanceSession) -> Int? {
        let day = dayNumber - firstDayNumber(academicYear: academicYear)
        guard day >= 0, day < dayCount(academicYear: academicYear) else { return nil }
        return day * 2 + Int(session.rawValue)
    }

    @inline(__always)
    static func firstDayNumber(academicYear: Int) -> Int {
        CalendarDate(year: academicYear, month: 9, day: 1).dayNumber
    }

    /// The date and session of a slot.
    public func dateAndSession(ofSlot slot: Int) -> (date: CalendarDate, session: AttendanceSession) {
        precondition(slot >= 0 && slot < dayCount * 2, "slot \(slot) is outside the academic year")
        return (firstDay.adding(days: slot / 2), slot % 2 == 0 ? .am : .pm)
    }

    /// The mark for a session, or nil when there is none (or the date is in another year).
    public func code(on date: CalendarDate, session: AttendanceSession) -> AttendanceCode? {
        guard let slot = Self.slot(academicYear: academicYear, date: date, session: session) else { return nil }
        return AttendanceCode(id: slots[slot])
    }

    /// The number of sessions with a mark.
    public var markCount: Int { slots.reduce(0) { $0 + ($1 == 0 ? 0 : 1) } }

    public var isEmpty: Bool { !slots.contains { $0 != 0 } }

    // MARK: - Applying marks

    /// Records `code` for the session. Re-applying the same code is
    /// `.unchanged`, so importing a file twice changes nothing; a different
    /// code replaces the old one and is `.corrected`.
    /// `date` must fall in this academic year (group marks by `academicYearStart`).
    // Issue 4 item 1: "importing the same row again changes nothing"; a later different code "replaces the earlier one".
    @discardableResult
    public mutating func apply(date: CalendarDate, session: AttendanceSession, code: AttendanceCode) -> ApplyResult {
        guard let slot = Self.slot(academicYear: academicYear, date: date, session: session) else {
            preconditionFailure("\(date) is not in academic year \(academicYear)/\(academicYear + 1)")
        }
        return apply(slot: slot, id: code.id)
    }

    /// As `apply(date:session:code:)` for a parsed mark.
    @discardableResult
    public mutating func apply(_ mark: AttendanceMark) -> ApplyResult {
        guard let slot = Self.slot(academicYear: academicYear, dayNumber: Int(mark.dayNumber), session: mark.session) else {
            preconditionFailure("\(mark.date) is not in academic year \(academicYear)/\(academicYear + 1)")
        }
        return apply(slot: slot, id: mark.code.id)
    }

    @inline(__always)
    mutating func apply(slot: Int, id: UInt8) -> ApplyResult {
        let old = slots[slot]
        if old == id { return .unchanged }
        slots[slot] = id
        return old == 0 ? .added : .corrected
    }

    // MARK: - Merging a child's schools

    /// Folds another school's marks for the same pupil and year into these,
    /// keeping one mark per session. Where both schools marked a session:
    /// I beats any other code; any possible session beats a not-possible mark
    /// (X, Q, Y1–Y7, Z, #, D); any mark beats none; between two codes of the same
    /// rank the one earlier in the code list wins (presence before absence).
    /// I comes first because the measures exist to find children missing
    /// school through illness: rulebook HN-2 takes the more protective reading
    /// and a caseworker reviews every identification, so over-counting a
    /// clash costs a review while under-counting could miss a child. The
    /// rule is a total order, so the result does not depend on which school
    /// is merged first.
    // Issue 4 item 2: measures are "across all of the child's schools"; rulebook HN-2: use the more protective reading.
    public mutating func merge(_ other: SessionCodes) {
        precondition(other.academicYear == academicYear, "cannot merge academic years \(other.academicYear) and \(academicYear)")
        let priority = AttendanceCode.mergePriority
        priority.withUnsafeBufferPointer { priority in
            other.slots.withUnsafeBufferPointer { theirs in
                slots.withUnsafeMutableBufferPointer { mine in
                    for slot in 0..<Self.slotCount where priority[Int(theirs[slot])] > priority[Int(mine[slot])] {
                        mine[slot] = theirs[slot]
                    }
                }
            }
        }
    }

    /// All of a child's schools for one year in one; an empty year if there are none.
    public static func merged(academicYear: Int, _ schools: some Sequence<SessionCodes>) -> SessionCodes {
        var result = SessionCodes(academicYear: academicYear)
        for school in schools { result.merge(school) }
        return result
    }
}
