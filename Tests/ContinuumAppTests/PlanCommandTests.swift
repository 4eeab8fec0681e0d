import Foundation
import XCTest
@testable import ContinuumApp

/// `continuum plan sites` end to end: real files, the bundled ONS postcode centroids, the exact solver.
final class PlanCommandTests: XCTestCase {
    private func write(_ name: String, _ text: String, in dir: String) throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testMedianJSONShapeUnknownPostcodesAndErrors() throws {
        let dir = NSTemporaryDirectory() + "plan-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Children at known grid points: two near A (0 m and 500 m away), one near B (1,000 m); A and B are 10 km apart.
        let pupils = try write("pupils.csv", "id,easting,northing\nc1,385000,255000\nc2,385500,255000\nc3,395000,255000\n", in: dir)
        let candidates = try write("candidates.csv", "id,name,easting,northing\nA,Site A,385000,255000\nB,Site B,396000,255000\n", in: dir)
        let one = PlanCommand.run(["sites", "--pupils", pupils, "--candidates", candidates, "--p", "1", "--format", "json"])
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertTrue(one.stdout.hasPrefix("{\"objective\":\"median\",\"p\":1,\"chosen\":[\"A\"],"), one.stdout)
        // minutes = metres × 1.3 ÷ 500: c1 0, c2 1.3, c3 26 → total 27.3.
        XCTAssertTrue(one.stdout.contains("\"total_minutes\":27.3"), one.stdout)
        XCTAssertTrue(one.stdout.contains("\"within\":{\"15\":2,\"30\":3,\"45\":3}"), one.stdout)
        XCTAssertTrue(one.stdout.contains("\"optimal\":true"), one.stdout)
        XCTAssertTrue(one.stdout.contains("\"assignments_file\":null"))
        XCTAssertTrue(one.stdout.contains("\"left_out\":0"))
        XCTAssertTrue(one.stderr.contains("model:"), "the travel-time model is stated")

        let two = PlanCommand.run(["sites", "--pupils", pupils, "--candidates", candidates, "--p", "2", "--keep", "B", "--format", "json"])
        XCTAssertTrue(two.stdout.contains("\"chosen\":[\"A\",\"B\"]"), two.stdout)

        let byPostcode = try write("postcodes.csv", "id,postcode\np1,B60 1AA\np2,ZZ99 9ZZ\n", in: dir)
        let unknown = PlanCommand.run(["sites", "--pupils", byPostcode, "--candidates", candidates, "--p", "1", "--format", "json"])
        XCTAssertEqual(unknown.status, 0, unknown.stderr)
        XCTAssertTrue(unknown.stdout.contains("\"left_out\":1"))
        XCTAssertTrue(unknown.stderr.contains("p2"), "unknown postcodes are listed on standard error")

        XCTAssertEqual(PlanCommand.run(["sites", "--pupils", pupils, "--candidates", candidates, "--p", "3", "--format", "json"]).status, 2, "p larger than the candidates is bad input (issue 14)")
        XCTAssertEqual(PlanCommand.run(["sites", "--pupils", pupils, "--candidates", candidates, "--p", "x"]).status, 2)
        XCTAssertEqual(PlanCommand.run(["sites", "--pupils", pupils, "--candidates", candidates, "--p", "1", "--keep", "Z"]).status, 2, "an unknown --keep is bad input (issue 14)")
        XCTAssertEqual(PlanCommand.run(["sites", "--pupils", pupils, "--candidates", candidates, "--p", "1", "--objective", "coverage"]).status, 2, "coverage needs --within")
        let coverage = PlanCommand.run(["sites", "--pupils", pupils, "--candidates", candidates, "--p", "1", "--objective", "coverage", "--within", "10", "--format", "json"])
        XCTAssertTrue(coverage.stdout.contains("\"objective\":\"coverage\"") && coverage.stdout.contains("\"chosen\":[\"A\"]"), coverage.stdout)
        let bad = try write("bad.csv", "id,easting,northing\nc1,abc,255000\n", in: dir)
        let malformed = PlanCommand.run(["sites", "--pupils", bad, "--candidates", candidates, "--p", "1"])
        XCTAssertEqual(malformed.status, 1)
        XCTAssertTrue(malformed.stderr.contains("line 2"), malformed.stderr)
    }

    /// Issue 14 item 5: bad input exits with status 2 and one message naming the problem, as the README documents
    /// for every command; only a file that can't be read as the format is status 1.
    func testBadInputIsStatusTwoWithTheReason() throws {
        let dir = NSTemporaryDirectory() + "plan-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pupils = try write("pupils.csv", "id,easting,northing\nc1,385000,255000\n", in: dir)
        let candidates = try write("candidates.csv", "id,name,easting,northing\nA,Site A,385000,255000\nB,Site B,396000,255000\n", in: dir)
        let base = ["sites", "--pupils", pupils, "--candidates", candidates]
        let tooMany = PlanCommand.run(base + ["--p", "3"])
        XCTAssertEqual(tooMany.status, 2)
        XCTAssertEqual(tooMany.stdout, "")
        XCTAssertTrue(tooMany.stderr.contains("only 2 candidate sites"), tooMany.stderr)
        let unknownKeep = PlanCommand.run(base + ["--p", "1", "--keep", "Z"])
        XCTAssertEqual(unknownKeep.status, 2)
        XCTAssertTrue(unknownKeep.stderr.contains("\"Z\""), unknownKeep.stderr)
        XCTAssertEqual(PlanCommand.run(base + ["--p", "1", "--keep", "A,B"]).status, 2, "more kept sites than p")
        XCTAssertEqual(PlanCommand.run(base + ["--p", "0"]).status, 2)
        XCTAssertEqual(PlanCommand.run(base + ["--p", "2"]).status, 0, "p equal to the candidates is allowed")
        let noSites = try write("none.csv", "id,name,easting,northing\n", in: dir)
        XCTAssertEqual(PlanCommand.run(["sites", "--pupils", pupils, "--candidates", noSites, "--p", "1"]).status, 1,
                       "a file with no usable sites is a data failure, not a usage error")
    }
}
