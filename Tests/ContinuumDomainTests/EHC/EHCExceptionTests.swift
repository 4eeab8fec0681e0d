import XCTest
@testable import ContinuumDomain

final class EHCExceptionTests: XCTestCase {
    private func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    func testCasesCodesAndDescriptions() {
        XCTAssertEqual(EHCException.allCases.map(\.rawValue), ["a", "b", "c", "d"])
        XCTAssertEqual(EHCException(rawValue: "c"), .c)
        XCTAssertNil(EHCException(rawValue: "e"))
        XCTAssertNil(EHCException(rawValue: "A"))
        XCTAssertEqual(EHCException.a.regulation, "10(4)(a)")
        XCTAssertEqual(EHCException.d.code, "10_4_d")
        XCTAssertEqual(Set(EHCException.allCases.map(\.description)).count, 4)
        XCTAssertTrue(EHCException.b.description.contains("early years"))
    }

    func testClosureWindow() {
        // Summer closure 19 July to 4 September 2024 (reopening): 47 days.
        let start = day("2024-07-19"), reopening = day("2024-09-04")
        XCTAssertTrue(EHCException.closureWindowApplies(adviceRequested: day("2024-07-12"), closureStart: start, reopening: reopening))
        XCTAssertFalse(EHCException.closureWindowApplies(adviceRequested: day("2024-07-11"), closureStart: start, reopening: reopening))
        XCTAssertTrue(EHCException.closureWindowApplies(adviceRequested: day("2024-08-28"), closureStart: start, reopening: reopening))
        XCTAssertFalse(EHCException.closureWindowApplies(adviceRequested: day("2024-08-29"), closureStart: start, reopening: reopening))
        // Exactly 4 weeks closed qualifies; 27 days does not.
        XCTAssertTrue(EHCException.closureWindowApplies(adviceRequested: day("2024-07-20"), closureStart: start,
                                                        reopening: start.adding(days: 28)))
        XCTAssertFalse(EHCException.closureWindowApplies(adviceRequested: day("2024-07-20"), closureStart: start,
                                                         reopening: start.adding(days: 27)))
    }

    func testAbsenceFromTheArea() {
        let request = day("2024-01-31")  // 20 weeks end 2024-06-19
        XCTAssertTrue(EHCException.absenceApplies(absentFrom: day("2024-03-01"), returned: day("2024-03-29"), request: request))
        XCTAssertFalse(EHCException.absenceApplies(absentFrom: day("2024-03-01"), returned: day("2024-03-28"), request: request))
        XCTAssertTrue(EHCException.absenceApplies(absentFrom: day("2024-06-19"), returned: day("2024-07-20"), request: request))
        XCTAssertFalse(EHCException.absenceApplies(absentFrom: day("2024-06-20"), returned: day("2024-07-20"), request: request))
        XCTAssertFalse(EHCException.absenceApplies(absentFrom: day("2023-12-01"), returned: day("2024-01-31"), request: request))
    }
}
