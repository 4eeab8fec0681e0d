import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Dates at the edges of the calendar, typed into pages or files, get a clear message and never stop the service.
final class ExtremeInputTests: XCTestCase {
    var app: Application!
    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func testEdgeOfCalendarDatesInPagesAreRefusedNotFatal() async throws {
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        for at in ["0001-03-01", "9999-12-31", "1/3/1"] {
            let census = try await coordinator.get("/medical-education/census?at=\(at)")
            XCTAssertTrue(census.body.contains("Census date must be a real date"), "census at=\(at): \(census.status)")
        }
        let admin = TestClient(app)
        try await admin.signIn(as: .administrator)
        let audit = try await admin.get("/admin/audit?to=9999-12-31&from=0001-01-01")
        XCTAssertTrue(audit.body.contains("To date must be a real date"))
        XCTAssertTrue(audit.body.contains("From date must be a real date"))
        // The service is still up.
        assertEqual(try await admin.get("/").status, .ok)
    }

    func testEdgeOfCalendarDatesInImportsAreBadLines() async throws {
        let rows = ["upn,request_date,decision,decision_date,final_date,exception",
                    "\(UPN.make(laCode: "885", establishment: "2998", year2: 5, serial: 1).value),9999-10-01,assess,,,",
                    "\(UPN.make(laCode: "885", establishment: "2998", year2: 5, serial: 2).value),2024-01-02,assess,2024-02-01,9999-12-31,"]
        let path = NSTemporaryDirectory() + "ehc-edge-\(UUID().uuidString).csv"
        try rows.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await EHCImportCommand.run(["--la-code", "885", path], app: app)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("line 2: request_date \"9999-10-01\""), result.stderr)
        XCTAssertTrue(result.stderr.contains("line 3: final_date \"9999-12-31\""), result.stderr)
    }
}
