import XCTest
@testable import ContinuumDomain

final class AttendanceSessionCodesTests: XCTestCase {
    private typealias F = AttendanceFixtures

    func testReapplyingTheSameMarkChangesNothing() {
        var codes = SessionCodes(academicYear: 2024)
        XCTAssertEqual(codes.apply(date: F.date("2024-09-02"), session: .am, code: F.code("/")), .added)
        let before = codes
        XCTAssertEqual(codes.apply(date: F.date("2024-09-02"), session: .am, code: F.code("/")), .unchanged)
        XCTAssertEqual(codes, before)
        XCTAssertEqual(codes.markCount, 1)
    }

    func testADifferentCodeIsACorrection() {
        var codes = SessionCodes(academicYear: 2024)
        codes.apply(date: F.date("2024-09-02"), session: .pm, code: F.code("N"))
        XCTAssertEqual(codes.apply(date: F.date("2024-09-02"), session: .pm, code: F.code("I")), .corrected)
        XCTAssertEqual(codes.code(on: F.date("2024-09-02"), session: .pm), F.code("I"))
        XCTAssertNil(codes.code(on: F.date("2024-09-02"), session: .am))
        XCTAssertEqual(codes.markCount, 1)
    }

    func testLedgerImportTwiceIsUnchangedAndLaterRowCorrects() throws {
        let upn = F.upn(5)
        let data = F.file([
            "\(upn),100001,2024-09-02,AM,/",
            "\(upn),100001,2024-09-02,PM,N",
            "\(upn),100001,2024-09-03,AM,I",
        ])
        var ledger = AttendanceLedger()
        let first = ledger.apply(try AttendanceFile.parse(data))
        XCTAssertEqual(first, AttendanceApplySummary(rows: 3, added: 3, corrected: 0, unchanged: 0))
        let snapshot = ledger.entries
        let second = ledger.apply(try AttendanceFile.parse(data))
        XCTAssertEqual(second, AttendanceApplySummary(rows: 3, added: 0, corrected: 0, unchanged: 3))
        XCTAssertEqual(ledger.entries, snapshot)
        let correction = ledger.apply(try AttendanceFile.parse(F.file(["\(upn),100001,2024-09-02,PM,I"])))
        XCTAssertEqual(correction, AttendanceApplySummary(rows: 1, added: 0, corrected: 1, unchanged: 0))
        XCTAssertEqual(ledger.sessionCodes(upn: upn, urn: 100_001, academicYear: 2024)?
            .code(on: F.date("2024-09-02"), session: .pm), F.code("I"))
        XCTAssertEqual((first + second).rows, 6)
        XCTAssertEqual(first.description, "3 rows read, 3 added, 0 corrected, 0 unchanged")
    }

    func testAcademicYearBoundary() {
        XCTAssertEqual(SessionCodes.slot(academicYear: 2024, date: F.date("2024-09-01"), session: .am), 0)
        XCTAssertEqual(SessionCodes.slot(academicYear: 2024, date: F.date("2024-09-01"), session: .pm), 1)
        // 2024/25 has no 29 February: 365 days, the last is 31 August.
        XCTAssertEqual(SessionCodes.slot(academicYear: 2024, date: F.date("2025-08-31"), session: .pm), 729)
        XCTAssertNil(SessionCodes.slot(academicYear: 2024, date: F.date("2025-09-01"), session: .am))
        XCTAssertNil(SessionCodes.slot(academicYear: 2024, date: F.date("2024-08-31"), session: .pm))
        XCTAssertEqual(SessionCodes.slot(academicYear: 2025, date: F.date("2025-09-01"), session: .am), 0)
        XCTAssertEqual(F.date("2025-08-31").academicYearStart, 2024)
        XCTAssertEqual(F.date("2025-09-01").academicYearStart, 2025)
        let codes = SessionCodes(academicYear: 2024)
        XCTAssertEqual(codes.dayCount, 365)
        XCTAssertEqual(codes.dateAndSession(ofSlot: 729).date, F.date("2025-08-31"))
        XCTAssertEqual(codes.dateAndSession(ofSlot: 729).session, .pm)
    }

    func testLeapAcademicYearHas29February() {
        var codes = SessionCodes(academicYear: 2023)
        XCTAssertEqual(codes.dayCount, 366)
        let leapDay = F.date("2024-02-29")
        let slot = SessionCodes.slot(academicYear: 2023, date: leapDay, session: .am)
        XCTAssertEqual(slot, 2 * 181)
        XCTAssertEqual(SessionCodes.slot(academicYear: 2023, date: F.date("2024-08-31"), session: .pm), 731)
        XCTAssertEqual(codes.apply(date: leapDay, session: .am, code: F.code("I")), .added)
        XCTAssertEqual(codes.code(on: leapDay, session: .am), F.code("I"))
        XCTAssertEqual(codes.dateAndSession(ofSlot: 362).date, leapDay)
    }

    func testBlobRoundTripAndRefusals() throws {
        var codes = SessionCodes(academicYear: 2023)
        codes.apply(date: F.date("2023-09-04"), session: .am, code: F.code("/"))
        codes.apply(date: F.date("2024-08-31"), session: .pm, code: F.code("#"))
        XCTAssertEqual(codes.bytes.count, 732)
        XCTAssertEqual(try SessionCodes(academicYear: 2023, data: codes.data), codes)
        XCTAssertEqual(try SessionCodes(academicYear: 2023, bytes: codes.bytes), codes)

        XCTAssertThrowsError(try SessionCodes(academicYear: 2023, bytes: [UInt8](repeating: 0, count: 731))) {
            XCTAssertEqual($0 as? SessionCodesDecodingError, .wrongLength(expected: 732, found: 731))
        }
        var unknown = [UInt8](repeating: 0, count: 732)
        unknown[10] = 200
        XCTAssertThrowsError(try SessionCodes(academicYear: 2023, bytes: unknown)) {
            XCTAssertEqual($0 as? SessionCodesDecodingError, .unknownCode(slot: 10, byte: 200))
        }
        // Slot 731 is 31 August in a leap academic year but does not exist in 2024/25.
        XCTAssertThrowsError(try SessionCodes(academicYear: 2024, bytes: codes.bytes)) {
            XCTAssertEqual($0 as? SessionCodesDecodingError, .markOutsideYear(slot: 731))
        }
    }

    func testMergeRuleIsOrderIndependent() {
        let a = F.codes(2024, [("2024-09-02", "I", "N"), ("2024-09-03", "D", "/"), ("2024-09-04", "Z", "")])
        let b = F.codes(2024, [("2024-09-02", "/", "I"), ("2024-09-03", "L", "X"), ("2024-09-04", "", "G")])
        var ab = a
        ab.merge(b)
        var ba = b
        ba.merge(a)
        XCTAssertEqual(ab, ba)
        let merged = SessionCodes.merged(academicYear: 2024, [a, b])
        XCTAssertEqual(merged, ab)
        func code(_ iso: String, _ session: AttendanceSession) -> String? { merged.code(on: F.date(iso), session: session)?.code }
        XCTAssertEqual(code("2024-09-02", .am), "I", "I beats presence")
        XCTAssertEqual(code("2024-09-02", .pm), "I", "I beats unauthorised absence")
        XCTAssertEqual(code("2024-09-03", .am), "L", "a possible session beats D")
        XCTAssertEqual(code("2024-09-03", .pm), "/", "a possible session beats X")
        XCTAssertEqual(code("2024-09-04", .am), "Z", "a not-possible mark beats no mark")
        XCTAssertEqual(code("2024-09-04", .pm), "G")
        XCTAssertEqual(SessionCodes.merged(academicYear: 2024, []), SessionCodes(academicYear: 2024))
    }
}
