import Fluent
import Foundation
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain
import GOVUK

/// Issue 13 item 4: finance and elected members see aggregates with small numbers suppressed on every
/// page (census summary, tables and chart; EHC performance), never a caseworker's name, and the chart
/// shows exactly the table's figures.
final class SuppressionPagesTests: XCTestCase {
    var app: Application!
    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    static let aggregateRoles: [Role] = [.electedMember, .finance]

    func testCensusShowsNoSmallCountAndTheChartShowsExactlyTheTable() async throws {
        let census = try await ServiceSnapshot.load(authorityID: try await TestWorld.demoAuthorityID(app.db), on: app.db).census(at: .today())
        let small = census.disclosureTable.values.filter { $0 > 0 && $0 < 10 }
        XCTAssertFalse(small.isEmpty, "the demo census must have small cells for this test to mean anything")

        for role in Self.aggregateRoles {
            let client = TestClient(app)
            try await client.signIn(as: role)
            let page = try await client.get("/medical-education/census")
            XCTAssertEqual(page.status, .ok)
            let summary = Self.summaryValues(page.body)
            let cells = Self.numericCells(page.body)
            let bars = Self.censusBars(page.body)
            XCTAssertFalse(summary.isEmpty); XCTAssertFalse(cells.isEmpty); XCTAssertEqual(bars.count, ProvisionType.allCases.count)
            for value in summary.map(\.value) + cells + bars.map(\.value) {
                XCTAssertFalse(Self.isSmallCount(value), "\(role) sees a small count \(value)")
            }
            // The chart's labels and values are the table's, in the same order.
            let rollTable = Self.tableRows(page.body, caption: "On roll by main provision")
            XCTAssertEqual(bars.map(\.label), rollTable.map(\.label))
            XCTAssertEqual(bars.map(\.value), rollTable.map(\.value), "\(role): chart and table differ")
            // The subtraction attack on the summary: total = receiving + awaiting.
            let s = Dictionary(uniqueKeysWithValues: summary)
            let parts = [s["Children counted"], s["Receiving provision"], s["Referred, awaiting a decision"]].compactMap { $0 }
            XCTAssertEqual(parts.count, 3)
            XCTAssertNotEqual(parts.filter { Int($0) == nil }.count, 1, "\(role): one hidden figure among total, receiving and awaiting is recoverable: \(parts)")
            // The provision table sums to "Receiving provision": never exactly one hidden cell with the total shown.
            let hiddenRoll = rollTable.filter { Int($0.value) == nil }.count
            if let receiving = s["Receiving provision"], Int(receiving) != nil { XCTAssertNotEqual(hiddenRoll, 1, "\(role): \(rollTable)") }
            // Breakdowns that sum to the total.
            for caption in ["By reason for referral", "By key stage"] {
                let rows = Self.tableRows(page.body, caption: caption)
                if let total = s["Children counted"], Int(total) != nil {
                    XCTAssertNotEqual(rows.filter { Int($0.value) == nil }.count, 1, "\(role) \(caption): \(rows)")
                }
            }
        }

        // Council staff see the exact figures through the same page.
        let officer = TestClient(app)
        try await officer.signIn(as: .metCoordinator)
        let exact = try await officer.get("/medical-education/census")
        XCTAssertTrue(Self.numericCells(exact.body).contains(where: Self.isSmallCount), "officers see exact small figures")
        XCTAssertEqual(Self.censusBars(exact.body).map(\.value), ProvisionType.allCases.map { String(census.onRoll[$0] ?? 0) })
    }

    func testEHCPerformanceShowsNoSmallCountAndNoCaseworkerName() async throws {
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let names = try await CaseworkerProfile.query(on: app.db).filter(\.$authorityID == authorityID).all().map(\.name)
        XCTAssertFalse(names.isEmpty)

        let officer = TestClient(app)
        try await officer.signIn(as: .caseworker)
        let exact = try await officer.get("/ehc/performance")
        XCTAssertEqual(exact.status, .ok)
        XCTAssertTrue(names.contains { exact.body.contains(Escape.text($0)) }, "council staff still see caseloads by name")
        let exactCounts = Self.numericCells(exact.body) + Self.summaryValues(exact.body).map(\.value) + Self.trendIssued(exact.body)
        XCTAssertTrue(exactCounts.contains(where: Self.isSmallCount), "the demo figures must include small counts for this test to mean anything: \(exactCounts)")

        for role in Self.aggregateRoles {
            let client = TestClient(app)
            try await client.signIn(as: role)
            let page = try await client.get("/ehc/performance")
            XCTAssertEqual(page.status, .ok)
            for name in names { XCTAssertFalse(page.body.contains(Escape.text(name)), "\(role) sees caseworker \(name)") }
            XCTAssertFalse(page.body.contains(">Caseloads<"), "\(role) sees the named caseload table")
            let summary = Self.summaryValues(page.body).filter { $0.key != "Caseworkers" }
            for value in Self.numericCells(page.body) + summary.map(\.value) + Self.trendIssued(page.body) {
                XCTAssertFalse(Self.isSmallCount(value), "\(role) sees a small count \(value) on /ehc/performance")
            }
            for match in Self.matches(#"today: (\d+)\."#, in: page.body) { XCTAssertFalse(Self.isSmallCount(match)) }
            // The stage table's rows sum to their totals: never exactly one hidden cell in a row.
            for row in Self.rowsOf(page.body, caption: "Open requests and assessments by stage and weeks since the request") {
                XCTAssertNotEqual(row.filter { Int($0) == nil }.count, 1, "\(role): \(row)")
            }
        }
    }

    func testOversightHomeUsesTheCensusPagesOwnFigure() async throws {
        for role in Self.aggregateRoles {
            let client = TestClient(app)
            try await client.signIn(as: role)
            let home = try await client.get("/")
            let census = try await client.get("/medical-education/census")
            let total = Dictionary(uniqueKeysWithValues: Self.summaryValues(census.body))["Children counted"]
            XCTAssertNotNil(total)
            XCTAssertTrue(home.body.contains(">\(total!)<"), "\(role): home shows the census page's figure \(total!)")
            for value in Self.numericCells(home.body) { XCTAssertFalse(Self.isSmallCount(value), "\(role) home: \(value)") }
        }
    }

    // MARK: reading the pages

    static func isSmallCount(_ text: String) -> Bool { Int(text).map { $0 > 0 && $0 < 10 } ?? false }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } }
    }

    static func matchPairs(_ pattern: String, in text: String) -> [(String, String)] {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { m in
            guard let a = Range(m.range(at: 1), in: text), let b = Range(m.range(at: 2), in: text) else { return nil }
            return (String(text[a]), String(text[b]))
        }
    }

    /// Summary-list rows as (key, first word of the value).
    static func summaryValues(_ html: String) -> [(key: String, value: String)] {
        matchPairs(#"<dt class="govuk-summary-list__key">([^<]*)</dt><dd class="govuk-summary-list__value">([^<\s]*)"#, in: html).map { ($0.0, $0.1) }
    }

    static func numericCells(_ html: String) -> [String] {
        matches(#"<td class="govuk-table__cell govuk-table__cell--numeric">([^<]*)</td>"#, in: html)
    }

    /// The census chart's (label, value) pairs, from its SVG text elements.
    static func censusBars(_ html: String) -> [(label: String, value: String)] {
        guard let start = html.range(of: "aria-labelledby=\"chart-title\""), let end = html.range(of: "</svg>", range: start.upperBound..<html.endIndex) else { return [] }
        let texts = matches(#"<text [^>]*>([^<]*)</text>"#, in: String(html[start.upperBound..<end.lowerBound]))
        return stride(from: 0, to: texts.count - 1, by: 2).map { (texts[$0], texts[$0 + 1]) }
    }

    /// The plans-issued figure in each bar's title of the EHC trend chart.
    static func trendIssued(_ html: String) -> [String] { matches(#"% of ([^<]*)</title>"#, in: html) }

    /// A one-column table's rows as (row header, value).
    static func tableRows(_ html: String, caption: String) -> [(label: String, value: String)] {
        guard let body = tableBody(html, caption: caption) else { return [] }
        return matchPairs(#"<th class="govuk-table__header" scope="row">([^<]*)</th><td class="govuk-table__cell govuk-table__cell--numeric">([^<]*)</td>"#, in: body).map { ($0.0, $0.1) }
    }

    /// Each row's numeric cells.
    static func rowsOf(_ html: String, caption: String) -> [[String]] {
        guard let body = tableBody(html, caption: caption) else { return [] }
        return matches(#"<tr class="govuk-table__row">(.*?)</tr>"#, in: body).map(numericCells).filter { !$0.isEmpty }
    }

    static func tableBody(_ html: String, caption: String) -> String? {
        guard let start = html.range(of: ">\(caption)</caption>"), let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.upperBound..<end.lowerBound])
    }
}
