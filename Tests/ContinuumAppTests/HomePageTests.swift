import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 12 item 6: each role's home page shows what needs that person today, in a fixed number of queries.
final class HomePageTests: XCTestCase {
    /// More of everything the home pages list: referrals (one overdue, one accepted without provision), an EHC
    /// case allocated to the caseworker with advice asked of the health professional, and a review due.
    func addWork(_ app: Application, round: Int) async throws {
        let db = app.db
        let authorityID = try await TestWorld.demoAuthorityID(db)
        let senco = try await User.query(on: db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        let schoolChild = try await Child.query(on: db).filter(\.$homeSchool.$id == senco.$school.id!).first()!
        let parentChild = try await ChildRepository(principal: principal(for: .parentCarer, db: db), db: db).scoped()!.first()!
        let caseworker = try await User.query(on: db).filter(\.$email == TestWorld.email(for: .caseworker)).first()!.requireID()
        let health = try await User.query(on: db).filter(\.$email == TestWorld.email(for: .healthProfessional)).first()!.requireID()
        // Each round a day earlier, so no two rounds' cases share a request date (one case per child and day).
        let today = CalendarDate.today().adding(days: -round)
        for child in [schoolChild, parentChild] {
            try await DemoReferrals.referral(authorityID: authorityID, child: child, status: .received, reason: .anxietyMentalHealth,
                                             received: today.adding(days: -30), decided: nil).create(on: db)
            let accepted = DemoReferrals.referral(authorityID: authorityID, child: child, status: .accepted, reason: .anxietyMentalHealth,
                                                  received: today.adding(days: -40), decided: today.adding(days: -35))
            try await accepted.create(on: db)
            let review = CaseReview(); review.$referral.id = accepted.id!; review.dueOn = today.adding(days: 3)
            try await review.create(on: db)
            let item = EHCCase(authorityID: authorityID, childID: child.id, upn: child.upn, requestedOn: today.adding(days: -50), requester: .school, requesterName: "SENCO", summary: "Home page work")
            item.caseworkerID = caseworker
            item.stageRaw = EHCStage.assessing.rawValue
            item.decisionOn = today.adding(days: -20)
            try await item.create(on: db)
            let advice = EHCAdviceRequest()
            advice.$ehcCase.id = item.id!; advice.kindRaw = "medical"; advice.adviserUserID = health; advice.adviserName = "Dr Hana Health"
            advice.requestedOn = today.adding(days: -19)
            try await advice.create(on: db)
        }
    }

    func principal(for role: Role, db: any Database) async throws -> Principal {
        let user = try await User.query(on: db).filter(\.$email == TestWorld.email(for: role)).first()!
        return Principal(userID: try user.requireID(), email: user.email, displayName: user.displayName, role: role, authorityID: user.$authority.id,
                         schoolID: user.$school.id, sessionID: UUID(), csrfToken: "", stage: .full, socketAddress: "test")
    }

    func testEveryRolesHomeShowsItsWorkInAFixedNumberOfQueries() async throws {
        let app = try await TestWorld.makeApp()
        app.middleware.use(QueryCountingMiddleware())
        let expected: [Role: [String]] = [
            .administrator: ["Set-up checklist", "Email delivery (GOV.UK Notify)", "Audit trail", "Intact"],
            .caseworker: ["Your cases", "Unallocated requests"],
            .metCoordinator: ["Decisions overdue", "Accepted without provision", "Reviews due", "Teaching base occupancy today"],
            .metTeacher: ["s timetable", "Sessions to record"],
            .schoolUser: ["Section 19 referrals", "Early identification", "EHC requests and reviews", "Sessions to see"],
            .healthProfessional: ["Advice requests", "Reviews asking for health input"],
            .parentCarer: ["EHC needs assessments and plans", "Medical education timetable", "Messages from the council"],
            .finance: ["EHC plans in force", "Numbers below 10"],
            .electedMember: ["EHC plans in force", "Numbers below 10"],
            .provider: ["Bid for outreach commissioning rounds"],
            .post16Adviser: ["Lapsing soonest", "NCCIS monthly return"],
        ]
        // Some of everything first, so no list is empty and skipped; then as much again.
        try await addWork(app, round: 0)
        var before: [Role: Int] = [:]
        for role in Role.allCases {
            let client = TestClient(app)
            try await client.signIn(as: role)
            let page = try await client.get("/")
            XCTAssertEqual(page.status, .ok, "\(role)")
            for text in expected[role]! { XCTAssertTrue(page.body.contains(text), "\(role) home lacks \(text)") }
            XCTAssertFalse(page.body.contains(TestWorld.neighbourChildName), "\(role) home shows another council's child")
            before[role] = QueryCountingMiddleware.last.withLockedValue { $0 }
        }
        try await addWork(app, round: 1)
        for role in Role.allCases {
            let client = TestClient(app)
            try await client.signIn(as: role)
            let page = try await client.get("/")
            XCTAssertEqual(page.status, .ok)
            let after = QueryCountingMiddleware.last.withLockedValue { $0 }
            XCTAssertEqual(after, before[role], "\(role): more work must not mean more queries")
            XCTAssertLessThanOrEqual(after, 25, "\(role)")
            switch role {
            case .caseworker: XCTAssertTrue(page.body.contains("Overdue by") || page.body.contains("Due in"), "the caseworker sees the next statutory dates")
            case .healthProfessional: XCTAssertTrue(page.body.contains("Medical advice"), "the adviser sees the advice asked of them")
            case .metCoordinator:
                XCTAssertTrue(page.body.contains("-day target"), "accepted without provision is shown against the first-provision target")
                XCTAssertTrue(page.body.contains("first provision target 5 school days"), "the documented default")
            case .electedMember, .finance: XCTAssertFalse(page.body.contains("Home page work"))
            default: break
            }
        }
        // signIn(as:) lands on the home page too: two views per sign-in, two sign-ins per role.
        let audited = try await AuditEvent.query(on: app.db).filter(\.$action == "home.view").count()
        XCTAssertEqual(audited, Role.allCases.count * 4)

        // The coordinator's list reads the council's own first-provision target, not a constant.
        let authority = try await Authority.query(on: app.db).filter(\.$laCode == DemoSeeder.laCode).first()!
        var settings = authority.targetSettings
        settings.firstProvisionSchoolDays = 40
        authority.serviceTargetsJSON = settings.encoded()
        try await authority.save(on: app.db)
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        let page = try await coordinator.get("/")
        XCTAssertTrue(page.body.contains("Within the 40-day target"), "a 40-day target puts every recent acceptance within it")
        XCTAssertTrue(page.body.contains("first provision target 40 school days"))
        try await app.asyncShutdown()
    }

    func testTheAdministratorsChecklistFollowsTheSetUp() async throws {
        let app = try await TestWorld.makeApp(seed: false)
        let result = try await AuthorityCommand.run(["create", "--la-code", "888", "--name", "Lancashire County Council", "--admin-email", "a@lancs.example.gov.uk"], app: app)
        XCTAssertEqual(result.status, 0)
        let admin = try await User.query(on: app.db).first()!
        let view = try await OversightHome.administrator(try await requestFor(app), principalFor(admin), today: CalendarDate.today())
        let checklist = view.sections.first { $0.heading == "Set-up checklist" }!
        XCTAssertEqual(checklist.items.filter { $0.status.text == "Done" }.count, 0, "a new council has set nothing up")
        try await TermDate(authorityID: admin.$authority.id, kind: .term, name: "Autumn", startsOn: CalendarDate.today(), endsOn: CalendarDate.today().adding(days: 60)).create(on: app.db)
        let after = try await OversightHome.administrator(try await requestFor(app), principalFor(admin), today: CalendarDate.today())
        XCTAssertEqual(after.sections.first { $0.heading == "Set-up checklist" }!.items.first { $0.title == "Term dates from today" }?.status.text, "Done")
        try await app.asyncShutdown()
    }

    func requestFor(_ app: Application) async throws -> Request { Request(application: app, on: app.eventLoopGroup.next()) }
    func principalFor(_ user: User) -> Principal {
        Principal(userID: user.id!, email: user.email, displayName: user.displayName, role: user.role, authorityID: user.$authority.id,
                  schoolID: nil, sessionID: UUID(), csrfToken: "", stage: .full, socketAddress: "test")
    }

    /// Issue 13 item 9: a message item names a child, so the page's audit row (built from the items'
    /// child ids) lists that child even when the case itself is not among the listed cases.
    func testEachMessageItemOnTheParentsHomeCarriesItsChild() async throws {
        let app = try await TestWorld.makeApp()
        defer { Task { try? await app.asyncShutdown() } }
        try await addWork(app, round: 0)
        let parent = try await principal(for: .parentCarer, db: app.db)
        let first = try await EHCCaseRepository(principal: parent, db: app.db).scoped()?.first()
        let item = try XCTUnwrap(first, "the demo parent has an EHC case")
        let message = EHCMessage()
        message.$ehcCase.id = try item.requireID(); message.fromFamily = false; message.author = "EHC team"
        message.body = "Message naming the child's case"; message.sentOn = CalendarDate.today()
        try await message.create(on: app.db)
        let view = try await PartnerHome.family(Request(application: app, on: app.eventLoopGroup.next()), parent, today: CalendarDate.today())
        let messages = try XCTUnwrap(view.sections.first { $0.heading == "Messages from the council" })
        XCTAssertFalse(messages.items.isEmpty)
        for shown in messages.items { XCTAssertEqual(shown.childID, item.$child.id, shown.title) }
    }
}
