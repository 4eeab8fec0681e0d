import Fluent
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SQLKit
import Vapor
import XCTVapor
import XCTest
import ZIPFoundation
@testable import ContinuumApp
import ContinuumDomain

/// The officers' reports, returns, imports and subject access pages (issue 12 item 7).
final class ReportsPagesTests: XCTestCase {
    static let officerPages = ["/reports", "/reports/sen2", "/reports/illness-absence", "/reports/census", "/reports/imports/ehc"]
    static let administratorPages = ["/reports/imports/establishments", "/admin/subject-access"]

    /// A GET whose body is kept as bytes (the client's string body would mangle a zip).
    func download(_ client: TestClient, _ path: String) async throws -> (status: HTTPStatus, headers: HTTPHeaders, bytes: [UInt8]) {
        try await client.getBytes(path)
    }

    /// Every cell of a CSV, with quoted cells unquoted.
    static func cells(_ csv: String) -> [String] {
        var cells: [String] = [], cell = "", quoted = false
        var chars = Array(csv)[...]
        while let ch = chars.popFirst() {
            if quoted {
                if ch == "\"" { if chars.first == "\"" { cell.append("\""); chars.removeFirst() } else { quoted = false } } else { cell.append(ch) }
            } else if ch == "\"" { quoted = true }
            else if ch == "," || ch == "\n" { cells.append(cell); cell = "" }
            else { cell.append(ch) }
        }
        if !cell.isEmpty { cells.append(cell) }
        return cells
    }

    static func evaluates(_ cell: String) -> Bool {
        guard let first = cell.unicodeScalars.first(where: { $0 != " " }) else { return false }
        return ["=", "+", "-", "@", "\t", "\r"].contains(Character(first))
    }

    func testPagesRenderForOfficersAndAre404ForSchoolUsersAndParents() async throws {
        let app = try await TestWorld.makeApp()
        for role in [Role.administrator, .caseworker, .schoolUser, .parentCarer] {
            let client = TestClient(app)
            try await client.signIn(as: role)
            for path in Self.officerPages + Self.administratorPages {
                let result = try await client.get(path)
                let allowed = role == .administrator || (role == .caseworker && Self.officerPages.contains(path))
                XCTAssertEqual(result.status, allowed ? .ok : .notFound, "\(role) GET \(path)")
                if allowed { XCTAssertTrue(result.body.contains("<h1"), "\(path) renders a page") }
            }
            for path in ["/reports/sen2.xml", "/reports/illness-absence.csv", "/reports/census.csv"] {
                let result = try await client.get(path)
                XCTAssertEqual(result.status, [.administrator, .caseworker].contains(role) ? .ok : .notFound, "\(role) GET \(path)")
            }
            let home = try await client.get("/")
            XCTAssertEqual(home.body.contains("href=\"/reports\""), [.administrator, .caseworker].contains(role), "\(role) navigation")
        }
        try await app.asyncShutdown()
    }

    func testSEN2ValidatesListsProblemsAndDownloadsXMLWithTheLACode() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let census = SEN2CensusDate.latest(onOrBefore: .today())
        // A request with no child record: it can't be reported by name, so it is a problem to list.
        try await EHCCase(authorityID: authorityID, childID: nil, upn: nil, requestedOn: census.adding(days: -20), requester: .imported,
                          requesterName: nil, summary: nil, source: "import").create(on: app.db)
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)

        let page = try await client.get("/reports/sen2")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("name=\"census-day\" type=\"text\" inputmode=\"numeric\" value=\"\(census.day)\"")
                      && page.body.contains("name=\"census-year\" type=\"text\" inputmode=\"numeric\" value=\"\(census.year)\""),
                      "defaults to the latest January census date, in the date boxes")
        XCTAssertTrue(page.body.contains("<caption"), "problems in a captioned table")
        XCTAssertTrue(page.body.contains("No child record") && page.body.contains("Left out"), "the case left out is listed")
        XCTAssertTrue(page.body.contains("/reports/sen2.xml?census=\(census)"))

        let bad = try await client.get("/reports/sen2?census=2026-02-30")
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("govuk-error-summary") && bad.body.contains("name=\"census-day\" type=\"text\" inputmode=\"numeric\" value=\"30\""), "error summary, input kept")
        assertEqual(try await client.get("/reports/sen2.xml?census=nonsense").status, .unprocessableEntity)

        let xml = try await download(client, "/reports/sen2.xml?census=\(census)")
        XCTAssertEqual(xml.status, .ok)
        XCTAssertTrue(xml.headers.first(name: .contentDisposition)?.hasPrefix("attachment") ?? false)
        XCTAssertEqual(xml.headers.first(name: .cacheControl), "no-store")
        let parser = XMLParser(data: Data(xml.bytes))
        XCTAssertTrue(parser.parse(), "well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        let text = String(decoding: xml.bytes, as: UTF8.self)
        XCTAssertTrue(text.contains("<LEA>\(DemoSeeder.laCode)</LEA>") && text.contains("<ReferenceDate>\(census)</ReferenceDate>"))
        XCTAssertFalse(text.contains("Outofscope"), "only this authority's children")
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "ehc.sen2_export").count(), 1, "the download is audited")
        try await app.asyncShutdown()
    }

    func testCSVDownloadsNeutraliseFormulasAndKeepToTheAuthority() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let payload = "=HYPERLINK(\"http://evil.example\",\"click\")"
        try await TeachingBase(authorityID: authorityID, name: payload, address: "1 Road", postcode: "ME1 1AA", capacity: 5).create(on: app.db)
        try await TeachingBase(authorityID: authorityID, name: "  +SUM(1,2)", address: "2 Road", postcode: "ME1 1AA", capacity: 5).create(on: app.db)
        let client = TestClient(app)
        try await client.signIn(as: .administrator)

        let census = try await download(client, "/reports/census.csv?at=2026-01-15")
        XCTAssertEqual(census.status, .ok)
        XCTAssertEqual(census.headers.first(name: .contentType), "text/csv; charset=utf-8")
        XCTAssertTrue(census.headers.first(name: .contentDisposition)?.hasPrefix("attachment") ?? false)
        let text = String(decoding: census.bytes, as: UTF8.self)
        let cells = Self.cells(text)
        XCTAssertTrue(cells.contains { $0.contains("HYPERLINK") }, "the base is in the census CSV")
        XCTAssertTrue(cells.contains { $0.contains("SUM(1,2)") }, "a comma in a name stays in one cell")
        XCTAssertEqual(cells.filter(Self.evaluates), [], "no cell a spreadsheet would evaluate")
        XCTAssertEqual(text.split(separator: "\n").map { Self.cells(String($0) + "\n").count }.filter { $0 != 2 }, [], "every row is measure,value")
        assertEqual(try await client.get("/reports/census.csv?at=2026-13-01").status, .unprocessableEntity)

        // Illness measures are kept by UPN for every school: an officer gets only their own authority's pupils.
        let year = CalendarDate.today().academicYearStart
        let mine = try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$upn != nil).first()!.upn!
        let theirs = try await Child.query(on: app.db).filter(\.$legalSurname == "Outofscope").first()!.upn!
        let measures = IllnessMeasures(illnessSessions: 31, reached15On: nil, longestConsecutiveDays: 4)
        try await IllnessMeasureStore(sql: app.db as! any SQLDatabase).upsert([(UPNYear(upn: PackedUPN(mine)!, academicYear: year), measures),
                                                                            (UPNYear(upn: PackedUPN(theirs)!, academicYear: year), measures)], at: Date())
        let illness = try await download(client, "/reports/illness-absence.csv?year=\(year)")
        XCTAssertEqual(illness.status, .ok)
        XCTAssertTrue(illness.headers.first(name: .contentDisposition)?.hasPrefix("attachment") ?? false)
        let illnessText = String(decoding: illness.bytes, as: UTF8.self)
        XCTAssertTrue(illnessText.hasPrefix(IllnessAbsenceReport.header + "\n"))
        XCTAssertTrue(illnessText.contains("\(mine),\(year),15.5,4,"), illnessText)
        XCTAssertFalse(illnessText.contains(theirs), "another council's pupil is left out")
        XCTAssertEqual(Self.cells(illnessText).filter(Self.evaluates), [])
        let badYear = try await client.get("/reports/illness-absence.csv?year=20x5")
        XCTAssertEqual(badYear.status, .unprocessableEntity)
        XCTAssertTrue(badYear.body.contains("govuk-error-summary"))
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action ~~ ["census.report", "illness_absence.report"]).count(), 2, "both downloads audited")
        try await app.asyncShutdown()
    }

    func testEHCImportRefusesABadFileWholeAndImportsAGoodOne() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let upn = try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$upn != nil).first()!.upn!
        let header = EHCImportFile.header.joined(separator: ",")
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        try await client.get("/reports/imports/ehc")
        let before = try await EHCCase.query(on: app.db).count()

        let bad = "\(header)\n\(upn),2019-03-01,,,,\n\(upn),2019-02-30,,,,\n"
        let refused = try await client.postFile("/reports/imports/ehc", fields: [:], fileField: "file", filename: "ehc.csv", bytes: Array(bad.utf8))
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("govuk-error-summary") && refused.body.contains("Line 3: request_date"), "the bad line by number")
        XCTAssertTrue(refused.body.contains("Nothing from it was saved"))
        assertEqual(try await EHCCase.query(on: app.db).count(), before, "nothing saved from a bad file, not even its good line")

        let many = header + "\n" + (1...60).map { "\(upn),2019-02-\($0 % 28 + 1)x,,,," }.joined(separator: "\n")
        let capped = try await client.postFile("/reports/imports/ehc", fields: [:], fileField: "file", filename: "ehc.csv", bytes: Array(many.utf8))
        XCTAssertTrue(capped.body.contains("And 10 more problems"), "at most 50 problems listed")

        try await client.get("/reports/imports/ehc")
        let good = "\(header)\n\(upn),2019-03-01,refuse,2019-04-10,,\n"
        let imported = try await client.postFile("/reports/imports/ehc", fields: [:], fileField: "file", filename: "ehc.csv", bytes: Array(good.utf8))
        XCTAssertEqual(imported.status, .ok)
        XCTAssertTrue(imported.body.contains("Read 1, added 1, updated 0, unchanged 0, unmatched UPNs 0"), "the command's summary line")
        assertEqual(try await EHCCase.query(on: app.db).count(), before + 1)
        let item = try await EHCCase.query(on: app.db).filter(\.$upn == upn).filter(\.$requestedOn == CalendarDate(iso: "2019-03-01")!).first()
        XCTAssertEqual(item?.$authority.id, authorityID)
        XCTAssertEqual(item?.stage, .refusedToAssess)
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "ehc.imported").filter(\.$role == "caseworker").count(), 1)

        let empty = try await client.postFile("/reports/imports/ehc", fields: [:], fileField: "file", filename: "ehc.csv", bytes: [])
        XCTAssertEqual(empty.status, .unprocessableEntity)
        try await app.asyncShutdown()
    }

    func testEstablishmentsImportRefusesABadFileWholeAndImportsAGoodOne() async throws {
        let app = try await TestWorld.makeApp()
        let client = TestClient(app)
        try await client.signIn(as: .administrator)
        try await client.get("/reports/imports/establishments")
        let before = try await Establishment.query(on: app.db).count()
        let result = try await client.postFile("/reports/imports/establishments", fields: [:], fileField: "file", filename: "gias.csv", bytes: Array("not,a,gias,file\n1,2,3,4\n".utf8))
        XCTAssertEqual(result.status, .unprocessableEntity)
        XCTAssertTrue(result.body.contains("Line 1:"), result.body)
        assertEqual(try await Establishment.query(on: app.db).count(), before)

        // The GIAS sample: line 6 is a shifted row, so the whole file is refused; its first four rows import.
        let sample = try String(contentsOfFile: CLIProcessTests.fixture, encoding: .utf8)
        let shifted = try await client.postFile("/reports/imports/establishments", fields: [:], fileField: "file", filename: "gias.csv", bytes: Array(sample.utf8))
        XCTAssertEqual(shifted.status, .unprocessableEntity)
        XCTAssertTrue(shifted.body.contains("Line 6:"), "the bad line by number")
        assertEqual(try await Establishment.query(on: app.db).count(), before, "nothing saved")
        let good = sample.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).prefix(5).joined(separator: "\n")
        try await client.get("/reports/imports/establishments")
        let imported = try await client.postFile("/reports/imports/establishments", fields: [:], fileField: "file", filename: "gias.csv", bytes: Array(good.utf8))
        XCTAssertEqual(imported.status, .ok)
        XCTAssertTrue(imported.body.contains("Read 4, added"), "the command's summary line")
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "establishments.imported").filter(\.$role == "administrator").count(), 1)
        try await app.asyncShutdown()
    }

    func testSubjectAccessRequestIsLoggedWithItsDeadlineAndExportsTheRecordAsAZip() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let child = try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$upn != nil).first()!
        let client = TestClient(app)
        try await client.signIn(as: .administrator)
        try await client.get("/admin/subject-access")

        let invalid = try await client.post("/admin/subject-access", ["upn": "nonsense", "received": "2025-02-30", "requester": "", "extended": "yes"])
        XCTAssertEqual(invalid.status, .unprocessableEntity)
        for message in ["UPN: ", "Date received must be a real date", "Enter the name of the person", "Enter why the deadline is extended"] {
            XCTAssertTrue(invalid.body.contains(message), message)
        }
        XCTAssertTrue(invalid.body.contains("value=\"nonsense\""), "input kept")
        let neighbourUPN = try await Child.query(on: app.db).filter(\.$legalSurname == "Outofscope").first()!.upn!
        let elsewhere = try await client.post("/admin/subject-access", ["upn": neighbourUPN, "received": "2025-01-31", "requester": "A Parent"])
        XCTAssertTrue(elsewhere.body.contains("No child with this UPN in your authority"), "another council's child can't be named")

        // 31 January: one month on is 28 February 2025, a Friday (UK GDPR Art 12(3), clamped to the month's end).
        let logged = try await client.post("/admin/subject-access", ["upn": child.upn!, "received": "2025-01-31", "requester": "Pat Parent"])
        XCTAssertEqual(logged.status, .seeOther)
        let item = try await SubjectAccessRequest.query(on: app.db).filter(\.$child.$id == child.id!).first()!
        XCTAssertEqual(item.due, CalendarDate(year: 2025, month: 2, day: 28))
        XCTAssertEqual(item.due, SubjectAccessDeadline(received: CalendarDate(year: 2025, month: 1, day: 31)).due)
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "subject_access.logged").filter(\.$childID == child.id!).count(), 1)
        let list = try await client.get("/admin/subject-access")
        XCTAssertTrue(list.body.contains("28 February 2025") && list.body.contains("Overdue"), "deadline and status in words")
        let shown = try await client.get(logged.location!)
        XCTAssertTrue(shown.body.contains(child.fullName) && shown.body.contains("Overdue"))

        let zip = try await download(client, logged.location! + "/export.zip")
        XCTAssertEqual(zip.status, .ok)
        XCTAssertEqual(zip.headers.first(name: .contentType), "application/zip")
        XCTAssertTrue(zip.headers.first(name: .contentDisposition)?.hasPrefix("attachment") ?? false)
        XCTAssertEqual(zip.headers.first(name: .cacheControl), "no-store")
        let archive = try Archive(data: Data(zip.bytes), accessMode: .read)
        let entry = try XCTUnwrap(archive["subject-access.json"], "the record file is in the zip: \(archive.map(\.path))")
        var json = Data()
        _ = try archive.extract(entry) { json.append($0) }
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: json) as? [String: Any])
        XCTAssertEqual(document["child_id"] as? String, child.id!.uuidString)
        XCTAssertEqual(document["response_due"] as? String, "2025-02-28")
        let tables = try XCTUnwrap(document["tables"] as? [String: Any])
        XCTAssertEqual((tables["children"] as? [[String: Any]])?.first?["legal_surname"] as? String, child.legalSurname)
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "subject_access.export").filter(\.$childID == child.id!).count(), 1,
                    "the export is audited as a read of the child's record")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("continuum-sar-") }
        XCTAssertEqual(leftovers, [], "temporary files removed")

        // Completing: the form's version guards against a stale submission.
        let completed = try await client.post(logged.location!, ["completed": CalendarDate.today().description, "version": String(item.version)])
        XCTAssertEqual(completed.status, .seeOther)
        assertTrue(try await client.get(logged.location!).body.contains("Completed"))
        let stale = try await client.post(logged.location!, ["completed": CalendarDate.today().description, "version": String(item.version)])
        XCTAssertEqual(stale.status, .conflict)

        // Another council's request is not there at all.
        let neighbourAuthority = try await Authority.query(on: app.db).filter(\.$laCode == "887").first()!.requireID()
        let neighbourChild = try await Child.query(on: app.db).filter(\.$legalSurname == "Outofscope").first()!.requireID()
        let theirs = SubjectAccessRequest(authorityID: neighbourAuthority, childID: neighbourChild, received: .today(), requesterName: "X", extensionReason: nil, loggedByName: "x")
        try await theirs.create(on: app.db)
        for path in ["/admin/subject-access/\(theirs.id!.uuidString)", "/admin/subject-access/\(theirs.id!.uuidString)/export.zip"] {
            assertEqual(try await client.get(path).status, .notFound, path)
        }
        assertFalse(try await client.get("/admin/subject-access").body.contains("Outofscope"))
        try await app.asyncShutdown()
    }
}
