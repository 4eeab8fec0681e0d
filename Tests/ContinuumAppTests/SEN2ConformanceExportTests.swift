import Fluent
import Foundation
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 14, SEN2 conformance on a real database: the placement the plan names, ActivePlans inside the
/// request that led to the plan, the new items from stored values, UPNunknown's reason, and a return
/// that fails `SEN2Validator` refused by the CLI (exit 2, nothing written) and by the download (422).
/// The census is in 2013, before any demo history, so only the records made here are in the return.
final class SEN2ConformanceExportTests: XCTestCase {
    static let census = CalendarDate(year: 2013, month: 1, day: 17)
    var app: Application!
    var authorityID: UUID!
    var home: Establishment!
    var placed: Establishment!

    override func setUp() async throws {
        app = try await TestWorld.makeApp()
        authorityID = try await TestWorld.demoAuthorityID(app.db)
        home = Establishment(urn: 999_901, laCode: "885", establishmentNumber: "9901", name: "Continuum Test Primary", typeName: "Community school",
                             phase: "Primary", statutoryLowAge: 4, statutoryHighAge: 11, postcode: "WR1 1AA", easting: nil, northing: nil)
        placed = Establishment(urn: 999_902, laCode: "885", establishmentNumber: "7901", name: "Continuum Test Special", typeName: "Community special school",
                               phase: "Not applicable", statutoryLowAge: 2, statutoryHighAge: 19, postcode: "WR2 2BB", easting: nil, northing: nil)
        try await home.create(on: app.db)
        try await placed.create(on: app.db)
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    @discardableResult
    func child(_ forename: String, dob: CalendarDate, upn: String?, school: Establishment?, primary: SENNeed?, secondary: SENNeed? = nil,
               ethnicity: String? = nil) async throws -> Child {
        let child = Child(authorityID: authorityID, legalForename: forename, legalSurname: "Sentwo", dateOfBirth: dob, upn: upn, sex: "F",
                          homePostcode: "WR1 1AA", homeSchoolID: school?.id, senProvision: .ehcPlan, primaryNeed: primary, secondaryNeed: secondary)
        child.ethnicity = ethnicity
        try await child.create(on: app.db)
        return child
    }

    @discardableResult
    func plan(for child: Child, requested: CalendarDate, final: CalendarDate, placement: String?, requester: EHCRequester = .imported,
              configure: (EHCCase) -> Void = { _ in }) async throws -> EHCCase {
        let item = EHCCase(authorityID: authorityID, childID: child.id, upn: child.upn, requestedOn: requested, requester: requester,
                           requesterName: nil, summary: nil, source: "import")
        item.stageRaw = EHCStage.finalIssued.rawValue
        item.decisionOn = requested.adding(days: 40)
        item.finalIssuedOn = final; item.assessmentClosedOn = final
        item.placement = placement
        configure(item)
        try await item.create(on: app.db)
        return item
    }

    func testThePlanNamesThePlacementAndActivePlansSitInTheRequestThatLedToIt() async throws {
        // Year 6 on the census date: a phase transfer to secondary in September 2013.
        let dob = CalendarDate(year: 2002, month: 3, day: 1)
        let upn = UPN.make(laCode: "885", establishment: "9901", year2: 2, serial: 1).value
        let ava = try await child("Ava", dob: dob, upn: upn, school: home, primary: .ds, secondary: .slcn, ethnicity: "wbri")
        // Requested in 2009, long before the return's period: reported because its plan is in force.
        let item = try await plan(for: ava, requested: CalendarDate(year: 2009, month: 1, day: 5), final: CalendarDate(year: 2009, month: 6, day: 1),
                                  placement: "Continuum Test Special, URN 999902") {
            $0.reviewMeetingOn = CalendarDate(iso: "2012-11-01")!; $0.lastReviewOn = CalendarDate(iso: "2012-11-20")!
        }
        try await EHCCaseEvent(caseID: item.id!, on: CalendarDate(year: 2012, month: 12, day: 20), summary: SEN2ExportCommand.amendedPlanIssued, by: "test").create(on: app.db)

        // No UPN and no school, aged 4: UN1. A stored request source (health) where the requester alone would say "parent".
        let bea = try await child("Bea", dob: CalendarDate(year: 2008, month: 9, day: 1), upn: nil, school: nil, primary: .asd)
        let pending = EHCCase(authorityID: authorityID, childID: bea.id, upn: nil, requestedOn: CalendarDate(year: 2012, month: 6, day: 1), requester: .parent,
                              requesterName: nil, summary: nil)
        pending.stageRaw = EHCStage.assessing.rawValue; pending.decisionOn = CalendarDate(iso: "2012-07-01")!; pending.requestSource = "HE"
        try await pending.create(on: app.db)

        // A plan whose section I names no establishment the app knows: sent without a placement, and listed.
        let cara = try await child("Cara", dob: CalendarDate(year: 2004, month: 5, day: 1), upn: UPN.make(laCode: "885", establishment: "9901", year2: 4, serial: 2).value,
                                   school: home, primary: .asd)
        try await plan(for: cara, requested: CalendarDate(year: 2010, month: 3, day: 1), final: CalendarDate(year: 2010, month: 8, day: 1), placement: "Nowhere Academy")

        let found = try await SEN2ExportCommand.extract(authorityID: authorityID, census: Self.census, on: app.db)
        XCTAssertEqual(found.persons.map(\.forename), ["Ava", "Bea", "Cara"], "content order: surname, forename")
        let a = found.persons[0]
        XCTAssertEqual(a.requests.count, 1, "the request that led to the plan in force is reported")
        let active = try XCTUnwrap(a.requests[0].activePlan, "ActivePlans inside that request")
        XCTAssertEqual(active.placement?.urn, 999_902, "the placement named in the plan, not the home school (999901)")
        XCTAssertEqual(a.requests[0].plan?.placement?.urn, 999_902)
        XCTAssertEqual(active.needs, [.ds, .slcn])
        XCTAssertEqual(active.reviewMeeting, CalendarDate(year: 2012, month: 11, day: 1))
        XCTAssertEqual(active.lastReview, CalendarDate(year: 2012, month: 11, day: 20))
        XCTAssertEqual(active.reviewOutcome, .amend, "an amended plan was issued after the review")
        XCTAssertEqual(active.reviewDraft, CalendarDate(year: 2012, month: 11, day: 20))
        // SEND Regulations 2014 reg 18(1)(b): amended before 15 February of the transfer year (the domain's reading gives the day).
        let transfer = try XCTUnwrap(PhaseTransfer.next(dateOfBirth: dob, on: Self.census))
        XCTAssertEqual(active.phaseTransferDue, transfer.lastCompliantDay())
        XCTAssertEqual(active.phaseTransferDue?.year, 2013)
        XCTAssertEqual(active.phaseTransferFinal, CalendarDate(year: 2012, month: 12, day: 20))
        XCTAssertEqual(a.requests[0].source, .notKnown, "an imported request with no stored source")
        XCTAssertEqual(a.ethnicity, .wbri)

        let b = found.persons[1]
        XCTAssertNil(b.upn)
        XCTAssertEqual(b.upnUnknown, .un1, "under 6 and not in school, not the old fixed UN1 for everyone")
        XCTAssertEqual(b.requests.first?.source, .health, "the stored code wins")
        XCTAssertEqual(b.ethnicity, .notObtained, "NOBT when none is recorded")
        XCTAssertNil(b.activePlan)

        XCTAssertNil(found.persons[2].activePlan?.placement)
        XCTAssertTrue(found.problems.contains { $0.who == "Cara Sentwo" && $0.detail.contains("\"Nowhere Academy\" matches no establishment") },
                      "\(found.problems.map(\.detail))")

        // The CLI writes it: valid, and in the documented shape.
        let out = NSTemporaryDirectory() + "sen2-conformance-\(UUID().uuidString).xml"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try await SEN2ExportCommand.run(["sen2", "--la-code", "885", "--census-date", Self.census.description, "--out", out], app: app)
        XCTAssertEqual(result.status, 0, result.stderr)
        let xml = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(xml.contains("<Ethnicity>WBRI</Ethnicity>") && xml.contains("<Ethnicity>NOBT</Ethnicity>"))
        XCTAssertTrue(xml.contains("<RequestSource>NK</RequestSource>") && xml.contains("<RequestSource>HE</RequestSource>"))
        XCTAssertTrue(xml.contains("<UPNunknown>UN1</UPNunknown>"))
        XCTAssertTrue(xml.contains("<PlacementDetail><URN>999902</URN>") && !xml.contains("<URN>999901</URN>"))
        XCTAssertTrue(xml.contains("</Assessment>\n        <ActivePlans>"), "ActivePlans beside Assessment inside Requests")
    }

    func testAnInvalidReturnIsNotWrittenAndEachProblemIsNamed() async throws {
        // A plan in force with no primary need recorded: SEN2 requires SENtypeRank 1.
        let dana = try await child("Dana", dob: CalendarDate(year: 2003, month: 1, day: 1), upn: UPN.make(laCode: "885", establishment: "9901", year2: 3, serial: 3).value,
                                   school: home, primary: nil)
        try await plan(for: dana, requested: CalendarDate(year: 2010, month: 1, day: 4), final: CalendarDate(year: 2010, month: 6, day: 1), placement: "Home school")
        let out = NSTemporaryDirectory() + "sen2-invalid-\(UUID().uuidString).xml"
        let result = try await SEN2ExportCommand.run(["sen2", "--la-code", "885", "--census-date", Self.census.description, "--out", out], app: app)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("not written"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Person 1 (Dana Sentwo): SENneed: a plan in force needs its primary type of need"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing is written")
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "ehc.sen2_export").count(), 0, "no export happened")

        // "Home school" in the plan is the child's own school.
        let found = try await SEN2ExportCommand.extract(authorityID: authorityID, census: Self.census, on: app.db)
        XCTAssertEqual(found.persons.first?.activePlan?.placement?.urn, 999_901)
        XCTAssertTrue(found.problems.contains { $0.detail.hasPrefix("Stops the return being written: SENneed") }, "the check page lists it")

        // The officers' download refuses it too: a 422 with the problem, never a 500 or a file.
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        let download = try await client.get("/reports/sen2.xml?census=\(Self.census)")
        XCTAssertEqual(download.status, .unprocessableEntity)
        XCTAssertNil(download.headers.first(name: .contentDisposition))
        let page = try await client.get("/reports/sen2?census=\(Self.census)")
        XCTAssertTrue(page.body.contains("Stops the return being written"), "the problem is on the check page")
    }
}
