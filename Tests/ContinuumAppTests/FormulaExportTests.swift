import Fluent
import Foundation
import Vapor
import XCTVapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 13, "CSV and XLSX exports with formula payloads: 0 cells that evaluate" (OWASP ASVS 1.2.10).
///
/// Every spreadsheet export the app serves, found by grepping Sources for text/csv, .xlsx and
/// ZIPFoundation: /medical-education/evidence/hours.csv (child names), /reports/census.csv (base names),
/// /reports/illness-absence.csv (UPNs and numbers only). There is no XLSX export; the subject access zip
/// holds JSON and the SEN2 return is XML, neither opened as a spreadsheet. Each payload goes into the
/// fields that reach an export (base names through the admin form as well as stored directly), the file
/// is downloaded through the app and parsed as RFC 4180, and no cell may start, after leading spaces
/// and control characters, with = + - @, or start with a tab or carriage return.
final class FormulaExportTests: XCTestCase {
    var app: Application!
    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    /// Formula starts a spreadsheet acts on, plus ways to smuggle one past a naive check: leading
    /// spaces, tab, CR, LF, a control character, a quote or comma that could end the cell early.
    static let payloads: [String] = [
        "=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)", "\t=1+1", "\r=1+1", "   =1+1", " \t =1+1",
        "\u{07}=1+1", "\u{00A0}=1+1", "=HYPERLINK(\"http://evil.example\",\"click\")", "\"=1+1", "a,=1+1", "a\"\n=1+1",
        "\n=1+1", "x\r\n+1+1", "=cmd|'/c calc'!'A1'", "-", "+", "@",
    ]

    /// Every cell of an RFC 4180 CSV (quotes undone, CRLF or LF rows), as rows of cells.
    static func rows(_ csv: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], cell = "", quoted = false, started = false
        var scalars = Array(csv.unicodeScalars)[...]
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" {
                    if scalars.first == "\"" { cell.unicodeScalars.append("\""); scalars.removeFirst() } else { quoted = false }
                } else { cell.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"" where cell.isEmpty: quoted = true; started = true
            case ",": row.append(cell); cell = ""; started = true
            case "\r" where scalars.first == "\n": break
            case "\n": row.append(cell); rows.append(row); row = []; cell = ""; started = false
            default: cell.unicodeScalars.append(c); started = true
            }
        }
        if started || !cell.isEmpty { row.append(cell); rows.append(row) }
        return rows
    }

    /// True when a spreadsheet would treat the cell as a formula (what CSVCell must prevent).
    static func evaluates(_ cell: String) -> Bool {
        guard let first = cell.unicodeScalars.first else { return false }
        if first == "\t" || first == "\r" { return true }
        // A no-break space is not trimmed by Excel or LibreOffice, so "\u{00A0}=1+1" stays text; it is kept as a payload all the same.
        guard let meaningful = cell.unicodeScalars.first(where: { !($0 == " " || $0.value < 0x20) }) else { return false }
        return ["=", "+", "-", "@"].contains(meaningful)
    }

    /// True when the cell holds "Formula<n>" not followed by another digit (Formula1 is not Formula12).
    static func names(_ cell: String, _ n: Int) -> Bool {
        var rest = cell[...]
        while let range = rest.range(of: "Formula\(n)") {
            if rest[range.upperBound...].first?.isNumber != true { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }

    func download(_ client: TestClient, _ path: String) async throws -> (status: HTTPStatus, headers: HTTPHeaders, text: String) {
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: client.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        var result: (HTTPStatus, HTTPHeaders, String)?
        try await client.app.testable(method: .inMemory).test(.GET, path, headers: headers) { res async in
            result = (res.status, res.headers, String(decoding: res.body.readableBytesView, as: UTF8.self))
        }
        return result!
    }

    func assertSafe(_ csv: String, columns: Int, _ what: String, file: StaticString = #filePath, line: UInt = #line) -> [[String]] {
        let rows = Self.rows(csv)
        XCTAssertFalse(rows.isEmpty, "\(what) is empty", file: file, line: line)
        XCTAssertEqual(rows.filter { $0.count != columns }.map { $0.joined(separator: " | ") }, [], "\(what): every row has \(columns) cells (nothing broke out of its cell)", file: file, line: line)
        let bad = rows.flatMap { $0 }.filter(Self.evaluates)
        XCTAssertEqual(bad, [], "\(what): cells a spreadsheet would evaluate", file: file, line: line)
        return rows
    }

    func testTheCheckerItselfFlagsEveryPayloadUnescaped() {
        // The test can fail: written raw (quoted only), every payload is a cell that evaluates.
        for payload in Self.payloads where !["a,=1+1", "a\"\n=1+1", "\"=1+1", "x\r\n+1+1", "\n=1+1", "\u{00A0}=1+1"].contains(payload) {
            let raw = "\"" + payload.replacingOccurrences(of: "\"", with: "\"\"") + "\"\n"
            XCTAssertTrue(Self.rows(raw).flatMap { $0 }.contains(where: Self.evaluates), "unescaped \(payload.debugDescription) is flagged")
        }
        // …and the ones that smuggle a formula into a second cell or row do so when not quoted.
        XCTAssertTrue(Self.rows("a,=1+1\n").flatMap { $0 }.contains(where: Self.evaluates))
        XCTAssertTrue(Self.rows("a\n=1+1\n").flatMap { $0 }.contains(where: Self.evaluates))
        for payload in Self.payloads {
            XCTAssertFalse(Self.rows(CSVCell.escape(payload) + "\n").flatMap { $0 }.contains(where: Self.evaluates), "CSVCell.escape(\(payload.debugDescription))")
            XCTAssertEqual(Self.rows(CSVCell.escape(payload) + "\n").first?.count, 1, "\(payload.debugDescription) stays one cell")
        }
    }

    func testCensusCSVWithFormulaBaseNamesHasNoCellThatEvaluates() async throws {
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let client = TestClient(app)
        try await client.signIn(as: .administrator)
        // Through the admin form, as an administrator would type them; what the form refuses is stored directly,
        // so the export is tested with every payload whatever the form's own validation allows.
        var throughForm = 0
        for (n, payload) in Self.payloads.enumerated() {
            try await client.get("/admin/bases")
            let result = try await client.post("/admin/bases", ["name": payload + " base\(n)", "address": "\(n) Road",
                                                                     "postcode": "WR1 1AA", "capacity": "5", "opensOn": "2020-01-06"])
            // The form may trim or refuse a name; either way the export must hold a row for the base.
            if result.status == .seeOther || result.status == .ok {
                throughForm += 1
            } else {
                try await TeachingBase(authorityID: authorityID, name: payload + " base\(n)", address: "\(n) Road", postcode: "WR1 1AA", capacity: 5).create(on: app.db)
            }
        }
        XCTAssertGreaterThan(throughForm, 0, "at least some payloads go in through the admin form")
        let census = try await download(client, "/reports/census.csv?at=\(CalendarDate.today())")
        XCTAssertEqual(census.status, .ok)
        XCTAssertEqual(census.headers.first(name: .contentType), "text/csv; charset=utf-8")
        let rows = assertSafe(census.text, columns: 2, "census.csv")
        for n in Self.payloads.indices {
            XCTAssertGreaterThanOrEqual(rows.filter { $0.first?.hasSuffix(" base\(n)") ?? false }.count, 1, "base \(n) (\(Self.payloads[n].debugDescription)) is in the census")
        }
    }

    func testHoursEvidenceCSVWithFormulaChildNamesHasNoCellThatEvaluates() async throws {
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let calendar = try await app.calendars.calendar(for: authorityID, on: app.db)
        let term = HoursEvidenceController.terms(calendar, today: CalendarDate.today()).first!
        for (n, payload) in Self.payloads.enumerated() {
            // The payload in the forename, the surname and the UPN-less name: every text cell of the row.
            let child = Child(authorityID: authorityID, legalForename: payload, legalSurname: "\(payload)Formula\(n)",
                              dateOfBirth: CalendarDate(year: term.start.academicYearStart - 13, month: 3, day: 1), upn: nil, sex: "F", homePostcode: "WR1 1AA",
                              homeSchoolID: nil, senProvision: .none, primaryNeed: nil, secondaryNeed: nil)
            try await child.create(on: app.db)
            let referral = DemoReferrals.referral(authorityID: authorityID, child: child, status: .accepted, reason: .anxietyMentalHealth,
                                                  received: term.start.adding(days: -20), decided: term.start.adding(days: -10))
            try await referral.create(on: app.db)
            let episode = ProvisionEpisode()
            episode.$referral.id = referral.id!; episode.type = ProvisionType.home.rawValue; episode.hoursPerWeek = 25; episode.startsOn = term.start
            try await episode.create(on: app.db)
        }
        let client = TestClient(app)
        try await client.signIn(as: .administrator)
        let csv = try await download(client, "/medical-education/evidence/hours.csv?term=\(term.start)")
        XCTAssertEqual(csv.status, .ok)
        XCTAssertTrue(csv.headers.first(name: .contentDisposition)?.hasPrefix("attachment") ?? false)
        let rows = assertSafe(csv.text, columns: 11, "hours.csv")
        for n in Self.payloads.indices {
            XCTAssertEqual(rows.filter { Self.names($0.first ?? "", n) }.count, 1, "child \(n) (\(Self.payloads[n].debugDescription)) is one row")
        }
    }

    func testIllnessAbsenceCSVHasNoCellThatEvaluates() async throws {
        // Only UPNs (validated on import) and numbers reach it; checked all the same, with the demo's measures.
        let client = TestClient(app)
        try await client.signIn(as: .administrator)
        let year = CalendarDate.today().academicYearStart
        let csv = try await download(client, "/reports/illness-absence.csv?year=\(year)")
        XCTAssertEqual(csv.status, .ok)
        _ = assertSafe(csv.text, columns: 5, "illness-absence.csv")
    }
}
