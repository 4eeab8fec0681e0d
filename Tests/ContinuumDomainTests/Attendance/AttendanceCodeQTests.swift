import XCTest
@testable import ContinuumDomain

/// Issue 14: code Q has one treatment everywhere, from the DfE 2024 grouping ("Absent - unable to
/// attend", with Y1–Y7): not a possible session, so not an absence and never part of an illness run.
final class AttendanceCodeQTests: XCTestCase {
    private typealias F = AttendanceFixtures
    private let q = AttendanceCode("Q")!

    func testQIsGroupedWithTheYCodes() {
        XCTAssertTrue(q.group.hasPrefix("Absent - unable to attend"), q.group)
        for y in ["Y1", "Y4", "Y7"] {
            let code = AttendanceCode(y)!
            XCTAssertTrue(code.group.hasPrefix("Absent - unable to attend"), y)
            XCTAssertEqual(code.treatment, q.treatment, y)
            XCTAssertEqual(code.isPossibleSession, q.isPossibleSession, y)
        }
        XCTAssertEqual(q.treatment, .notPossibleSession)
        XCTAssertFalse(q.isPossibleSession)
    }

    func testEveryViewReadsTheSameTreatment() {
        XCTAssertEqual(AttendanceStrip.category(q), .notPossible, "the child's strip")
        XCTAssertFalse(AbsenceInPeriod.isAbsence(q), "the EHC-pending absence count")
        let days = F.weekdays(from: "2024-09-02", count: 3)
        let rows = F.ill([days[0]]) + [(days[1].description, "Q", "Q")] + F.ill([days[2]])
        XCTAssertEqual(AbsenceInPeriod.sessions(F.codes(2024, rows), from: days[0], to: days[2]), 4, "only the I sessions are absences")
        let measures = IllnessMeasures.compute(F.codes(2024, rows))
        XCTAssertEqual(measures.longestConsecutiveDays, 2, "Q neither extends nor breaks a run")
        XCTAssertEqual(measures.illnessDays, 2)
        // Merging two schools: I and any possible session beat Q; Q beats no mark.
        var a = F.codes(2024, [(days[0].description, "Q", "Q")])
        a.merge(F.codes(2024, [(days[0].description, "/", "")]))
        XCTAssertEqual(a.code(on: days[0], session: .am)?.code, "/")
        XCTAssertEqual(a.code(on: days[0], session: .pm)?.code, "Q")
    }

    /// Every code's treatment matches the CSV's statistical_treatment, except Q's "CONFLICT".
    func testTreatmentMatchesTheCodeList() {
        for code in AttendanceCode.all {
            let text = code.statisticalTreatment
            XCTAssertEqual(code.treatment == .notPossibleSession, !code.isPossibleSession, code.code)
            if code.code == "Q" { XCTAssertTrue(text.hasPrefix("CONFLICT")); continue }
            switch code.treatment {
            case .attendance: XCTAssertEqual(text, "attendance", code.code)
            case .authorisedAbsence: XCTAssertEqual(text, "authorised absence", code.code)
            case .unauthorisedAbsence: XCTAssertEqual(text, "unauthorised absence", code.code)
            case .notPossibleSession: XCTAssertTrue(text.hasPrefix("not counted"), code.code)
            }
        }
    }
}
