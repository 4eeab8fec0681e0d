import XCTest
import ContinuumDomain

final class SubjectAccessStatusTests: XCTestCase {
    private func d(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    // Received 31 January 2025: due 28 February (a Friday), extended 28 April (a Monday, not a bank holiday).
    func testOpenUntilTheDeadlineThenOverdueAndExtensionMovesIt() {
        let received = d("2025-01-31")
        XCTAssertEqual(SubjectAccessStatus.of(received: received, extended: false, completedOn: nil, today: d("2025-02-28")), .open, "the due day itself is in time")
        XCTAssertEqual(SubjectAccessStatus.of(received: received, extended: false, completedOn: nil, today: d("2025-03-01")), .overdue)
        XCTAssertEqual(SubjectAccessStatus.of(received: received, extended: true, completedOn: nil, today: d("2025-03-01")), .open)
        XCTAssertEqual(SubjectAccessStatus.due(received: received, extended: true), d("2025-04-28"))
        XCTAssertEqual(SubjectAccessStatus.of(received: received, extended: true, completedOn: nil, today: d("2025-04-29")), .overdue)
        XCTAssertEqual(SubjectAccessStatus.of(received: received, extended: false, completedOn: d("2025-06-01"), today: d("2025-07-01")), .completed)
    }
}
