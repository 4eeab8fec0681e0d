import Foundation
import XCTest
import ContinuumDemo
@testable import ContinuumDomain

/// SECURITY.md and rulebook SURV-4: cells below 10 shown as "<10", with secondary suppression so
/// totals don't reveal them; threshold configurable.
final class SmallNumberSuppressionTests: XCTestCase {
    let policy = SmallNumberSuppression()

    /// One breakdown with its total, suppressed; the texts of the parts then the total.
    func breakdown(_ parts: [Int], policy: SmallNumberSuppression = SmallNumberSuppression()) -> [String] {
        var table = DisclosureTable()
        table.add("total", parts.reduce(0, +))
        table.addBreakdown("p", total: "total", parts: parts.enumerated().map { ("\($0.offset)", $0.element) })
        let figures = policy.apply(table)
        return parts.indices.map { figures.text("p.\($0)") } + [figures.text("total")]
    }

    func testSecurityExampleTwoSmallCellsHideEachOther() {
        // 5 and 9 are both hidden; the total reveals only their sum (14), which fits 5+9, 6+8, 7+7, ...
        XCTAssertEqual(breakdown([120, 5, 9, 40]), ["120", "<10", "<10", "40", "174"])
    }

    func testALoneSmallCellForcesTheNextSmallestToBeHidden() {
        // Otherwise 165 - 120 - 40 = 5.
        XCTAssertEqual(breakdown([120, 5, 40]), ["120", "<10", "[c]", "165"])
    }

    func testSmallCellsWhoseSumPinsThemAreProtected() {
        // Two "<10" cells summing to 2 must both be 1; two summing to 18 must both be 9.
        XCTAssertEqual(breakdown([1, 1, 50, 60]), ["<10", "<10", "[c]", "60", "112"])
        XCTAssertEqual(breakdown([9, 9, 50, 60]), ["<10", "<10", "[c]", "60", "128"])
        // 3 + 4 = 7 could be 1+6, 2+5, ...: no complement needed.
        XCTAssertEqual(breakdown([3, 4, 50]), ["<10", "<10", "50", "57"])
    }

    func testZeroIsShownAndNeverUsedAsAComplement() {
        // The total (3) is itself small; the zeros stay zeros.
        XCTAssertEqual(breakdown([0, 3, 0]), ["0", "<10", "0", "<10"])
        XCTAssertEqual(breakdown([0, 0]), ["0", "0", "0"])
        XCTAssertEqual(breakdown([0, 4, 12]), ["0", "<10", "[c]", "16"])
    }

    func testThresholdIsConfigurable() {
        // Rulebook SURV-4 is LOCAL: a council may choose another threshold.
        XCTAssertEqual(breakdown([4, 6, 20], policy: SmallNumberSuppression(threshold: 5)), ["<5", "[c]", "20", "30"])
        XCTAssertEqual(breakdown([4, 6, 20], policy: SmallNumberSuppression(threshold: 3)), ["4", "6", "20", "30"])
    }

    func testNoPolicyShowsEveryFigureExactly() {
        var table = DisclosureTable()
        table.add("total", 7)
        table.addBreakdown("p", total: "total", parts: [("a", 3), ("b", 4)])
        let figures = SmallNumberSuppression.apply(nil, to: table)
        XCTAssertEqual([figures.text("p.a"), figures.text("p.b"), figures.text("total")], ["3", "4", "7"])
        XCTAssertEqual(figures["missing"], .unpublished, "an unknown key is hidden, never a number")
    }

    func testAnUnprintedButImpliedCountIsProtected() {
        // Plans issued 40, within 20 weeks 37, exceptions 0: the percentage implies 3 late plans.
        var table = DisclosureTable()
        table.add("issued", 40); table.add("within", 37); table.add("late", 3); table.add("exceptions", 0)
        table.addLine(total: "issued", parts: ["within", "late", "exceptions"])
        let figures = policy.apply(table)
        XCTAssertEqual(figures["late"], .small)
        XCTAssertTrue(figures["within"].isHidden, "37 would give the 3 away: 40 - 37 - 0")
    }

    func testCrossLineDeductionThroughASharedTotal() {
        // Census shape: total = receiving + awaiting; receiving = sum of provisions. awaiting 4 is hidden, which
        // would leave "receiving" pinned by subtraction unless something else is hidden too.
        let census = Census(at: CalendarDate(year: 2026, month: 1, day: 15), total: 54, onRoll: [.base: 30, .home: 20, .hospital: 0, .virtual: 0, .outreach: 0],
                            bases: ["Kidderminster": 30], awaitingDecision: 4, academicYearTotal: 80,
                            byReason: [.anxietyMentalHealth: 40, .hospitalTreatment: 14], byKeyStage: ["ks3": 20, "ks4": 34])
        let figures = policy.apply(census.disclosureTable)
        XCTAssertEqual(figures["awaiting"], .small)
        assertNoSubtractionReveals(census.disclosureTable, figures)
    }

    /// The subtraction attack on random two-way tables with row, column and grand totals, and on
    /// random one-way breakdowns: no line lets a hidden cell be worked out, and every small cell is hidden.
    func testRandomTablesResistTheSubtractionAttack() {
        var rng = SplitMix64(seed: 20261202)
        for trial in 0..<3_000 {
            let rows = Int(rng.next() % 5) + 1, columns = Int(rng.next() % 5) + 1
            let grid = (0..<rows).map { _ in (0..<columns).map { _ in Self.randomCount(&rng) } }
            var table = DisclosureTable()
            let totals = rng.next() % 4
            table.addGrid("g", rows: grid, rowTotals: totals != 1, columnTotals: totals != 2, grandTotal: totals != 3)
            let threshold = trial % 7 == 0 ? Int(rng.next() % 8) + 3 : 10
            let figures = SmallNumberSuppression(threshold: threshold).apply(table)
            for (key, cell) in zip(table.keys, figures.cells) {
                let value = table.values[table.keys.firstIndex(of: key)!]
                if value > 0 && value < threshold { XCTAssertEqual(cell, .small, "\(key)=\(value) in \(grid)") }
                if value == 0 { XCTAssertEqual(cell, .count(0), "zeros are shown: \(key) in \(grid)") }
                if case .count(let shown) = cell { XCTAssertEqual(shown, value) }
            }
            assertNoSubtractionReveals(table, figures, threshold: threshold, context: "\(grid) totals=\(totals)")
        }
    }

    /// An independent check, one line at a time: for each line with a visible total, the hidden cells
    /// must be two or more, and none may be pinned to one value by the line's remainder given what the
    /// labels say ("<10": 1 to threshold-1; "[c]": at least threshold).
    func assertNoSubtractionReveals(_ table: DisclosureTable, _ figures: SuppressedFigures, threshold: Int = 10, context: String = "",
                                    file: StaticString = #filePath, line: UInt = #line) {
        for l in table.lines {
            let members = l.parts + [l.total]
            let hidden = members.filter { figures.cells[$0].isHidden }
            guard !hidden.isEmpty else { continue }
            XCTAssertGreaterThan(hidden.count, 1, "a line with one hidden cell reveals it by subtraction: \(table.keys[hidden[0]]) \(context)", file: file, line: line)
            guard !figures.cells[l.total].isHidden else { continue }
            let remainder = table.values[l.total] - l.parts.filter { !figures.cells[$0].isHidden }.reduce(0) { $0 + table.values[$1] }
            for cell in hidden {
                // "total minus visible cells" must never equal a single hidden cell exactly.
                XCTAssertNotEqual(remainder, table.values[cell], "\(table.keys[cell]) = total minus visible cells \(context)", file: file, line: line)
                func range(_ i: Int) -> (Int, Int) {
                    switch figures.cells[i] {
                    case .small: (1, threshold - 1)
                    case .complementary: (threshold, Int.max / 4)
                    default: (0, Int.max / 4)
                    }
                }
                let others = hidden.filter { $0 != cell }
                let lo = max(range(cell).0, remainder - others.reduce(0) { $0 + range($1).1 })
                let hi = min(range(cell).1, remainder - others.reduce(0) { $0 + range($1).0 })
                if figures.cells[cell] == .small {
                    XCTAssertLessThan(lo, hi, "\(table.keys[cell]) pinned to \(lo) by its line \(context)", file: file, line: line)
                }
            }
        }
    }

    /// Counts heavy in small numbers and zeros, as a small council's tables are.
    static func randomCount(_ rng: inout SplitMix64) -> Int {
        switch rng.next() % 10 {
        case 0, 1: 0
        case 2, 3, 4: Int(rng.next() % 9) + 1
        case 5: 1
        default: Int(rng.next() % 60) + 10
        }
    }
}

/// The census CSV (issue 13 item 11): RFC 4180 quoting, checked by a real CSV parser.
final class CensusCSVTests: XCTestCase {
    func testFieldsNeedingQuotesAreQuotedWholeAndQuotesDoubled() {
        XCTAssertEqual(CSVCell.escape("plain"), "plain")
        XCTAssertEqual(CSVCell.escape("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVCell.escape("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSVCell.escape("line\r\nbreak"), "\"line\r\nbreak\"", "CRLF is one Swift Character but still needs quoting")
        XCTAssertEqual(CSVCell.escape("=1+1"), "'=1+1")
        XCTAssertEqual(CSVCell.escape("=HYPERLINK(\"x\",\"y\")"), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"")
        XCTAssertEqual(CSVCell.escape("\r\n=cmd"), "\"'\r\n=cmd\"")
    }

    func testCensusCSVParsesWithPythonsStrictCSVReader() throws {
        let names = ["Kidderminster", "Hill, North", "The \"Annexe\"", "Two\r\nLines", "One\nLine", "=HYPERLINK(\"http://x\")", "-2+3", " @SUM(A1)", "bases.\"mid\"field"]
        let census = Census(at: CalendarDate(year: 2026, month: 1, day: 15), total: 45, onRoll: [.base: 45, .home: 0, .hospital: 0, .virtual: 0, .outreach: 0],
                            bases: Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, $0.offset) }), awaitingDecision: 0, academicYearTotal: 60,
                            byReason: [.hospitalTreatment: 45], byKeyStage: ["ks2": 45])
        let csv = census.csv()
        let rows = try Self.pythonParse(csv)
        XCTAssertEqual(rows.first, ["measure", "value"])
        XCTAssertTrue(rows.allSatisfy { $0.count == 2 }, "every row has two fields: \(rows)")
        let bases = Dictionary(uniqueKeysWithValues: rows.filter { $0[0].hasPrefix("bases.") || $0[0].hasPrefix("'") }.map { ($0[0], $0[1]) })
        for (offset, name) in names.enumerated() {
            XCTAssertEqual(bases["bases." + name], String(offset), "base \(name.debugDescription) round-trips: \(bases.keys.sorted())")
        }
        // Suppressed figures go through the same writer: a member's CSV has no count below 10.
        let suppressed = census.csv(SmallNumberSuppression().apply(census.disclosureTable))
        let values = try Self.pythonParse(suppressed).dropFirst(2).map { $0[1] }
        XCTAssertFalse(values.contains { Int($0).map { $0 > 0 && $0 < 10 } ?? false }, "\(values)")
    }

    func testFormulaPayloadsStayTextAfterParsing() throws {
        let payloads = ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "  =1", "\u{01}=1", "=1,2", "=\"a\"\"b\""]
        let line = payloads.map(CSVCell.escape).joined(separator: ",") + "\r\n"
        let rows = try Self.pythonParse(line)
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].count, payloads.count)
        for (parsed, payload) in zip(rows[0], payloads) {
            XCTAssertEqual(parsed, "'" + payload, "a formula payload is prefixed and otherwise unchanged")
        }
    }

    /// Parses `csv` with Python's csv module in strict mode, which rejects a quote in mid-field.
    static func pythonParse(_ csv: String) throws -> [[String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import csv,io,json,sys; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read(), newline=''), strict=True))))"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input; process.standardOutput = output; process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(csv.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "csv", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)])
        }
        return try JSONDecoder().decode([[String]].self, from: data)
    }
}
