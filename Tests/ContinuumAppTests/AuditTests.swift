import Fluent
import SQLKit
import Vapor
import XCTest
@testable import ContinuumApp

final class AuditTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    private func makeActivity() async throws {
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        let child = try await Child.query(on: app.db).first()!
        for _ in 0..<3 { try await client.get("/children/\(child.id!)") }
    }

    func testIntactChainVerifies() async throws {
        try await makeActivity()
        let result = try await AuditLog.verify(on: app.db, pageSize: 2)
        XCTAssertNil(result.firstBad)
        assertEqual(result.rowsChecked, try await AuditEvent.query(on: app.db).count())
    }

    func testEditedRowIsFoundAndNamed() async throws {
        try await makeActivity()
        let sql = app.db as! any SQLDatabase
        try await sql.update(AuditEvent.schema).set("actor", to: "someone-else@example.org").where("seq", .equal, 3).run()
        let result = try await AuditLog.verify(on: app.db)
        XCTAssertEqual(result.firstBad?.seq, 3)
        XCTAssertTrue(result.firstBad!.reason.contains("edited"))
    }

    func testDeletedRowIsFound() async throws {
        try await makeActivity()
        let sql = app.db as! any SQLDatabase
        try await sql.delete(from: AuditEvent.schema).where("seq", .equal, 2).run()
        let result = try await AuditLog.verify(on: app.db)
        XCTAssertEqual(result.firstBad?.seq, 2)
        XCTAssertTrue(result.firstBad!.reason.contains("missing"))
    }

    func testRewrittenRowWithRecomputedHashBreaksTheNextLink() async throws {
        try await makeActivity()
        let row = try await AuditEvent.query(on: app.db).filter(\.$seq == 2).first()!
        row.detail = "tampered"
        row.hash = AuditLog.hash(of: row)
        try await row.save(on: app.db)
        assertEqual(try await AuditLog.verify(on: app.db).firstBad?.seq, 3)
    }

    func testAChangeAndItsAuditRowCommitTogether() async throws {
        struct Boom: Error {}
        let before = try await AuditEvent.query(on: app.db).count()
        let actor = AuditActor(userID: nil, name: "test", role: "system", socketAddress: "local")
        do {
            let _: Void = try await AuditLog.transaction(on: app.db, actor: actor) { db in
                try await Authority(name: "Half Written", laCode: "999", namedOfficer: "x").create(on: db)
                throw Boom()
            }
            XCTFail("expected the transaction to fail")
        } catch is Boom {}
        assertEqual(try await Authority.query(on: app.db).filter(\.$laCode == "999").count(), 0)
        assertEqual(try await AuditEvent.query(on: app.db).count(), before)
    }

    func testConcurrentAppendsKeepOneChain() async throws {
        let db = app.db
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<20 {
                group.addTask {
                    try await AuditLog.record(AuditEntry(action: "test.concurrent", entityType: "test", entityID: String(i)),
                                              by: AuditActor(userID: nil, name: "t", role: "system", socketAddress: "local"), on: db)
                }
            }
            try await group.waitForAll()
        }
        assertNil(try await AuditLog.verify(on: app.db).firstBad)
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "test.concurrent").count(), 20)
    }

    func testAdministratorFiltersTheTrail() async throws {
        try await makeActivity()
        let admin = TestClient(app)
        try await admin.signIn(as: .administrator)
        let filtered = try await admin.get("/admin/audit?user=caseworker&action=child.view")
        XCTAssertEqual(filtered.status, .ok)
        XCTAssertTrue(filtered.body.contains("Latest 3 matching rows"))
        let bad = try await admin.get("/admin/audit?from=2024-02-30")
        XCTAssertTrue(bad.body.contains("<title>Error: Audit trail"))
        XCTAssertTrue(bad.body.contains("href=\"#from\""))
    }
}
