import Fluent
import SQLKit
import Vapor
import XCTest
@testable import ContinuumApp

/// Runs the real `continuum` binary against a real SQLite file, as an operator would.
final class CLIProcessTests: XCTestCase {
    static let binary: URL = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/continuum")
    }()

    func run(_ args: [String], dataDir: String) throws -> (status: Int32, out: String, err: String) {
        try runContinuum(args, dataDir: dataDir)
    }

    func tempDir() -> String {
        let dir = NSTemporaryDirectory() + "continuum-cli-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/gias-edubasealldata-sample.csv").path

    func testRulesThroughTheBinary() throws {
        let result = try run(["rules", "stage", "--dob", "2011-09-01", "--on", "2024-10-01"], dataDir: tempDir())
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.out.trimmingCharacters(in: .newlines), #"{"year_group":8,"key_stage":3,"compulsory_school_age":true}"#)
        let bad = try run(["rules", "school-days", "--from", "2024-13-01", "--to", "2025-01-10"], dataDir: tempDir())
        XCTAssertEqual(bad.status, 2)
    }

    /// Issue 14 item 5: the exit statuses and new keys reach the operator through the real binary.
    func testIssue14CorrectionsThroughTheBinary() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pupils = dir + "/pupils.csv", candidates = dir + "/candidates.csv"
        try "id,easting,northing\nc1,385000,255000\n".write(toFile: pupils, atomically: true, encoding: .utf8)
        try "id,name,easting,northing\nA,Site A,385000,255000\n".write(toFile: candidates, atomically: true, encoding: .utf8)
        let tooMany = try run(["plan", "sites", "--pupils", pupils, "--candidates", candidates, "--p", "2", "--format", "json"], dataDir: dir)
        XCTAssertEqual(tooMany.status, 2, tooMany.err)
        let unknownKeep = try run(["plan", "sites", "--pupils", pupils, "--candidates", candidates, "--p", "1", "--keep", "Z", "--format", "json"], dataDir: dir)
        XCTAssertEqual(unknownKeep.status, 2, unknownKeep.err)
        let excepted = try run(["rules", "ehc-timeline", "--request", "2024-01-31", "--exception", "a", "--decision-exception", "b"], dataDir: dir)
        XCTAssertEqual(excepted.status, 0, excepted.err)
        XCTAssertTrue(excepted.out.hasPrefix(#"{"decision_due":null,"advice_due":null,"not_issuing_notice_due":null,"final_due":null,"as_soon_as_practicable":true,"#), excepted.out)
        let late = try run(["rules", "ehc-timeline", "--request", "2030-12-01"], dataDir: dir)
        XCTAssertTrue(late.out.contains(#""warnings":["#), late.out)
    }

    func testGIASImportRejectsTheShiftedRowAndImportsNothing() throws {
        let dir = tempDir()
        let result = try run(["import", "establishments", Self.fixture], dataDir: dir)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.err.contains("line 6"), result.err)
        XCTAssertTrue(result.err.contains("nothing imported"))
        let audit = try run(["audit", "verify"], dataDir: dir)
        XCTAssertEqual(audit.status, 0, audit.err)
    }

    func testGIASImportOfTheGoodRowsAndAuditVerifyDetectsTampering() async throws {
        let dir = tempDir()
        // The four well-formed rows of the fixture: header plus lines 2–5.
        let lines = try String(contentsOfFile: Self.fixture, encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        let good = dir + "/good.csv"
        try lines.prefix(5).joined(separator: "\n").write(toFile: good, atomically: true, encoding: .utf8)
        let imported = try run(["import", "establishments", good], dataDir: dir)
        XCTAssertEqual(imported.status, 0, imported.err)
        XCTAssertTrue(imported.out.contains("read 4, added 4, updated 0"), imported.out)
        let again = try run(["import", "establishments", good], dataDir: dir)
        XCTAssertTrue(again.out.contains("added 0, updated 4"), again.out)
        let created = try run(["user", "create", "--email", "new.officer@example.org", "--role", "caseworker"], dataDir: dir)
        XCTAssertNotEqual(created.status, 0, "no authority yet: refused with a message")
        XCTAssertEqual(try run(["audit", "verify"], dataDir: dir).status, 0)

        // Tamper with the file directly, as someone with database access might.
        let app = try await Application.make(.testing)
        var config = AppConfiguration.testing(env: [:])
        config.database = .sqliteFile(path: dir + "/continuum.sqlite")
        try await configure(app, config: config)
        // With the owner's rights: the append-only triggers go first (migration 033).
        try await ProtectAuditTable.dropTriggers(app.db as! any SQLDatabase)
        try await (app.db as! any SQLDatabase).update(AuditEvent.schema).set("detail", to: "nothing to see").where("seq", .equal, 1).run()
        try await app.asyncShutdown()

        let verify = try run(["audit", "verify"], dataDir: dir)
        XCTAssertNotEqual(verify.status, 0)
        XCTAssertTrue(verify.err.contains("row 1"), verify.err)
    }
}
