import XCTest
@testable import ContinuumDomain

/// Rulebook HN-2: a sickness notification adds its projected absence to the illness already recorded.
final class SicknessNotificationTriggerTests: XCTestCase {
    private typealias F = AttendanceFixtures
    private let calendar = SchoolCalendar.demo()

    func testRecordedPlusNotifiedAgainstTheTrigger() {
        let defaults = ServiceTargets()
        let issue = SicknessNotificationTrigger.assess(recordedIllnessDays: 10, notifiedSchoolDays: 5, targets: defaults)
        XCTAssertEqual(issue.totalDays, 15)
        XCTAssertTrue(issue.reached, "10 days recorded plus 5 notified reaches 15 now")
        XCTAssertFalse(SicknessNotificationTrigger.assess(recordedIllnessDays: 10, notifiedSchoolDays: 4, targets: defaults).reached)
        XCTAssertFalse(SicknessNotificationTrigger.assess(recordedIllnessDays: 9.5, notifiedSchoolDays: 5, targets: defaults).reached, "14.5 is short of 15")
        XCTAssertTrue(SicknessNotificationTrigger.assess(recordedIllnessDays: 0, notifiedSchoolDays: 15, targets: defaults).reached, "≥, the protective reading")
        XCTAssertFalse(SicknessNotificationTrigger.assess(recordedIllnessDays: 0, notifiedSchoolDays: 14, targets: defaults).reached)
        let unknown = SicknessNotificationTrigger.assess(recordedIllnessDays: 0, notifiedSchoolDays: nil, targets: defaults)
        XCTAssertNil(unknown.totalDays)
        XCTAssertTrue(unknown.reached, "no known return date is treated as reaching it")
        var council = ServiceTargets()
        council.absenceTriggerDays = 20
        XCTAssertFalse(SicknessNotificationTrigger.assess(recordedIllnessDays: 10, notifiedSchoolDays: 5, targets: council).reached, "the council's own trigger")
        XCTAssertTrue(SicknessNotificationTrigger.assess(recordedIllnessDays: 10, notifiedSchoolDays: 10, targets: council).reached)
    }

    func testNotifiedSchoolDaysRunToTheDayBeforeTheReturn() {
        let monday = F.date("2024-10-07")
        XCTAssertEqual(SicknessNotificationTrigger.notifiedSchoolDays(firstDayAbsent: monday, expectedReturn: F.date("2024-10-14"), calendar: calendar), 5)
        XCTAssertEqual(SicknessNotificationTrigger.notifiedSchoolDays(firstDayAbsent: F.date("2024-10-21"), expectedReturn: F.date("2024-11-05"), calendar: calendar), 6,
                       "half term is not school days")
        XCTAssertNil(SicknessNotificationTrigger.notifiedSchoolDays(firstDayAbsent: monday, expectedReturn: nil, calendar: calendar))
    }

    func testRecordedIllnessIsTheYearsIBeforeTheNotifiedAbsence() {
        let days = F.weekdays(from: "2024-09-16", count: 12)
        // Ten whole days and a morning of I, a day of M, then the notified absence from days[11], already marked I.
        var rows = F.ill(Array(days[0...9]))
        rows.append((days[10].description, "I", "M"))
        rows.append(("2024-09-13", "M", "M"))
        rows += F.ill([days[11]])
        let codes = F.codes(2024, rows)
        XCTAssertEqual(SicknessNotificationTrigger.recordedIllnessDays(codes, before: days[11]), 10.5, "marks from the first day absent are the notified absence's own")
        XCTAssertEqual(SicknessNotificationTrigger.recordedIllnessDays(codes, before: days[0]), 0)
        XCTAssertEqual(SicknessNotificationTrigger.recordedIllnessDays(codes, before: F.date("2025-09-03")), 0, "another academic year counts nothing")
        XCTAssertEqual(SicknessNotificationTrigger.recordedIllnessDays(SessionCodes(academicYear: 2024), before: days[11]), 0)
    }
}
