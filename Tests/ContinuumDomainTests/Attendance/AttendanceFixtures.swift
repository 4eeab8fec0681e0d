import Foundation
@testable import ContinuumDomain

/// Small builders shared by the attendance tests.
enum AttendanceFixtures {
    /// A valid UPN from Worcestershire (885), distinct for each serial/establishment.
    static func upn(_ serial: Int, establishment: Int = 2000) -> PackedUPN {
        PackedUPN(UPN.make(laCode: "885", establishment: String(establishment), year2: 24, serial: serial))
    }

    static func date(_ iso: String) -> CalendarDate {
        guard let date = CalendarDate(iso: iso) else { preconditionFailure("bad test date \(iso)") }
        return date
    }

    static func code(_ text: String) -> AttendanceCode {
        guard let code = AttendanceCode(text) else { preconditionFailure("bad test code \(text)") }
        return code
    }

    /// `count` Monday-to-Friday dates from `start` on.
    static func weekdays(from start: String, count: Int) -> [CalendarDate] {
        var days: [CalendarDate] = []
        var day = date(start)
        while days.count < count {
            if !day.isWeekend { days.append(day) }
            day = day.adding(days: 1)
        }
        return days
    }

    /// A school's codes for the year of `marks`, given as (date, AM code, PM code); "" is no mark.
    static func codes(_ academicYear: Int, _ days: [(String, String, String)]) -> SessionCodes {
        var codes = SessionCodes(academicYear: academicYear)
        for (iso, am, pm) in days {
            if !am.isEmpty { codes.apply(date: date(iso), session: .am, code: code(am)) }
            if !pm.isEmpty { codes.apply(date: date(iso), session: .pm, code: code(pm)) }
        }
        return codes
    }

    /// Both sessions coded I on each date.
    static func ill(_ dates: [CalendarDate]) -> [(String, String, String)] {
        dates.map { ($0.description, "I", "I") }
    }

    /// A file: the header, then the lines, LF-terminated.
    static func file(_ lines: [String]) -> Data {
        Data((([AttendanceFile.header] + lines).joined(separator: "\n") + "\n").utf8)
    }
}
