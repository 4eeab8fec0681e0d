import XCTest
@testable import ContinuumApp

/// Issue 15: `continuum rules top-up` (TOPUP-5) and `continuum rules sv-rag` (SV-8), their JSON and their refusals.
final class MoneyRulesCommandTests: XCTestCase {
    func testTopUpProRata() {
        XCTAssertEqual(RulesCommand.run(["top-up", "--annual", "12000.00", "--placement-start", "2025-09-01", "--financial-year", "2025-26"]),
                       .ok(#"{"financial_year":"2025-26","days":212,"amount":"6969.86"}"#), "an open placement runs to 31 March")
        XCTAssertEqual(RulesCommand.run(["top-up", "--annual", "3600", "--placement-start", "2025-09-01", "--placement-end", "2026-02-28", "--financial-year", "2025-26"]),
                       .ok(#"{"financial_year":"2025-26","days":181,"amount":"1785.21"}"#), "WX-3")
        XCTAssertEqual(RulesCommand.run(["top-up", "--annual", "12000", "--placement-start", "2024-01-01", "--placement-end", "2025-03-31", "--financial-year", "2025-26"]),
                       .ok(#"{"financial_year":"2025-26","days":0,"amount":"0.00"}"#), "ended before the year")
        XCTAssertEqual(RulesCommand.run(["top-up", "--annual", "12000", "--placement-start", "2025-04-01", "--placement-end", "2025-04-30", "--financial-year", "2025-26", "--divisor", "190"]),
                       .ok(#"{"financial_year":"2025-26","days":30,"amount":"1894.74"}"#))
    }

    func testTopUpRefusesBadArgumentsWithStatus2() {
        let cases: [([String], String)] = [
            (["top-up", "--placement-start", "2025-09-01", "--financial-year", "2025-26"], "--annual is required"),
            (["top-up", "--annual", "12,000", "--placement-start", "2025-09-01", "--financial-year", "2025-26"], "is not an amount"),
            (["top-up", "--annual", "12000.001", "--placement-start", "2025-09-01", "--financial-year", "2025-26"], "is not an amount"),
            (["top-up", "--annual", "-5", "--placement-start", "2025-09-01", "--financial-year", "2025-26"], "must not be negative"),
            (["top-up", "--annual", "12000", "--placement-start", "2025-02-30", "--financial-year", "2025-26"], "is not a real date"),
            (["top-up", "--annual", "12000", "--financial-year", "2025-26"], "--placement-start is required"),
            (["top-up", "--annual", "12000", "--placement-start", "2025-09-01", "--financial-year", "2025-27"], "is not a financial year"),
            (["top-up", "--annual", "12000", "--placement-start", "2025-09-01", "--placement-end", "2025-08-01", "--financial-year", "2025-26"], "ends before it starts"),
            (["top-up", "--annual", "12000", "--placement-start", "2025-09-01", "--financial-year", "2025-26", "--divisor", "0"], "--divisor"),
            (["top-up", "--annual", "12000", "--placement-start", "2025-09-01", "--financial-year", "2025-26", "--rate", "1"], "unknown option --rate"),
        ]
        for (args, message) in cases {
            let result = RulesCommand.run(args)
            XCTAssertEqual(result.status, 2, "\(args)")
            XCTAssertEqual(result.stdout, "", "\(args)")
            XCTAssertTrue(result.stderr.contains(message), "\(args): \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("\n"), "one line: \(result.stderr)")
        }
    }

    func testSafetyValveRAG() {
        XCTAssertEqual(RulesCommand.run(["sv-rag", "--target-in-year", "1500000.00", "--forecast-in-year", "900000.00"]),
                       .ok(#"{"rag":"red","variance":"-600000.00"}"#), "WX-1's illustrative return")
        XCTAssertEqual(RulesCommand.run(["sv-rag", "--target-in-year", "1500000.00", "--forecast-in-year", "900000.00", "--tolerance-amount", "600000.00"]),
                       .ok(#"{"rag":"amber","variance":"-600000.00"}"#))
        XCTAssertEqual(RulesCommand.run(["sv-rag", "--target-in-year", "1500000.00", "--forecast-in-year", "900000.00", "--tolerance-pct", "40"]),
                       .ok(#"{"rag":"amber","variance":"-600000.00"}"#))
        XCTAssertEqual(RulesCommand.run(["sv-rag", "--target-in-year", "-2000000", "--forecast-in-year", "-1500000"]),
                       .ok(#"{"rag":"green","variance":"500000.00"}"#), "a smaller deficit than the target is ahead")
        for args in [["sv-rag", "--target-in-year", "1500000"], ["sv-rag", "--target-in-year", "x", "--forecast-in-year", "1"],
                     ["sv-rag", "--target-in-year", "1", "--forecast-in-year", "1", "--tolerance-pct", "150"],
                     ["sv-rag", "--target-in-year", "1", "--forecast-in-year", "1", "--tolerance-amount", "-1"]] {
            XCTAssertEqual(RulesCommand.run(args).status, 2, "\(args)")
        }
    }
}
