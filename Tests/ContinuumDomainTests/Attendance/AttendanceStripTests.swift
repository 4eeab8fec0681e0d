import XCTest
@testable import ContinuumDomain

final class AttendanceStripTests: XCTestCase {
    func testDaysTakeTheWorseSessionAndSkipUnmarkedDates() throws {
        var codes = SessionCodes(academicYear: 2024)
        let monday = CalendarDate(year: 2024, month: 9, day: 9)
        func mark(_ date: CalendarDate, _ session: AttendanceSession, _ code: String) { _ = codes.apply(date: date, session: session, code: AttendanceCode(code)!) }
        mark(monday, .am, "/"); mark(monday, .pm, "I")
        mark(monday.adding(days: 1), .am, "/"); mark(monday.adding(days: 1), .pm, "\\")
        mark(monday.adding(days: 2), .am, "G"); mark(monday.adding(days: 2), .pm, "K")
        mark(monday.adding(days: 3), .am, "#")
        let strip = AttendanceStrip(codes)
        XCTAssertEqual(strip.days.map(\.date), [monday, monday.adding(days: 1), monday.adding(days: 2), monday.adding(days: 3)])
        XCTAssertEqual(strip.days.map(\.category), [.illness, .present, .unauthorisedAbsence, .notPossible])
        XCTAssertEqual(AttendanceStrip.category(AttendanceCode("K")), .approvedActivity)
        XCTAssertEqual(AttendanceStrip.category(AttendanceCode("M")), .authorisedAbsence)
        XCTAssertEqual(strip.counts.map(\.1), [1, 1, 1, 1])
        XCTAssertEqual(AbsenceInPeriod.sessions(codes, from: monday, to: monday.adding(days: 3)), 2, "I and G are absences; K and # are not")
    }
}
