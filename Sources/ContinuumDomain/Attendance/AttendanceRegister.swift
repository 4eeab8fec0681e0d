import Foundation

/// One school's marks for one date: the AM and PM code of each pupil it marked, by UPN.
///
/// A day's feed arrives a school and a date at a time, so it is stored that way: about 400
/// registers a day in a county instead of rewriting 100,000 pupils' year blobs. Registers sit on
/// top of the year blobs (`SessionCodes`) until they are compacted into them: where a register
/// holds a code for a session it is the newer mark and wins over the blob's.
// Issue 4 item 5: a day's feed must cost in proportion to the feed, not to the year.
public struct AttendanceRegister: Hashable, Sendable {
    /// A pupil's two session codes on the register's date, as stored bytes (0 = no mark).
    public struct Day: Hashable, Sendable {
        public var am: UInt8
        public var pm: UInt8
        public init(am: UInt8 = 0, pm: UInt8 = 0) { self.am = am; self.pm = pm }

        public subscript(session: AttendanceSession) -> UInt8 {
            get { session == .am ? am : pm }
            set { if session == .am { am = newValue } else { pm = newValue } }
        }

        /// Both sessions of two schools' registers for the same pupil and date, as `SessionCodes.merge` ranks them.
        public func merged(with other: Day) -> Day {
            let priority = AttendanceCode.mergePriority
            return Day(am: priority[Int(other.am)] > priority[Int(am)] ? other.am : am,
                       pm: priority[Int(other.pm)] > priority[Int(pm)] ? other.pm : pm)
        }
    }

    public let urn: Int
    public let date: CalendarDate
    public private(set) var pupils: [PackedUPN: Day]

    static let formatVersion: UInt8 = 1
    /// 16 bytes of UPN and one byte per session.
    static let bytesPerPupil = 18

    public init(urn: Int, date: CalendarDate, pupils: [PackedUPN: Day] = [:]) {
        self.urn = urn
        self.date = date
        self.pupils = pupils
    }

    /// Records a mark. `underneath` is the code the pupil's year blob holds for the session (0 for
    /// none), which decides added, corrected or unchanged when this register has no code there yet.
    // Issue 4 item 1: re-importing a row changes nothing; a later different code replaces the earlier one.
    public mutating func apply(_ mark: AttendanceMark, underneath: UInt8 = 0) -> SessionCodes.ApplyResult {
        precondition(mark.urn == urn && Int(mark.dayNumber) == date.dayNumber, "mark \(mark) is not for this register")
        let session = mark.session, id = mark.code.id
        // One hash of the UPN: the day is changed where it is stored.
        let old: UInt8 = { (day: inout Day) -> UInt8 in
            let old = day[session] != 0 ? day[session] : underneath
            day[session] = id
            return old
        }(&pupils[mark.upn, default: Day()])
        if old == id { return .unchanged }
        return old == 0 ? .added : .corrected
    }

    /// The stored blob: a version byte, then each pupil in UPN order.
    public var bytes: [UInt8] {
        var writer = PackedBytesWriter(capacity: 1 + pupils.count * Self.bytesPerPupil)
        writer.u8(Self.formatVersion)
        for (upn, day) in pupils.sorted(by: { $0.key < $1.key }) {
            writer.upn(upn)
            writer.u8(day.am)
            writer.u8(day.pm)
        }
        return writer.bytes
    }

    /// Reads a stored blob, refusing one that is damaged rather than misreading it.
    public init(urn: Int, date: CalendarDate, bytes: [UInt8]) throws(PackedBytesError) {
        var reader = PackedBytesReader(bytes)
        let version = try reader.u8()
        guard version == Self.formatVersion else { throw .badVersion(version) }
        guard reader.remaining % Self.bytesPerPupil == 0 else { throw .truncated(at: bytes.count) }
        var pupils: [PackedUPN: Day] = [:]
        pupils.reserveCapacity(reader.remaining / Self.bytesPerPupil)
        let codeCount = AttendanceCode.codes.count
        while !reader.isAtEnd {
            let upn = try reader.upn()
            let day = Day(am: try reader.u8(), pm: try reader.u8())
            guard Int(day.am) < codeCount, Int(day.pm) < codeCount else { throw .badValue("an unknown code for \(upn)") }
            pupils[upn] = day
        }
        self.init(urn: urn, date: date, pupils: pupils)
    }
}

extension SessionCodes {
    /// Puts a register's codes for one pupil over this year's: each session the register marked
    /// takes its code. `date` must be in this academic year.
    public mutating func overlay(_ day: AttendanceRegister.Day, on date: CalendarDate) {
        guard let slot = Self.slot(academicYear: academicYear, date: date, session: .am) else {
            preconditionFailure("\(date) is not in academic year \(academicYear)/\(academicYear + 1)")
        }
        if day.am != 0 { _ = apply(slot: slot, id: day.am) }
        if day.pm != 0 { _ = apply(slot: slot + 1, id: day.pm) }
    }
}
