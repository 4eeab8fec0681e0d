import Fluent
import SQLKit
import Vapor
import XCTest
@testable import ContinuumApp

final class AuditTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    private var sql: any SQLDatabase { app.db as! any SQLDatabase }
    private static let system = AuditActor(userID: nil, name: "test", role: "system", socketAddress: "local")

    private func makeActivity() async throws {
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        let child = try await Child.query(on: app.db).first()!
        for _ in 0..<3 { try await client.get("/children/\(child.id!)") }
    }

    /// Someone with the database owner's rights: the append-only triggers are the first thing they drop.
    private func actAsDatabaseOwner() async throws { try await ProtectAuditTable.dropTriggers(sql) }

    private func lastSeq() async throws -> Int { try await AuditEvent.query(on: app.db).max(\.$seq) ?? 0 }

    private func headFile() throws -> AuditHeadFile { try AuditChain.current().headFile }

    /// Re-chains rows from `seq` on, as an attacker who edited a row would, with plain SHA-256 or a key of their own.
    private func rehash(from seq: Int, key: AuditKey?) async throws {
        let rows = try await AuditEvent.query(on: app.db).sort(\.$seq).all()
        var prev = rows.first { $0.seq == seq - 1 }?.hash ?? AuditLog.genesisHash
        for row in rows where row.seq >= seq {
            row.prevHash = prev
            if let key { row.macScheme = AuditLog.keyedScheme; row.hash = AuditLog.mac(of: row, key: key) } else { row.macScheme = nil; row.hash = AuditLog.legacyHash(of: row) }
            prev = row.hash
            try await row.save(on: app.db)
        }
    }

    func testIntactChainVerifiesUpToTheRecordedHead() async throws {
        try await makeActivity()
        let result = try await AuditLog.verify(on: app.db, pageSize: 2)
        XCTAssertNil(result.firstBad)
        assertEqual(result.rowsChecked, try await AuditEvent.query(on: app.db).count())
        assertEqual(result.headSeq, try await lastSeq())
        XCTAssertEqual(result.rowsAfterHead, 0)
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$macScheme != AuditLog.keyedScheme).count(), 0, "every new row is keyed")
    }

    func testEditedRowIsFoundAndNamed() async throws {
        try await makeActivity()
        try await actAsDatabaseOwner()
        try await sql.update(AuditEvent.schema).set("actor", to: "someone-else@example.org").where("seq", .equal, 3).run()
        let result = try await AuditLog.verify(on: app.db)
        XCTAssertEqual(result.firstBad?.seq, 3)
        XCTAssertTrue(result.firstBad!.reason.contains("edited"), result.firstBad!.reason)
    }

    func testDeletedRowIsFound() async throws {
        try await makeActivity()
        try await actAsDatabaseOwner()
        try await sql.delete(from: AuditEvent.schema).where("seq", .equal, 2).run()
        let result = try await AuditLog.verify(on: app.db)
        XCTAssertEqual(result.firstBad?.seq, 2)
        XCTAssertTrue(result.firstBad!.reason.contains("missing"))
    }

    /// Issue 13 item 2: deleting the newest rows used to leave verify saying "intact".
    func testDeletingTheNewestRowsIsFoundAgainstTheHead() async throws {
        try await makeActivity()
        let last = try await lastSeq()
        try await actAsDatabaseOwner()
        try await sql.delete(from: AuditEvent.schema).where("seq", .equal, last).run()
        var result = try await AuditLog.verify(on: app.db)
        XCTAssertEqual(result.firstBad?.seq, last)
        XCTAssertTrue(result.firstBad!.reason.contains("row \(last) is missing: the recorded head is row \(last) but the chain ends at row \(last - 1)"), result.firstBad!.reason)
        try await sql.delete(from: AuditEvent.schema).where("seq", .greaterThan, last - 3).run()
        result = try await AuditLog.verify(on: app.db)
        XCTAssertTrue(result.firstBad!.reason.contains("rows \(last - 2) to \(last) are missing"), result.firstBad!.reason)
        let tail = try await AuditLog.verifyTail(on: app.db, rows: 50)
        XCTAssertNotNil(tail.firstBad, "the administrator's home page check sees it too")
    }

    func testDeletingEveryRowIsFound() async throws {
        try await makeActivity()
        let last = try await lastSeq()
        try await actAsDatabaseOwner()
        try await sql.delete(from: AuditEvent.schema).run()
        let result = try await AuditLog.verify(on: app.db)
        XCTAssertEqual(result.firstBad?.seq, 1)
        XCTAssertTrue(result.firstBad!.reason.contains("rows 1 to \(last) are missing") && result.firstBad!.reason.contains("the chain has no rows"), result.firstBad!.reason)
        // And with the head file deleted as well, the councils still in the database give it away.
        try FileManager.default.removeItem(atPath: try headFile().path)
        let without = try await AuditLog.verify(on: app.db)
        XCTAssertTrue(without.firstBad?.reason.contains("the audit trail is empty") ?? false, "\(String(describing: without.firstBad))")
    }

    /// Plain SHA-256 needs no secret: an edited row re-hashed that way, and every row after it, is found.
    func testEditedRowRehashedWithPlainSHA256IsFound() async throws {
        try await makeActivity()
        try await actAsDatabaseOwner()
        try await sql.update(AuditEvent.schema).set("detail", to: "tampered").where("seq", .equal, 2).run()
        try await rehash(from: 2, key: nil)
        let result = try await AuditLog.verify(on: app.db)
        XCTAssertEqual(result.firstBad?.seq, 2)
        XCTAssertTrue(result.firstBad!.reason.contains("plain SHA-256 hash after keyed rows"), result.firstBad!.reason)
        // Re-hashing the whole chain as plain rows, so none comes after a keyed one, breaks against the head.
        try await rehash(from: 1, key: nil)
        let whole = try await AuditLog.verify(on: app.db)
        let last = try await lastSeq()
        XCTAssertEqual(whole.firstBad?.seq, last)
        XCTAssertTrue(whole.firstBad!.reason.contains("not the row the head recorded"), whole.firstBad!.reason)
    }

    func testEditedRowRehashedWithAnotherKeyIsFound() async throws {
        try await makeActivity()
        try await actAsDatabaseOwner()
        try await sql.update(AuditEvent.schema).set("detail", to: "tampered").where("seq", .equal, 2).run()
        try await rehash(from: 1, key: AuditKey(bytes: Data(repeating: 7, count: 32)))
        let result = try await AuditLog.verify(on: app.db)
        XCTAssertEqual(result.firstBad?.seq, 1)
        XCTAssertTrue(result.firstBad!.reason.contains("not the audit key"), result.firstBad!.reason)
    }

    func testMissingHeadForANonEmptyChainIsFound() async throws {
        try await makeActivity()
        try FileManager.default.removeItem(atPath: try headFile().path)
        let result = try await AuditLog.verify(on: app.db)
        XCTAssertTrue(result.firstBad?.reason.contains("no chain head file") ?? false, "\(String(describing: result.firstBad))")
        // The server does not quietly make a new head over a chain that may have been cut.
        try await AuditLog.record(AuditEntry(action: "test.after_loss", entityType: "test"), by: Self.system, on: app.db)
        XCTAssertFalse(FileManager.default.fileExists(atPath: try headFile().path))
    }

    /// A head edited to hide truncation (a lower seq and that row's MAC) doesn't carry a valid tag.
    func testForgedHeadIsFound() async throws {
        try await makeActivity()
        let file = try headFile()
        let text = try String(contentsOfFile: file.path, encoding: .utf8)
        let row = try await AuditEvent.query(on: app.db).filter(\.$seq == 2).first()!
        let last = try await lastSeq()
        let forged = text.replacingOccurrences(of: "seq \(last)\n", with: "seq 2\n")
            .replacing(#/mac [0-9a-f]+\n/#, with: "mac \(row.hash)\n")
        try forged.write(toFile: file.path, atomically: true, encoding: .utf8)
        let result = try await AuditLog.verify(on: app.db)
        XCTAssertTrue(result.firstBad?.reason.contains("is not valid") ?? false, "\(String(describing: result.firstBad))")
    }

    /// kill -9 between a commit and its head write leaves rows after the head: allowed, counted, still checked.
    func testRowsAfterTheRecordedHeadAreAllowedAndChecked() async throws {
        try await makeActivity()
        let last = try await lastSeq()
        let older = try await AuditEvent.query(on: app.db).filter(\.$seq == last - 2).first()!
        try headFile().write(AuditHead(seq: older.seq, mac: older.hash), mode: .replace)
        let result = try await AuditLog.verify(on: app.db)
        XCTAssertNil(result.firstBad)
        XCTAssertEqual(result.headSeq, last - 2)
        XCTAssertEqual(result.rowsAfterHead, 2)
        try await actAsDatabaseOwner()
        try await sql.update(AuditEvent.schema).set("detail", to: "tampered").where("seq", .equal, last).run()
        assertEqual(try await AuditLog.verify(on: app.db).firstBad?.seq, last, "rows after the head must still chain")
    }

    func testTheHeadOnlyMovesForward() async throws {
        try await makeActivity()
        let file = try headFile()
        guard case .valid(let head) = file.read() else { return XCTFail("no head") }
        let (_, written) = try file.write(AuditHead(seq: head.seq - 1, mac: "00"), mode: .advance)
        XCTAssertFalse(written)
        XCTAssertEqual(file.read(), .valid(head))
    }

    func testAChangeAndItsAuditRowCommitTogether() async throws {
        struct Boom: Error {}
        let before = try await AuditEvent.query(on: app.db).count()
        do {
            let _: Void = try await AuditLog.transaction(on: app.db, actor: Self.system) { db in
                try await Authority(name: "Half Written", laCode: "999", namedOfficer: "x").create(on: db)
                throw Boom()
            }
            XCTFail("expected the transaction to fail")
        } catch is Boom {}
        assertEqual(try await Authority.query(on: app.db).filter(\.$laCode == "999").count(), 0)
        assertEqual(try await AuditEvent.query(on: app.db).count(), before)
    }

    func testConcurrentTransactionsKeepOneChainAndLeaveTheHeadOnTheLastRow() async throws {
        let db = app.db
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<60 {
                group.addTask {
                    let _: Void = try await AuditLog.transaction(on: db, actor: Self.system) { _ in
                        ([AuditEntry(action: "test.concurrent", entityType: "test", entityID: String(i))], ())
                    }
                }
            }
            try await group.waitForAll()
        }
        let result = try await AuditLog.verify(on: app.db)
        XCTAssertNil(result.firstBad)
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "test.concurrent").count(), 60)
        let last = try await AuditEvent.query(on: app.db).sort(\.$seq, .descending).first()!
        XCTAssertEqual(try headFile().read(), .valid(AuditHead(seq: last.seq, mac: last.hash)))
        XCTAssertEqual(result.rowsAfterHead, 0)
    }

    func testTheTableRefusesUpdateAndDelete() async throws {
        try await makeActivity()
        do {
            try await sql.update(AuditEvent.schema).set("detail", to: "x").where("seq", .equal, 1).run()
            XCTFail("UPDATE must be refused")
        } catch { XCTAssertTrue(String(reflecting: error).contains("append-only"), String(reflecting: error)) }
        do {
            try await sql.delete(from: AuditEvent.schema).where("seq", .equal, 1).run()
            XCTFail("DELETE must be refused")
        } catch { XCTAssertTrue(String(reflecting: error).contains("append-only"), String(reflecting: error)) }
        assertNil(try await AuditLog.verify(on: app.db).firstBad)
    }

    /// README "Database roles": the app's role has SELECT and INSERT on audit_events, nothing more.
    func testOnPostgreSQLTheAppRoleCanAppendButNotChangeOrDelete() async throws {
        guard app.continuumConfiguration.database.isPostgres else { throw XCTSkip("PostgreSQL lane only (scripts/postgres-lane.sh sets DATABASE_URL)") }
        try await sql.raw("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'continuum_app_test') THEN CREATE ROLE continuum_app_test NOLOGIN; END IF; END $$").run()
        try await sql.raw("GRANT USAGE ON SCHEMA public TO continuum_app_test").run()
        try await sql.raw("GRANT SELECT, INSERT ON audit_events TO continuum_app_test").run()
        // Without the trigger, so it is the grants that refuse.
        try await actAsDatabaseOwner()
        let before = try await lastSeq()
        try await app.db.transaction { tx in
            try await (tx as! any SQLDatabase).raw("SET LOCAL ROLE continuum_app_test").run()
            try await AuditLog.append([AuditEntry(action: "test.as_app_role", entityType: "test")], by: Self.system, on: tx)
        }
        assertEqual(try await lastSeq(), before + 1, "the app's role appends")
        for statement in ["DELETE FROM audit_events", "UPDATE audit_events SET detail = 'x'", "TRUNCATE audit_events"] {
            do {
                try await app.db.transaction { tx in
                    let tsql = tx as! any SQLDatabase
                    try await tsql.raw("SET LOCAL ROLE continuum_app_test").run()
                    try await tsql.raw(SQLQueryString(statement)).run()
                }
                XCTFail("\(statement) must be refused to the app's role")
            } catch {
                XCTAssertTrue(String(reflecting: error).contains("permission denied"), String(reflecting: error))
            }
        }
        assertEqual(try await lastSeq(), before + 1)
        try await sql.raw("REVOKE ALL ON audit_events FROM continuum_app_test").run()
        try await sql.raw("REVOKE USAGE ON SCHEMA public FROM continuum_app_test").run()
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

    /// Issue 13 item 11: rows without a user are shown to a council only when they are about its own
    /// children, accounts or itself; the other council's failed sign-ins and children stay hidden.
    func testAdministratorSeesOnlyThisCouncilsAnonymousRows() async throws {
        let demoChild = try await Child.query(on: app.db).filter(\.$authority.$id == TestWorld.demoAuthorityID(app.db)).first()!
        let neighbourChild = try await Child.query(on: app.db).filter(\.$legalSurname == "Outofscope").first()!
        let outsider = TestClient(app)
        try await outsider.signIn(TestWorld.email(for: .caseworker), password: "wrong-password-1")
        try await outsider.signIn(TestWorld.neighbourCaseworker, password: "wrong-password-2")
        try await outsider.signIn("nobody@unknown.example", password: "wrong-password-3")
        try await AuditLog.record(AuditEntry(action: "test.import", entityType: "child", entityID: demoChild.id!.uuidString, childID: demoChild.id, detail: "ours-by-child"),
                                  by: Self.system, on: app.db)
        try await AuditLog.record(AuditEntry(action: "test.import", entityType: "child", entityID: neighbourChild.id!.uuidString, childID: neighbourChild.id, detail: "theirs-by-child"),
                                  by: Self.system, on: app.db)
        let admin = TestClient(app)
        try await admin.signIn(as: .administrator)
        let page = try await admin.get("/admin/audit")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("anonymous (\(TestWorld.email(for: .caseworker)))"), "a failed sign-in to one of ours")
        XCTAssertTrue(page.body.contains("ours-by-child"))
        XCTAssertFalse(page.body.contains(TestWorld.neighbourCaseworker), "the other council's failed sign-in")
        XCTAssertFalse(page.body.contains("theirs-by-child"), "a command's row about the other council's child")
        XCTAssertFalse(page.body.contains("nobody@unknown.example"), "an attempt no council can be told")
        // The neighbour's administrator sees the mirror image.
        try await User(authorityID: neighbourChild.$authority.id, email: "admin@neighbour.test", displayName: "Neighbour Admin", role: .administrator,
                       passwordHash: TestWorld.passwordHash, twoFactorExempt: true).create(on: app.db)
        let neighbour = TestClient(app)
        assertEqual(try await neighbour.signIn("admin@neighbour.test").status, .seeOther)
        let theirs = try await neighbour.get("/admin/audit").body
        XCTAssertTrue(theirs.contains("theirs-by-child") && theirs.contains(TestWorld.neighbourCaseworker))
        XCTAssertFalse(theirs.contains("ours-by-child") || theirs.contains("anonymous (\(TestWorld.email(for: .caseworker)))"))
    }
}

/// Databases from before the audit key: their plain SHA-256 rows still verify, the first new row anchors
/// the head on them, and from then on the chain is keyed.
final class AuditUpgradeTests: XCTestCase {
    func testAnUpgradedChainVerifiesAndContinuesKeyed() async throws {
        let app = try await TestWorld.makeApp(seed: false)
        do {
            let sql = app.db as! any SQLDatabase
            try await AddAuditMACScheme().revert(on: app.db)
            try await ProtectAuditTable().revert(on: app.db)
            // Rows as the previous version wrote them: plain SHA-256, no mac_scheme column, no head file.
            var prev = AuditLog.genesisHash
            for seq in 1...3 {
                let event = AuditEvent()
                event.seq = seq; event.occurredAt = AuditLog.timestamp(Date()); event.userID = nil; event.actor = "old@example.org"
                event.role = "caseworker"; event.action = "child.view"; event.entityType = "child"; event.entityID = "row-\(seq)"
                event.childID = nil; event.detail = ""; event.socketAddress = "127.0.0.1"; event.prevHash = prev
                event.hash = AuditLog.legacyHash(of: event)
                try await sql.insert(into: AuditEvent.schema)
                    .columns("id", "seq", "occurred_at", "user_id", "actor", "role", "action", "entity_type", "entity_id", "child_id", "detail", "socket_address", "prev_hash", "hash")
                    .values(SQLBind(UUID()), SQLBind(seq), SQLBind(event.occurredAt), SQLLiteral.null, SQLBind(event.actor), SQLBind(event.role), SQLBind(event.action),
                            SQLBind(event.entityType), SQLBind(event.entityID!), SQLLiteral.null, SQLBind(event.detail), SQLBind(event.socketAddress), SQLBind(prev), SQLBind(event.hash))
                    .run()
                prev = event.hash
            }
            let headPath = try AuditChain.current().headFile.path
            try? FileManager.default.removeItem(atPath: headPath)
            // The upgrade: the new migrations on a table that holds rows, then a new process starts.
            try await ProtectAuditTable().prepare(on: app.db)
            try await AddAuditMACScheme().prepare(on: app.db)
            try AuditChain.install(app.continuumConfiguration)

            let upgraded = try await AuditLog.verify(on: app.db)
            XCTAssertNil(upgraded.firstBad, "\(String(describing: upgraded.firstBad))")
            XCTAssertEqual(upgraded.rowsChecked, 3)

            try await AuditLog.record(AuditEntry(action: "test.after_upgrade", entityType: "test"),
                                      by: AuditActor(userID: nil, name: "test", role: "system", socketAddress: "local"), on: app.db)
            let continued = try await AuditLog.verify(on: app.db)
            XCTAssertNil(continued.firstBad, "\(String(describing: continued.firstBad))")
            XCTAssertEqual(continued.rowsChecked, 4)
            XCTAssertEqual(continued.headSeq, 4)
            assertEqual(try await AuditEvent.query(on: app.db).filter(\.$seq == 4).first()?.macScheme, AuditLog.keyedScheme)
            assertNil(try await AuditEvent.query(on: app.db).filter(\.$seq == 3).first()?.macScheme)

            // An old row is still protected: edit it and verify names it.
            try await ProtectAuditTable.dropTriggers(sql)
            try await sql.update(AuditEvent.schema).set("actor", to: "someone@example.org").where("seq", .equal, 2).run()
            assertEqual(try await AuditLog.verify(on: app.db).firstBad?.seq, 2)
            do {
                try await AddAuditMACScheme().revert(on: app.db)
                XCTFail("a revert that would strand keyed rows must be refused")
            } catch is MigrationRefusal {}
        } catch { XCTFail("\(error)") }
        try await app.asyncShutdown()
    }
}
