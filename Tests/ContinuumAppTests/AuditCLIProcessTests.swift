import Fluent
import SQLKit
import Vapor
import XCTest
@testable import ContinuumApp

/// `continuum audit verify` and `reset-head` through the real binary on a real SQLite file and data folder.
final class AuditCLIProcessTests: XCTestCase {
    func tempDir() -> String {
        let dir = NSTemporaryDirectory() + "continuum-audit-cli-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Rows written by a real command: the GIAS fixture's four good rows.
    func importSomething(_ dir: String, env: [String: String] = [:]) throws {
        let lines = try String(contentsOfFile: CLIProcessTests.fixture, encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        let good = dir + "/good.csv"
        try lines.prefix(5).joined(separator: "\n").write(toFile: good, atomically: true, encoding: .utf8)
        for _ in 0..<2 {
            let imported = try runContinuum(["import", "establishments", good], dataDir: dir, env: env)
            XCTAssertEqual(imported.status, 0, imported.err)
        }
    }

    /// The same database, data folder and key as the binary, in process: for what an attacker or a crash does.
    func onDatabase(_ dir: String, _ body: (Application, any SQLDatabase, AuditHeadFile) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        var config = AppConfiguration.testing(env: [:])
        config.database = .sqliteFile(path: dir + "/continuum.sqlite")
        config.dataDirectory = dir
        do {
            try await configure(app, config: config)
            try await body(app, app.db as! any SQLDatabase, try AuditChain.current().headFile)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    func testVerifyThroughTheBinaryFindsTruncationAMissingHeadAndAllowsACrashGap() async throws {
        let dir = tempDir()
        try importSomething(dir)
        let intact = try runContinuum(["audit", "verify"], dataDir: dir)
        XCTAssertEqual(intact.status, 0, intact.err)
        XCTAssertTrue(intact.out.contains("rows verified; recorded head is row"), intact.out)

        // The key is a private file in the data folder, never in the database.
        let keyPath = dir + "/" + AuditKey.fileName
        let mode = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        let key = try String(contentsOfFile: keyPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let database = try Data(contentsOf: URL(fileURLWithPath: dir + "/continuum.sqlite")) + ((try? Data(contentsOf: URL(fileURLWithPath: dir + "/continuum.sqlite-wal"))) ?? Data())
        XCTAssertNil(database.range(of: Data(key.utf8)), "the key must not be stored in the database")

        var last = 0
        // A kill -9 after a commit but before its head write: the head is a row behind. Still intact.
        try await onDatabase(dir) { app, _, head in
            let rows = try await AuditEvent.query(on: app.db).sort(\.$seq, .descending).limit(2).all()
            last = rows[0].seq
            try head.write(AuditHead(seq: rows[1].seq, mac: rows[1].hash), mode: .replace)
        }
        let afterCrash = try runContinuum(["audit", "verify"], dataDir: dir)
        XCTAssertEqual(afterCrash.status, 0, afterCrash.err)
        XCTAssertTrue(afterCrash.out.contains("1 row after the recorded head"), afterCrash.out)

        // The head caught up, then the newest row is deleted by someone with the database owner's rights.
        try await onDatabase(dir) { app, sql, head in
            let newest = try await AuditEvent.query(on: app.db).sort(\.$seq, .descending).first()!
            try head.write(AuditHead(seq: newest.seq, mac: newest.hash), mode: .replace)
            try await ProtectAuditTable.dropTriggers(sql)
            try await sql.delete(from: AuditEvent.schema).where("seq", .equal, last).run()
        }
        let truncated = try runContinuum(["audit", "verify"], dataDir: dir)
        XCTAssertEqual(truncated.status, 1)
        XCTAssertTrue(truncated.err.contains("row \(last) is missing: the recorded head is row \(last)"), truncated.err)

        try FileManager.default.removeItem(atPath: dir + "/" + AuditHeadFile.fileName)
        let headless = try runContinuum(["audit", "verify"], dataDir: dir)
        XCTAssertEqual(headless.status, 1)
        XCTAssertTrue(headless.err.contains("no chain head file"), headless.err)

        // After looking into it, the operator re-anchors the head; the reset is itself in the trail.
        let reset = try runContinuum(["audit", "reset-head"], dataDir: dir)
        XCTAssertEqual(reset.status, 0, reset.err)
        XCTAssertTrue(reset.out.contains("previous head: none"), reset.out)
        let again = try runContinuum(["audit", "verify"], dataDir: dir)
        XCTAssertEqual(again.status, 0, again.err)
        try await onDatabase(dir) { app, _, _ in
            assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "audit.head_reset").count(), 1)
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    func testAuditKeyFromTheEnvironment() throws {
        let bad = try runContinuum(["audit", "verify"], dataDir: tempDir(), env: ["AUDIT_KEY": "too-short"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.err.contains("AUDIT_KEY must be at least 32 random bytes"), bad.err)

        let dir = tempDir()
        let key = ["AUDIT_KEY": String(repeating: "5e", count: 32)]
        try importSomething(dir, env: key)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/" + AuditKey.fileName), "with AUDIT_KEY set no key file is made")
        let verified = try runContinuum(["audit", "verify"], dataDir: dir, env: key)
        XCTAssertEqual(verified.status, 0, verified.err)
        let base64 = ["AUDIT_KEY": Data(repeating: 0x5e, count: 32).base64EncodedString()]
        XCTAssertEqual(try runContinuum(["audit", "verify"], dataDir: dir, env: base64).status, 0, "the same key in base64")
        let other = try runContinuum(["audit", "verify"], dataDir: dir, env: ["AUDIT_KEY": String(repeating: "a7", count: 32)])
        XCTAssertEqual(other.status, 1)
        XCTAssertTrue(other.err.contains("not the audit key"), other.err)
        try? FileManager.default.removeItem(atPath: dir)
    }
}
