import Fluent
import NIOConcurrencyHelpers
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Records how many Fluent queries each request ran, for the no-N+1 tests.
struct QueryCountingMiddleware: AsyncMiddleware {
    static let last = NIOLockedValueBox(0)
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        req.fluent.history.start()
        let response = try await next.respond(to: req)
        Self.last.withLockedValue { $0 = req.fluent.history.queries.count }
        return response
    }
}

final class ChildrenTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func someChild(withUPN: Bool = true) async throws -> Child {
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        return try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$upn != nil).sort(\.$legalSurname).first()!
    }

    func testCaseworkerFindsAChildByUPNAndOpensTheRecord() async throws {
        let child = try await someChild()
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        let results = try await client.get("/children?q=\(child.upn!.lowercased())")
        XCTAssertEqual(results.status, .ok)
        XCTAssertTrue(results.body.contains("1 child"))
        XCTAssertTrue(results.body.contains("/children/\(child.id!.uuidString)"))
        let record = try await client.get("/children/\(child.id!.uuidString)")
        XCTAssertTrue(record.body.contains(">\(child.upn!)</dd>"))
        XCTAssertTrue(record.body.contains("<h1 class=\"govuk-heading-l\">\(child.legalForename) \(child.legalSurname)</h1>"))
    }

    func testSearchByNameMatchesPartsOfNamesCaseInsensitively() async throws {
        let child = try await someChild()
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        let results = try await client.get("/children?q=\(child.legalSurname.uppercased())")
        XCTAssertTrue(results.body.contains("/children/\(child.id!.uuidString)"))
        let none = try await client.get("/children?q=zzzznotaname")
        XCTAssertTrue(none.body.contains("No children match your search."))
    }

    func testSearchBySchoolURN() async throws {
        let child = try await Child.query(on: app.db).filter(\.$homeSchool.$id != nil).with(\.$homeSchool).first()!
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        let results = try await client.get("/children?school=\(child.homeSchool!.urn)")
        XCTAssertTrue(results.body.contains("/children/\(child.id!.uuidString)"))
        let expected = try await Child.query(on: app.db).filter(\.$homeSchool.$id == child.$homeSchool.id!).count()
        XCTAssertTrue(results.body.contains(expected == 1 ? ">1 child<" : ">\(expected) children"), "caption counts the school's pupils")
    }

    func testSchoolUserSeesOnlyTheirOwnPupils() async throws {
        let senco = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        let own = try await Child.query(on: app.db).filter(\.$homeSchool.$id == senco.$school.id!).count()
        let client = TestClient(app)
        try await client.signIn(as: .schoolUser)
        let list = try await client.get("/children")
        XCTAssertTrue(list.body.contains(own == 1 ? ">1 child" : ">\(own) children"))
        let other = try await Child.query(on: app.db).filter(\.$homeSchool.$id != senco.$school.id!).first()!
        assertEqual(try await client.get("/children/\(other.id!)").status, .notFound)
    }

    func testParentSeesOnlyTheirChildAndHealthOnlyConsentedReferrals() async throws {
        let parent = TestClient(app)
        try await parent.signIn(as: .parentCarer)
        assertTrue(try await parent.get("/children").body.contains(">1 child"))

        let health = TestClient(app)
        try await health.signIn(as: .healthProfessional)
        assertTrue(try await health.get("/children").body.contains(">5 children"), "six referrals, one without consent")
    }

    func testConfidentialAddressIsHiddenFromSchoolUsers() async throws {
        let senco = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        let child = try await Child.query(on: app.db).filter(\.$homeSchool.$id == senco.$school.id!).first()!
        child.confidentialAddress = true
        try await child.save(on: app.db)
        let school = TestClient(app)
        try await school.signIn(as: .schoolUser)
        let seen = try await school.get("/children/\(child.id!)")
        XCTAssertTrue(seen.body.contains("Confidential: not shown"))
        XCTAssertFalse(seen.body.contains(child.homePostcode!))
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        assertTrue(try await caseworker.get("/children/\(child.id!)").body.contains(child.homePostcode!))
    }

    func testEveryViewIsAuditedAndShownOnTheRecord() async throws {
        let child = try await someChild()
        let teacher = TestClient(app)
        try await teacher.signIn(as: .caseworker)
        try await teacher.get("/children/\(child.id!)")
        let views = try await AuditEvent.query(on: app.db).filter(\.$childID == child.id!).filter(\.$action == "child.view").all()
        XCTAssertEqual(views.count, 1)
        XCTAssertEqual(views.first?.actor, TestWorld.email(for: .caseworker))
        let admin = TestClient(app)
        try await admin.signIn(as: .administrator)
        let page = try await admin.get("/children/\(child.id!)")
        XCTAssertTrue(page.body.contains("Who has looked at this record"))
        XCTAssertTrue(page.body.contains(TestWorld.email(for: .caseworker)))
        assertTrue(try await AuditLog.verify(on: app.db).firstBad == nil)
    }

    func testOutOfScopeAttemptIsAuditedAndLooksLikeAMissingRecord() async throws {
        let neighbour = try await Child.query(on: app.db).filter(\.$legalSurname == "Outofscope").first()!
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        let outOfScope = try await client.get("/children/\(neighbour.id!)")
        let missing = try await client.get("/children/\(UUID())")
        XCTAssertEqual(outOfScope.status, .notFound)
        XCTAssertEqual(missing.status, .notFound)
        XCTAssertEqual(outOfScope.body.replacingOccurrences(of: client.csrf, with: ""), missing.body.replacingOccurrences(of: client.csrf, with: ""))
        let denied = try await AuditEvent.query(on: app.db).filter(\.$action == AccessDenial.action).filter(\.$entityType == "child").filter(\.$entityID == neighbour.id!.uuidString).count()
        XCTAssertEqual(denied, 1)
    }

    func testChildrenListRunsAFixedNumberOfQueries() async throws {
        app.middleware.use(QueryCountingMiddleware())
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        try await client.get("/children")
        let fullPage = QueryCountingMiddleware.last.withLockedValue { $0 }
        let child = try await someChild()
        try await client.get("/children?q=\(child.upn!)")
        let oneRow = QueryCountingMiddleware.last.withLockedValue { $0 }
        XCTAssertGreaterThan(fullPage, 0)
        XCTAssertEqual(fullPage, oneRow, "50 rows and 1 row must cost the same number of queries")
        XCTAssertLessThanOrEqual(fullPage, 10)
    }

    func testHostileSearchTextIsEscaped() async throws {
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        let result = try await client.get("/children?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
        XCTAssertEqual(result.status, .ok)
        XCTAssertFalse(result.body.contains("<script>alert(1)"))
        XCTAssertTrue(result.body.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""))
    }

    func testAggregateRolesSeeSuppressedCountsAndNoChildren() async throws {
        let member = TestClient(app)
        try await member.signIn(as: .electedMember)
        let home = try await member.get("/")
        XCTAssertTrue(home.body.contains("Children known to the SEND service by SEN provision"))
        assertEqual(try await member.get("/children").status, .notFound)
    }
}
