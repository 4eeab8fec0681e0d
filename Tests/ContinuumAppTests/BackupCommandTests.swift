import Foundation
import XCTest
@testable import ContinuumApp

/// Backup and restore through the real binary on a real SQLite file (SECURITY.md: backup → restore → verify, 0 differences).
final class BackupCommandTests: XCTestCase {
    func testBackupRestoreRoundTripLeavesNoDifferencesAndKeepsTheReplacedDatabase() throws {
        let dir = NSTemporaryDirectory() + "continuum-backup-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(try runContinuum(["migrate"], dataDir: dir).status, 0)
        func auditRows() throws -> Int {
            let out = try runContinuum(["audit", "verify"], dataDir: dir).out
            return Int(out.components(separatedBy: "intact: ").last?.components(separatedBy: " ").first ?? "") ?? -1
        }
        let backup = dir + "/backup.sqlite"
        let made = try runContinuum(["backup", "--out", backup], dataDir: dir)
        XCTAssertEqual(made.status, 0, made.err)
        XCTAssertTrue(made.out.contains("backup written to \(backup)"), made.out)
        XCTAssertTrue(made.out.contains("audit chain intact"), made.out)
        let again = try runContinuum(["backup", "--out", backup], dataDir: dir)
        XCTAssertEqual(again.status, 2, "an existing backup is never overwritten")

        // Changes after the backup: each backup appends its own audit row to the live database (not to the copy).
        let inBackup = try auditRows() - 1
        XCTAssertEqual(try runContinuum(["backup", "--out", dir + "/second.sqlite"], dataDir: dir).status, 0)
        XCTAssertEqual(try auditRows(), inBackup + 2)
        // A database in use (its -shm file is there) is not replaced unless the operator insists.
        let shm = dir + "/continuum.sqlite-shm"
        XCTAssertTrue(FileManager.default.createFile(atPath: shm, contents: Data()))
        let inUse = try runContinuum(["restore", "--from", backup], dataDir: dir)
        XCTAssertEqual(inUse.status, 2)
        XCTAssertTrue(inUse.err.contains("stop the service first"), inUse.err)
        try FileManager.default.removeItem(atPath: shm)
        let restored = try runContinuum(["restore", "--from", backup], dataDir: dir)
        XCTAssertEqual(restored.status, 0, restored.err)
        XCTAssertTrue(restored.out.contains("identical to the backup"), restored.out)
        XCTAssertTrue(restored.out.contains("the previous database is kept at"), restored.out)
        let kept = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("continuum.sqlite.before-restore-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
        XCTAssertEqual(kept.count, 1)
        XCTAssertEqual(try auditRows(), inBackup + 1, "back to the backup's rows, plus the restore's own audit row")

        // Not a backup: refused, nothing touched.
        let junk = dir + "/junk.sqlite"
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: junk))
        let refused = try runContinuum(["restore", "--from", junk], dataDir: dir)
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.err.contains("is not a SQLite backup"), refused.err)
        XCTAssertEqual(try runContinuum(["restore"], dataDir: dir).status, 2)
    }
}
