import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

final class PlanningPageTests: XCTestCase {
    var app: Application!
    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func testCoordinatorComparesScenariosAndSeesEachChildsChangeWithoutAnyLocation() async throws {
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        let page = try await coordinator.get("/planning?children=year&hubs=2")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("Scenarios compared with today"))
        XCTAssertTrue(page.body.contains("2 new hubs, least travel (proved optimal)"))
        XCTAssertTrue(page.body.contains("Travel-time model:"))
        XCTAssertTrue(page.body.contains("By SEN status"))
        XCTAssertTrue(page.body.contains("Children by minutes to the nearest site"))
        XCTAssertTrue(page.body.contains("distribution-title"), "the distribution chart")
        XCTAssertTrue(page.body.contains("longest increase first"))
        // A child in the cohort appears by name with their change, but never their postcode.
        let recent = try await Referral.query(on: app.db).filter(\.$receivedOn >= CalendarDate.today().adding(days: -365)).with(\.$child).all()
            .first { $0.child.homePostcode != nil }!
        XCTAssertTrue(page.body.contains("/children/\(recent.child.id!.uuidString)"))
        XCTAssertFalse(page.body.contains(recent.child.homePostcode!), "no child's postcode is shown")
        XCTAssertTrue(page.body.contains("Longer by") || page.body.contains("Shorter by") || page.body.contains("No change"))
        let teacher = TestClient(app)
        try await teacher.signIn(as: .metTeacher)
        assertEqual(try await teacher.get("/planning").status, .notFound)
        let audited = try await AuditEvent.query(on: app.db).filter(\.$action == "planning.view").count()
        XCTAssertEqual(audited, 1)
        let listed = try await AuditEvent.query(on: app.db).filter(\.$action == "planning.journey.view").filter(\.$childID == recent.child.id!).count()
        XCTAssertEqual(listed, 1, "each child listed by name is an audited read")
        // Caseworkers see the figures, not the list of children.
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        let figures = try await caseworker.get("/planning?children=year&hubs=2")
        XCTAssertEqual(figures.status, .ok)
        XCTAssertFalse(figures.body.contains("/children/\(recent.child.id!.uuidString)"))
        XCTAssertTrue(figures.body.contains("Scenarios compared with today"))
    }

    func testTypedSitesPeriodsAndCoverageAreCheckedAndCompared() async throws {
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        let bad = try await coordinator.get("/planning?children=period&from=2025-02-30&to=&hubs=12&within=2&sites=" + TestClient.escape("Old library\nHub, ZZ9 9ZZ"))
        XCTAssertEqual(bad.status, .unprocessableEntity)
        for anchor in ["#from", "#to", "#hubs", "#within", "#sites"] { XCTAssertTrue(bad.body.contains("href=\"\(anchor)\""), anchor) }
        XCTAssertTrue(bad.body.contains("line 1: write the site as"))
        XCTAssertTrue(bad.body.contains("line 2: &quot;ZZ9 9ZZ&quot;") || bad.body.contains("line 2: \"ZZ9 9ZZ\"") || bad.body.contains("ZZ9 9ZZ is not a postcode we can locate"), bad.body)
        let reversed = try await coordinator.get("/planning?children=period&from=2025-06-01&to=2025-01-01")
        XCTAssertTrue(reversed.body.contains("The end date must be on or after the start date"))

        let postcode = try await Child.query(on: app.db).filter(\.$homePostcode != nil).first()!.homePostcode!
        let sites = TestClient.escape("Former library, \(postcode)")
        let page = try await coordinator.get("/planning?children=period&from=\(CalendarDate.today().adding(days: -730))&to=\(CalendarDate.today())&hubs=1&objective=coverage&within=20&sites=\(sites)")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("Today&#39;s bases and the 1 site typed in") || page.body.contains("Today's bases and the 1 site typed in"))
        XCTAssertTrue(page.body.contains("1 new hub, most children within 20 minutes"))
        XCTAssertTrue(page.body.contains("Within 20"))
        XCTAssertTrue(page.body.contains("Former library"))

        // Keeping today's bases makes them fixed sites: adding a hub can only shorten journeys.
        let kept = try await coordinator.get("/planning?children=year&hubs=1&keep=bases")
        XCTAssertEqual(kept.status, .ok)
        let label = "Today&#39;s bases kept and 1 new hub, least travel (proved optimal)"
        let row = try XCTUnwrap(kept.body.components(separatedBy: "<tr").first { $0.contains(label) || $0.contains("Today's bases kept and 1 new hub") })
        let cells = row.components(separatedBy: "<td").dropFirst().map { cell in
            String(cell.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" })
        }
        XCTAssertEqual(cells.count, 8, row)
        XCTAssertEqual(cells[6], "0", "no child's journey gets longer when the bases are kept")
    }
}
