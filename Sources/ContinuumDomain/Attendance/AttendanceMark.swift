import Foundation

/// One row of an attendance file: the code a school (by URN) recorded for a
/// pupil (by UPN) at one session. Thirty-two bytes, so a day's feed of
/// 200,000 marks is about 6 MB.
public struct AttendanceMark: Hashable, Sendable, CustomStringConvertible {
    public let upn: PackedUPN
    let urnValue: Int32
    /// Days since 1970-01-01, as `CalendarDate.dayNumber`.
    public let dayNumber: Int32
    /// Worked out once here: the import asks for it for every mark, and from a day number it is a
    /// civil-calendar conversion each time.
    let academicYearValue: Int16
    public let session: AttendanceSession
    public let code: AttendanceCode

    /// `urn` must be 1...2,147,483,647 (GIAS URNs are six digits).
    public init(upn: PackedUPN, urn: Int, date: CalendarDate, session: AttendanceSession, code: AttendanceCode) {
        precondition(urn > 0 && urn <= Int(Int32.max), "URN must be a positive integer that fits in 32 bits")
        self.init(upn: upn, urn: Int32(urn), dayNumber: Int32(date.dayNumber), session: session, code: code)
    }

    /// The packed form, for generators that already hold 32-bit URNs and day numbers (`SyntheticAttendance`).
    public init(upn: PackedUPN, urn: Int32, dayNumber: Int32, session: AttendanceSession, code: AttendanceCode) {
        self.upn = upn
        self.urnValue = urn
        self.dayNumber = dayNumber
        self.academicYearValue = Int16(AcademicYearTable.start(ofDayNumber: dayNumber))
        self.session = session
        self.code = code
    }

    /// The school's Unique Reference Number.
    public var urn: Int { Int(urnValue) }

    public var date: CalendarDate { CalendarDate(dayNumber: Int(dayNumber)) }

    /// The year whose 1 September starts the academic year of `date`.
    public var academicYear: Int { Int(academicYearValue) }

    /// The row as written in an attendance file, without a line ending.
    public var description: String { "\(upn),\(urn),\(date),\(session),\(code)" }
}

/// The academic year of a day number by table lookup: a binary search over the 1 Septembers of
/// the years an import accepts, instead of converting the day to a civil date.
// Issue 4 item 2: academic years run 1 September – 31 August and are named by the year they start.
public enum AcademicYearTable {
    static let years = 1899...2200
    static let septemberFirsts: [Int32] = years.map { Int32(CalendarDate(year: $0, month: 9, day: 1).dayNumber) }

    /// `CalendarDate(year: year, month: 9, day: 1).dayNumber`, from the table when the year is in it.
    public static func septemberFirst(of year: Int) -> Int32 {
        years.contains(year) ? septemberFirsts[year - years.lowerBound] : Int32(CalendarDate(year: year, month: 9, day: 1).dayNumber)
    }

    public static func start(ofDayNumber day: Int32) -> Int {
        let table = septemberFirsts
        guard day >= table[0], day < table[table.count - 1] else { return CalendarDate(dayNumber: Int(day)).academicYearStart }
        var low = 0, high = table.count - 1   // table[low] <= day < table[high]
        while high - low > 1 {
            let middle = (low + high) / 2
            if table[middle] <= day { low = middle } else { high = middle }
        }
        return years.lowerBound + low
    }
}
