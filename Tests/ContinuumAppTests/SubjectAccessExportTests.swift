import Fluent
import Foundation
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// SECURITY.md "Subject access": everything held on a child, found from the schema, with the deadline.
final class SubjectAccessExportTests: XCTestCase {
    var app: Application!
    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func testExportGathersTheChildsRecordsAndDocumentsAndNothingOfAnyoneElse() async throws {
        let referral = try await Referral.query(on: app.db).filter(\.$authority.$id == TestWorld.demoAuthorityID(app.db)).with(\.$child).first()!
        let child = referral.child
        // An EHC case with advice sent as a document, so the export has a linked table and a file to copy.
        let item = EHCCase(authorityID: child.$authority.id, childID: child.id, upn: child.upn, requestedOn: CalendarDate(year: 2025, month: 1, day: 6),
                           requester: .parent, requesterName: "A Parent", summary: "SAR test")
        item.stageRaw = EHCStage.assessing.rawValue
        try await item.create(on: app.db)
        let pdf = Array("%PDF-1.4\n".utf8)
        let stored = try PrivateFileStore(dataDirectory: app.continuumConfiguration.dataDirectory).save(pdf, type: "application/pdf")
        let advice = EHCAdviceRequest()
        advice.$ehcCase.id = item.id!; advice.kindRaw = "medical"; advice.adviserName = "Dr Third Party"; advice.requestedOn = CalendarDate(iso: "2025-02-01")!
        advice.fileStoredName = stored.name; advice.fileContentType = "application/pdf"; advice.fileSize = pdf.count
        try await advice.create(on: app.db)

        let out = NSTemporaryDirectory() + "sar-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try await SubjectAccessCommand.run(["subject-access", "--child", child.id!.uuidString, "--out", out, "--received", "2025-01-31"], app: app)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("respond by 28 February 2025"), result.stdout)
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/subject-access.json"))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(json["response_due"] as? String, "2025-02-28")
        XCTAssertEqual(json["extended_response_due"] as? String, "2025-04-28", "two months after the one-month date")
        let tables = try XCTUnwrap(json["tables"] as? [String: [[String: Any]]])
        XCTAssertEqual(tables["children"]?.count, 1)
        // Values keep their types: numbers and flags are not turned into text by the database.
        let childRow = try XCTUnwrap(tables["children"]?.first)
        XCTAssertTrue(childRow["version"] is NSNumber, "\(String(describing: childRow["version"]))")
        XCTAssertTrue(childRow["confidential_address"] is NSNumber, "\(String(describing: childRow["confidential_address"]))")
        XCTAssertEqual(childRow["legal_surname"] as? String, child.legalSurname)
        XCTAssertEqual(childRow["id"] as? String, child.id!.uuidString)
        XCTAssertTrue(tables["ehc_advice_requests"]?.first?["file_size"] is NSNumber)
        XCTAssertTrue(tables["referrals"]?.contains { ($0["id"] as? String) == referral.id!.uuidString } == true)
        XCTAssertEqual(tables["ehc_cases"]?.count, 1)
        XCTAssertEqual(tables["ehc_advice_requests"]?.count, 1, "found through case_id, a table without child_id")
        XCTAssertTrue((json["third_parties_for_redaction_review"] as? [String])?.contains("Dr Third Party") == true)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out + "/documents/" + stored.name)), Data(pdf))
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertFalse(text.contains(TestWorld.neighbourChildName.components(separatedBy: " ").last!), "no other child's record")
        let others = try await Child.query(on: app.db).filter(\.$id != child.id!).all()
        XCTAssertGreaterThan(others.count, 100)
        let leaked = others.filter { text.contains($0.id!.uuidString) }.map(\.fullName)
        XCTAssertEqual(leaked, [], "no row about another child")
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "subject_access.export").filter(\.$childID == child.id!).count(), 1)

        assertEqual(try await SubjectAccessCommand.run(["subject-access", "--child", child.id!.uuidString, "--out", out], app: app).status, 2, "never overwrites")
        assertEqual(try await SubjectAccessCommand.run(["subject-access", "--child", "not-an-id", "--out", out + "-x"], app: app).status, 2)
        assertEqual(try await SubjectAccessCommand.run(["subject-access", "--child", UUID().uuidString, "--out", out + "-y"], app: app).status, 1)
    }
}
