import XCTest
@testable import ContinuumDomain

final class TeacherLinkRuleTests: XCTestCase {
    private let today = CalendarDate(year: 2026, month: 12, day: 2)

    func testEveryReferralStatusAndTheGracePeriod() {
        for status in ReferralStatus.allCases {
            let slot = TeacherLinkRule.Slot(active: true, referralStatus: status, referralClosedOn: nil)
            XCTAssertEqual(TeacherLinkRule.isCurrent(slot, today: today), status == .accepted, "\(status)")
        }
        let closed = { (daysAgo: Int) in TeacherLinkRule.Slot(active: true, referralStatus: .closed, referralClosedOn: self.today.adding(days: -daysAgo)) }
        XCTAssertTrue(TeacherLinkRule.isCurrent(closed(0), today: today))
        XCTAssertTrue(TeacherLinkRule.isCurrent(closed(TeacherLinkRule.graceDays), today: today), "the last day of grace")
        XCTAssertFalse(TeacherLinkRule.isCurrent(closed(TeacherLinkRule.graceDays + 1), today: today))
        XCTAssertFalse(TeacherLinkRule.isCurrent(TeacherLinkRule.Slot(active: false, referralStatus: .accepted, referralClosedOn: nil), today: today), "an ended slot")
    }

    func testALinkStandsWhileAnySlotIsCurrentOrWhenItWasMadeByHand() {
        let current = TeacherLinkRule.Slot(active: true, referralStatus: .accepted, referralClosedOn: nil)
        let ended = TeacherLinkRule.Slot(active: true, referralStatus: .closed, referralClosedOn: today.adding(days: -60))
        XCTAssertTrue(TeacherLinkRule.linkStands(slots: [], today: today), "an assignment without a timetable")
        XCTAssertTrue(TeacherLinkRule.linkStands(slots: [ended, current], today: today))
        XCTAssertFalse(TeacherLinkRule.linkStands(slots: [ended], today: today), "the link ends with the last slot")
    }
}
