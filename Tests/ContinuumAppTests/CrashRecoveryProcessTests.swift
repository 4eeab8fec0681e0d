import Foundation
import XCTest

/// Issue 13, the crash figure at CI size: scripts/security/crash-test.py kills the built `continuum serve`
/// with SIGKILL at 3 random points under a write load (referrals, EHC messages, EHC imports) on SQLite,
/// restarts it each time and checks that every acknowledged write is in the database with its audit row
/// and that `continuum audit verify` says intact. The campaign runs the same script at 20 points on
/// SQLite and PostgreSQL against the release build (SECURITY-RESULTS-G2.md).
final class CrashRecoveryProcessTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testKill9AtThreePointsLosesNoAcknowledgedWriteAndKeepsTheAuditChain() throws {
        let binary = Self.root.appendingPathComponent(".build/debug/continuum").path
        let script = Self.root.appendingPathComponent("scripts/security/crash-test.py").path
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { throw XCTSkip("python3 is not installed") }
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary), "build first: \(binary)")
        let out = NSTemporaryDirectory() + "crash-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        // Port 8096: outside the browser lane's 8089/8091 and the ports the other campaign scripts default to (8097-8099).
        process.arguments = [script, "--points", "3", "--db", "sqlite", "--binary", binary, "--port", ProcessInfo.processInfo.environment["CRASH_TEST_PORT"] ?? "8096",
                             "--min-load", "1", "--max-load", "3", "--out", out]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DATABASE_URL")
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Bounded: the script's own timeouts end it well before this.
        let deadline = Date().addingTimeInterval(600)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.5) }
        if process.isRunning { process.interrupt(); Thread.sleep(forTimeInterval: 3); if process.isRunning { process.terminate() } }
        let log = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 0, log)
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any] ?? [:]
        XCTAssertEqual(summary["ok"] as? Bool, true, log)
        XCTAssertEqual(summary["lost_total"] as? Int, 0, log)
        XCTAssertEqual(summary["unaudited_total"] as? Int, 0, log)
        let acked = summary["acked_total"] as? [String: Int] ?? [:]
        XCTAssertGreaterThan(acked.values.reduce(0, +), 0, "the load acknowledged writes: \(log)")
        XCTAssertEqual((summary["checker_self_test"] as? [String: Any])?["ok"] as? Bool, true, "the checker notices a lost write")
        XCTAssertEqual((summary["results"] as? [[String: Any]])?.count, 3)
    }
}
