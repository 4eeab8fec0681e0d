import XCTest
@testable import ContinuumDomain

final class AttendanceCodeTests: XCTestCase {
    func testBundledCSVHasExactlyTheStoredCodes() throws {
        let data = try BundledResource.data("attendance-codes-england-2024.csv")
        let details = try AttendanceCode.parseDetails(csv: data, fileName: "codes")
        XCTAssertEqual(details.count, AttendanceCode.codes.count)
        XCTAssertEqual(AttendanceCode.all.count, 34)
        XCTAssertEqual(AttendanceCode("I")?.meaning, "Illness (not medical/dental appointment)")
        XCTAssertEqual(AttendanceCode("K")?.statisticalTreatment, "attendance")
        XCTAssertEqual(AttendanceCode("G")?.group, "Absent - unauthorised")
    }

    /// Ids are written into stored blobs: these must never change.
    func testStoredIdsAreStable() {
        let expected: [(String, UInt8)] = [("/", 1), ("\\", 2), ("L", 3), ("K", 4), ("D", 9), ("C1", 10), ("X", 14),
                                           ("I", 19), ("Q", 21), ("Y1", 22), ("Y7", 28), ("G", 29), ("Z", 33), ("#", 34)]
        for (code, id) in expected {
            XCTAssertEqual(AttendanceCode(code)?.id, id, code)
            XCTAssertEqual(AttendanceCode(id: id)?.code, code)
        }
        XCTAssertNil(AttendanceCode(id: 0))
        XCTAssertNil(AttendanceCode(id: 35))
        XCTAssertEqual(AttendanceCode.illness.code, "I")
    }

    /// Issue 4's list, with Q added by issue 14 (the DfE 2024 "unable to attend" grouping with Y1–Y7).
    func testPossibleSessionsFollowIssue4() {
        let notPossible = ["X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Z", "#", "D"]
        for code in AttendanceCode.all {
            XCTAssertEqual(code.isPossibleSession, !notPossible.contains(code.code), code.code)
            XCTAssertEqual(code.isIllness, code.code == "I", code.code)
        }
    }

    /// The CSV's statistical_treatment agrees with the code's treatment except for Q, which
    /// it marks as a conflict; issue 14 settles Q by its group: not a possible session, like Y1–Y7.
    func testCSVTreatmentAgreesWithIssueExceptQ() {
        for code in AttendanceCode.all {
            let treatment = code.statisticalTreatment
            if code.code == "Q" {
                XCTAssertTrue(treatment.hasPrefix("CONFLICT"))
                XCTAssertFalse(code.isPossibleSession)
                continue
            }
            XCTAssertEqual(code.isPossibleSession, !treatment.hasPrefix("not counted"), code.code)
        }
    }

    func testLookupByStringAndBytes() {
        XCTAssertEqual(AttendanceCode("Y3")?.code, "Y3")
        XCTAssertNil(AttendanceCode("i"), "codes are case-sensitive")
        XCTAssertNil(AttendanceCode("J"), "J was replaced by J1 in 2024")
        XCTAssertNil(AttendanceCode("Y8"))
        XCTAssertNil(AttendanceCode(""))
        for code in AttendanceCode.all {
            XCTAssertEqual(AttendanceCode.id(ofBytes: Array(code.code.utf8)), code.id, code.code)
        }
        XCTAssertEqual(AttendanceCode.id(ofBytes: Array("Y0".utf8)), 0)
        XCTAssertEqual(AttendanceCode.id(ofBytes: Array("IX".utf8)), 0)
        XCTAssertEqual(AttendanceCode.id(ofBytes: Array("Y11".utf8)), 0)
        XCTAssertEqual(AttendanceCode.id(ofBytes: [UInt8]()), 0)
    }

    func testMismatchedCSVIsRefused() {
        let missing = Data("code,meaning_summary,group_per_dfe_2024,statistical_treatment\nI,Illness,x,y\n".utf8)
        XCTAssertThrowsError(try AttendanceCode.parseDetails(csv: missing, fileName: "t"))
        let unknown = Data("code,meaning_summary,group_per_dfe_2024,statistical_treatment\nJ,Interview,x,y\n".utf8)
        XCTAssertThrowsError(try AttendanceCode.parseDetails(csv: unknown, fileName: "t"))
    }
}
