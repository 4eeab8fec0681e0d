import Foundation

/// One row of an attendance file: the code a school (by URN) recorded for a
/// pupil (by UPN) at one session. Thirty-two bytes, so a day's feed of
/// 200,000 marks is about 6 MB.
public struct AttendanceMark: Hashable, Sendable, CustomStringConvertible {
    public let upn: PackedUPN
    let urnValue: Int32
    let dayNumber: Int32
    public let session: AttendanceSession
    public let code: AttendanceCode

    /// `urn` must be 1...2,147,483,647 (GIAS URNs are six digits).
    public init(upn: PackedUPN, urn: Int, date: CalendarDate, session: AttendanceSession, code: AttendanceCode) {
        precondition(urn > 0 && urn <= Int(Int32.max), "URN must be a positive integer that fits in 32 bits")
        self.init(upn: upn, urn: Int32(urn), dayNumber: Int32(date.dayNumber), session: session, code: code)
    }

    init(upn: PackedUPN, urn: Int32, dayNumber: Int32, session: AttendanceSession, code: AttendanceCode) {
        self.upn = upn
        self.urnValue = urn
        self.dayNumber = dayNumber
        self.session = session
        self.code = code
    }

    /// The school's Unique Reference Number.
    public var urn: Int { Int(urnValue) }

    public var date: CalendarDate { CalendarDate(dayNumber: Int(dayNumber)) }

    /// The year whose 1 September starts the academic year of `date`.
    public var academicYear: Int { date.academicYearStart }

    /// The row as written in an attendance file, without a line ending.
    public var description: String { "\(upn),\(urn),\(date),\(session),\(code)" }
}
