import Fluent
import SQLKit
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Field-level canaries (issue 13 items 1, 3 and 9): one child whom every role with child access has in
/// scope, carrying a family message and comment on an EHC case and health detail and a medical evidence
/// file on a Section 19 referral. Every role loads every GET page and export that takes these records;
/// each canary must appear for exactly the roles FieldAccess allows, and for no other.
final class FieldPolicyTests: XCTestCase {
    var app: Application!
    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    static let familyCanaries = ["CANARYFAMILYMESSAGE", "CANARYFAMILYCOMMENT", "CANARYPREFERREDSCHOOL", "CANARYCOUNCILREPLY"]
    static let healthCanaries = ["CANARYHEALTHSUMMARY", "CANARYREVIEWINPUT", "CANARYPARTTIME", "CANARYCLINIC"]
    static let evidenceCanary = "CANARYEVIDENCEFILE"

    struct World {
        var childID: UUID
        var caseID: UUID
        var adviceID: UUID
        var referralID: UUID
        var evidenceID: UUID
        var episodeID: UUID
        var sencoID: UUID
    }

    /// A pupil of the SENCO's school, linked to the demo parent, teacher and (with consent) health professional,
    /// with an EHC case advised on by that health professional and an accepted referral.
    func makeWorld() async throws -> World {
        let db = app.db
        let authorityID = try await TestWorld.demoAuthorityID(db)
        let senco = try await User.query(on: db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        let child = try await Child.query(on: db).filter(\.$homeSchool.$id == senco.$school.id!).sort(\.$legalSurname).first()!
        let childID = try child.requireID()
        for (role, kind) in [(Role.parentCarer, ChildRelationship.Kind.parentCarer), (.metTeacher, .metTeacher), (.healthProfessional, .healthProfessional)] {
            let user = try await User.query(on: db).filter(\.$email == TestWorld.email(for: role)).first()!
            var person = try await Person.query(on: db).filter(\.$userID == user.id!).first()
            if person == nil {
                let created = Person(authorityID: authorityID, name: user.displayName, kind: role == .parentCarer ? .parentCarer : .professional, userID: user.id)
                try await created.create(on: db)
                person = created
            }
            try await ChildRelationship(childID: childID, personID: try person!.requireID(), kind: kind, description: kind.label, consentToShare: true).create(on: db)
        }
        let health = try await User.query(on: db).filter(\.$email == TestWorld.email(for: .healthProfessional)).first()!.requireID()

        let item = EHCCase(authorityID: authorityID, childID: childID, upn: child.upn, requestedOn: CalendarDate.today().adding(days: -20),
                           requester: .parent, requesterName: "Canary Parent", summary: "Needs support")
        item.familyComments = "We want more speech therapy CANARYFAMILYCOMMENT"
        item.preferredSchool = "CANARYPREFERREDSCHOOL Academy"
        try await item.create(on: db)
        let advice = EHCAdviceRequest()
        advice.$ehcCase.id = item.id!; advice.kindRaw = "medical"; advice.adviserUserID = health; advice.adviserName = "Dr Hana Health"
        advice.requestedOn = CalendarDate.today().adding(days: -10)
        try await advice.create(on: db)
        for (fromFamily, body) in [(true, "Our son is struggling at home CANARYFAMILYMESSAGE"), (false, "Thank you, we will call CANARYCOUNCILREPLY")] {
            let message = EHCMessage()
            message.$ehcCase.id = item.id!; message.fromFamily = fromFamily; message.author = fromFamily ? "Parent" : "Caseworker"
            message.body = body; message.sentOn = CalendarDate.today()
            try await message.create(on: db)
        }

        let referral = DemoReferrals.referral(authorityID: authorityID, child: child, status: .accepted, reason: .anxietyMentalHealth,
                                              received: CalendarDate.today().adding(days: -30), decided: CalendarDate.today().adding(days: -25))
        referral.healthSummary = "Panic disorder CANARYHEALTHSUMMARY"
        referral.evidenceRequestedFrom = "CANARYCLINIC eating disorders service"
        referral.evidenceRequestedOn = CalendarDate.today().adding(days: -29)
        try await referral.create(on: db)
        let episode = DemoReferrals.episode(referral, type: .home, baseID: nil, hours: 10, start: CalendarDate.today().adding(days: -20))
        episode.partTimeReason = "Can manage two hours a day CANARYPARTTIME"
        episode.partTimeReviewOn = CalendarDate.today().adding(days: 20)
        try await episode.create(on: db)
        let review = CaseReview()
        review.$referral.id = referral.id!; review.dueOn = CalendarDate.today().adding(days: -2)
        review.heldOn = CalendarDate.today().adding(days: -2); review.healthInput = "CAMHS: CANARYREVIEWINPUT"; review.outcome = "Continue"
        try await review.create(on: db)
        let store = PrivateFileStore(dataDirectory: app.continuumConfiguration.dataDirectory)
        let (stored, _) = try store.save(Array("%PDF-1.4\n\(Self.evidenceCanary)\n".utf8), type: "application/pdf")
        let evidence = Evidence()
        evidence.$referral.id = referral.id!
        evidence.evidenceType = "gp"; evidence.originalName = "letter.pdf"; evidence.contentType = "application/pdf"; evidence.sizeBytes = 30
        evidence.storedName = stored; evidence.receivedOn = CalendarDate.today(); evidence.uploadedBy = senco.id!
        try await evidence.create(on: db)
        try await SubjectAccessRequest(authorityID: authorityID, childID: childID, received: CalendarDate.today(), requesterName: "Canary Parent",
                                       extensionReason: nil, loggedByName: "test").create(on: db)
        return World(childID: childID, caseID: item.id!, adviceID: advice.id!, referralID: referral.id!, evidenceID: evidence.id!,
                     episodeID: episode.id!, sencoID: senco.id!)
    }

    /// Every GET route whose parameters this world can fill, with them filled.
    func pages(_ w: World) -> [String] {
        var result: [String] = []
        routes: for route in app.routes.all where route.method == .GET {
            var parts: [String] = []
            for component in route.path {
                switch component {
                case .constant(let value): parts.append(value)
                case .parameter("childID"): parts.append(w.childID.uuidString)
                case .parameter("caseID"): parts.append(w.caseID.uuidString)
                case .parameter("adviceID"): parts.append(w.adviceID.uuidString)
                case .parameter("referralID"): parts.append(w.referralID.uuidString)
                case .parameter("evidenceID"): parts.append(w.evidenceID.uuidString)
                case .parameter("episodeID"): parts.append(w.episodeID.uuidString)
                default: continue routes
                }
            }
            let path = "/" + parts.joined(separator: "/")
            // The planning solver is CPU-bound and shows no child's record; signing out would end the session mid-sweep.
            if path.hasPrefix("/planning") || path.hasPrefix("/sign-out") { continue }
            result.append(path)
        }
        return result
    }

    /// Each canary → the roles whose sweep showed it, and where.
    func sweep(_ paths: [String]) async throws -> [String: [Role: [String]]] {
        var seen: [String: [Role: [String]]] = [:]
        for role in Role.allCases {
            let client = TestClient(app)
            try await client.signIn(as: role)
            for path in paths {
                let result = try await client.get(path)
                XCTAssertNotEqual(result.status, .internalServerError, "\(role) GET \(path)")
                for canary in Self.familyCanaries + Self.healthCanaries + [Self.evidenceCanary] where result.body.contains(canary) {
                    seen[canary, default: [:]][role, default: []].append(path)
                }
            }
        }
        return seen
    }

    func testEachCanaryReachesExactlyTheRolesTheFieldPolicyAllows() async throws {
        let w = try await makeWorld()
        let paths = pages(w)
        XCTAssertTrue(paths.contains("/ehc/\(w.caseID)") && paths.contains("/referrals/\(w.referralID)/evidence/\(w.evidenceID)") && paths.contains("/"),
                      "the sweep covers the case page, the evidence download and the home page")
        let seen = try await sweep(paths)
        let messageRoles: Set<Role> = [.administrator, .caseworker, .parentCarer]
        let healthRoles: Set<Role> = [.administrator, .caseworker, .metCoordinator, .metTeacher, .healthProfessional, .parentCarer]
        let evidenceRoles: Set<Role> = [.administrator, .caseworker, .metCoordinator, .healthProfessional]
        XCTAssertEqual(messageRoles, FieldAccess.roles(thatMaySee: .familyMessages))
        for canary in Self.familyCanaries {
            XCTAssertEqual(Set(seen[canary]?.keys.map { $0 } ?? []), messageRoles, "\(canary) seen at \(seen[canary] ?? [:])")
        }
        for canary in Self.healthCanaries {
            XCTAssertEqual(Set(seen[canary]?.keys.map { $0 } ?? []), healthRoles, "\(canary) seen at \(seen[canary] ?? [:])")
        }
        XCTAssertEqual(Set(seen[Self.evidenceCanary]?.keys.map { $0 } ?? []), evidenceRoles, "evidence file served to \(seen[Self.evidenceCanary] ?? [:])")
        // Every refused download of the file is one access.denied row naming it, whether the route's policy or
        // the field policy refused it (issue 13 item 9): the teacher, the SENCO and the parent read the referral
        // but not the evidence.
        let refusals = try await AuditEvent.query(on: app.db).filter(\.$action == AccessDenial.action).all()
            .filter { ($0.entityID ?? "").contains(w.evidenceID.uuidString) || ($0.entityID == w.referralID.uuidString && $0.detail.contains("medical evidence")) }
            .map(\.role)
        for role in [Role.metTeacher, .schoolUser, .parentCarer] {
            XCTAssertTrue(refusals.contains(role.rawValue), "\(role)'s refused download has its access.denied row: \(refusals)")
        }
        XCTAssertTrue(Set(refusals).isDisjoint(with: evidenceRoles.map(\.rawValue)), "\(refusals)")
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "evidence.download.denied").count(), 0)
        // The SENCO and the adviser open the case itself; only the family's correspondence is kept from them.
        for role in [Role.schoolUser, .healthProfessional] {
            let client = TestClient(app)
            try await client.signIn(as: role)
            let page = try await client.get("/ehc/\(w.caseID)")
            XCTAssertEqual(page.status, .ok, "\(role) may open the case")
            XCTAssertFalse(page.body.contains("Messages about this case"), "\(role) sees no message thread")
        }
    }

    func testTheSchoolUserWhoMadeTheReferralSeesItsHealthDetailButNotTheDocuments() async throws {
        let w = try await makeWorld()
        let senco = TestClient(app)
        try await senco.signIn(as: .schoolUser)
        let before = try await senco.get("/referrals/\(w.referralID)")
        XCTAssertEqual(before.status, .ok)
        for canary in Self.healthCanaries { XCTAssertFalse(before.body.contains(canary), "another school user's referral hides \(canary)") }
        XCTAssertTrue(before.body.contains("Shown only to the service"))
        assertEqual(try await senco.get("/referrals/\(w.referralID)/evidence/\(w.evidenceID)").status, .notFound)

        let referral = try await Referral.find(w.referralID, on: app.db)!
        referral.referredByUserID = w.sencoID
        try await referral.save(on: app.db)
        let mine = try await senco.get("/referrals/\(w.referralID)")
        for canary in Self.healthCanaries { XCTAssertTrue(mine.body.contains(canary), "the referrer sees \(canary)") }
        XCTAssertFalse(mine.body.contains("/evidence/\(w.evidenceID)"), "no download link")
        let download = try await senco.get("/referrals/\(w.referralID)/evidence/\(w.evidenceID)")
        XCTAssertEqual(download.status, .notFound)
        XCTAssertFalse(download.body.contains(Self.evidenceCanary))
    }

    func testTheSubjectAccessExportAsksTheSamePolicy() async throws {
        let w = try await makeWorld()
        let sql = app.db as! any SQLDatabase
        func exported(for role: Role) async throws -> SubjectAccessExport.Result {
            try await SubjectAccessExport(sql: sql, childID: w.childID, withheld: FieldPolicy(role: role).withheld).gather(upn: nil)
        }
        func text(_ result: SubjectAccessExport.Result) -> String { String(describing: result.tables) }
        let everything = try await exported(for: .administrator)
        for canary in Self.familyCanaries + Self.healthCanaries {
            XCTAssertTrue(text(everything).contains(canary), "the administrator's export holds \(canary)")
        }
        XCTAssertEqual(everything.documents.count, 1, "and the evidence document")
        let school = try await exported(for: .schoolUser)
        for canary in Self.familyCanaries + Self.healthCanaries { XCTAssertFalse(text(school).contains(canary), "withheld from a school user: \(canary)") }
        XCTAssertFalse(school.tables["referrals"]?.isEmpty ?? true, "the rest of the referral is still exported")
        let family = try await exported(for: .parentCarer)
        XCTAssertNil(family.tables["evidence"], "third parties' documents are not in a family-level export")
        XCTAssertTrue(family.documents.isEmpty)
    }

    // MARK: - Issue 13 item 9: a form shown again after invalid input is a read of the record too.

    func views(_ action: String, _ id: UUID) async throws -> Int {
        try await AuditEvent.query(on: app.db).filter(\.$action == action).filter(\.$entityID == id.uuidString).count()
    }

    func testAnEHCPageShownAgainAfterInvalidInputWritesAViewRow() async throws {
        let w = try await makeWorld()
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        try await caseworker.get("/ehc/\(w.caseID)")
        let before = try await views("ehc.view", w.caseID)
        XCTAssertEqual(before, 1, "the GET writes one view row")
        let bad = try await caseworker.post("/ehc/\(w.caseID)/messages", ["body": "   "])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("CANARYFAMILYMESSAGE"), "the re-shown page is the whole case")
        assertEqual(try await views("ehc.view", w.caseID), before + 1, "the 422 page writes its own view row")
        let badAction = try await caseworker.post("/ehc/\(w.caseID)/decision", ["version": "1"])
        XCTAssertEqual(badAction.status, .unprocessableEntity)
        assertEqual(try await views("ehc.view", w.caseID), before + 2)
        let row = try await AuditEvent.query(on: app.db).filter(\.$action == "ehc.view").filter(\.$entityID == w.caseID.uuidString).sort(\.$seq, .descending).first()!
        XCTAssertEqual(row.childID, w.childID)
        XCTAssertTrue(row.detail.contains("shown again"), row.detail)
    }

    func testAReferralPageShownAgainAfterInvalidInputWritesAViewRow() async throws {
        let w = try await makeWorld()
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        try await coordinator.get("/referrals/\(w.referralID)")
        let before = try await views("referral.view", w.referralID)
        XCTAssertEqual(before, 1)
        let referral = try await Referral.find(w.referralID, on: app.db)!
        for (path, form) in [("/referrals/\(w.referralID)/provision", ["version": String(referral.version)]),
                             ("/referrals/\(w.referralID)/reviews", [:]),
                             ("/referrals/\(w.referralID)/reintegration", [:])] {
            let bad = try await coordinator.post(path, form)
            XCTAssertEqual(bad.status, .unprocessableEntity, path)
            XCTAssertTrue(bad.body.contains("CANARYHEALTHSUMMARY"), "\(path): the re-shown page is the whole referral")
        }
        assertEqual(try await views("referral.view", w.referralID), before + 3, "each 422 page writes its own view row")

        // An upload refused for its content, by a school user: audited, and still under the field policy.
        let senco = TestClient(app)
        try await senco.signIn(as: .schoolUser)
        try await senco.get("/referrals/\(w.referralID)")
        let refused = try await senco.postFile("/referrals/\(w.referralID)/evidence", fields: ["evidenceType": "gp"], fileField: "file", filename: "x.pdf", bytes: Array("not a pdf".utf8))
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertFalse(refused.body.contains("CANARYHEALTHSUMMARY"))
        assertEqual(try await views("referral.view", w.referralID), before + 5, "the SENCO's GET and their 422 page")
    }
}
