import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

final class EvidenceTests: XCTestCase {
    var app: Application!
    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func testUploadIsCheckedByContentStoredPrivatelyAndServedOnlyThroughTheAccessCheck() async throws {
        let referral = try await Referral.query(on: app.db).filter(\.$status == "received").filter(\.$authority.$id == TestWorld.demoAuthorityID(app.db)).first()!
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        try await coordinator.get("/referrals/\(referral.id!)")

        let fake = try await coordinator.postFile("/referrals/\(referral.id!)/evidence", fields: ["evidenceType": "gp"], fileField: "file", filename: "letter.pdf", bytes: Array("<html>not a pdf</html>".utf8))
        XCTAssertEqual(fake.status, .unprocessableEntity)
        XCTAssertTrue(fake.body.contains("href=\"#file\">The file must be a PDF, JPEG or PNG"))
        let big = try await coordinator.postFile("/referrals/\(referral.id!)/evidence", fields: ["evidenceType": "gp"], fileField: "file", filename: "scan.pdf",
                                                 bytes: Array("%PDF-1.4\n".utf8) + [UInt8](repeating: 0x20, count: 10 * 1024 * 1024 + 1))
        XCTAssertEqual(big.status, .unprocessableEntity)
        XCTAssertTrue(big.body.contains("smaller than 10 MB"))
        assertEqual(try await Evidence.query(on: app.db).count(), 0, "nothing stored for refused uploads")

        let pdf = Array("%PDF-1.4\n%âãÏÓ\n1 0 obj\n".utf8)
        let ok = try await coordinator.postFile("/referrals/\(referral.id!)/evidence", fields: ["evidenceType": "gp"], fileField: "file", filename: "gp-letter.txt", bytes: pdf)
        XCTAssertEqual(ok.status, .seeOther)
        let evidence = try await Evidence.query(on: app.db).first()!
        XCTAssertEqual(evidence.contentType, "application/pdf", "type decided by content, not the .txt name")
        let stored = app.continuumConfiguration.dataDirectory + "/uploads/" + evidence.storedName
        XCTAssertEqual(FileManager.default.contents(atPath: stored).map { Array($0) }, pdf)
        assertEqual(try await Referral.find(referral.id, on: app.db)!.evidenceReceivedOn, CalendarDate.today())

        let download = try await coordinator.get("/referrals/\(referral.id!)/evidence/\(evidence.id!)")
        XCTAssertEqual(download.status, .ok)
        XCTAssertTrue(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") == true)
        XCTAssertEqual(download.headers.first(name: .contentType), "application/pdf")

        let neighbour = TestClient(app)
        _ = try await neighbour.signIn(TestWorld.neighbourCaseworker)
        assertEqual(try await neighbour.get("/referrals/\(referral.id!)/evidence/\(evidence.id!)").status, .notFound)
    }
}
