import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// The attendance commands through the real `continuum` binary and a real SQLite file, as an
/// operator runs them: exit statuses, what goes to stdout and what to stderr.
final class AttendanceCLIProcessTests: XCTestCase {
    func run(_ args: [String], dataDir: String) throws -> (status: Int32, out: String, err: String) {
        try runContinuum(args, dataDir: dataDir)
    }

    func testImportAndReportThroughTheBinary() async throws {
        let files = try AttendanceFiles()
        let dir = files.directory.path
        // An authority to match children against, made directly so the test needs no demo seed.
        let app = try await Application.make(.testing)
        var config = AppConfiguration.testing(env: [:])
        config.database = .sqliteFile(path: dir + "/continuum.sqlite")
        try await configure(app, config: config)
        try await app.autoMigrate()
        try await Authority(name: "Test County Council", laCode: "885", namedOfficer: "n/a").create(on: app.db)
        try await app.asyncShutdown()

        let upn = AttendanceFiles.unmatchedUPN(1)
        let days = AttendanceFiles.weekdays(from: CalendarDate(year: 2024, month: 9, day: 2), count: 16)
        let good = try files.write("good.csv", AttendanceFiles.rows(upn, urn: 116003, days: days, code: "I"))
        let imported = try run(["import", "attendance", good], dataDir: dir)
        XCTAssertEqual(imported.status, 0, imported.err)
        XCTAssertEqual(imported.out, "read 32, added 32, corrected 0, unchanged 0, unmatched UPNs 1\n")
        let again = try run(["import", "attendance", good], dataDir: dir)
        XCTAssertEqual(again.out, "read 32, added 0, corrected 0, unchanged 32, unmatched UPNs 1\n")

        let bad = try files.write("bad.csv", ["\(upn),116003,2024-09-02,AM,/", "\(upn),116003,2024-09-02,XX,/", "\(upn),URN,2024-09-03,AM,/"])
        let refused = try run(["import", "attendance", bad], dataDir: dir)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.err.contains("line 3") && refused.err.contains("line 4"), refused.err)

        let report = try run(["report", "illness-absence", "--academic-year", "2024", "--format", "csv"], dataDir: dir)
        XCTAssertEqual(report.status, 0, report.err)
        XCTAssertEqual(report.out, "upn,academic_year,illness_days,longest_consecutive_days,reached_15_on\n\(upn),2024,16.0,16,2024-09-20\n")
        XCTAssertEqual(try run(["import", "attendance"], dataDir: dir).status, 2)
        XCTAssertEqual(try run(["audit", "verify"], dataDir: dir).status, 0)
        try? FileManager.default.removeItem(at: files.directory)
    }
}
