import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Canaries (issue 13, "Then attack it"): strings planted in records a role must never see, then
/// every page and download each role can reach is read. A same-council child outside the role's
/// scope, a family message and family comments, health detail and safeguarding notes must not
/// appear for roles outside their policy; every read of a child's record leaves its audit row, and
/// every out-of-scope read its denial.
extension AccessMatrixTests {
    static let sameCouncilCanary = "Magpie Sameauthority"
    static let familyCanary = "CANARY-FAMILY-MESSAGE"
    static let familyCommentCanary = "CANARY-FAMILY-COMMENT"
    static let healthCanary = "CANARY-HEALTH-DETAIL"
    static let healthInputCanary = "CANARY-HEALTH-INPUT"
    static let safeguardingCanary = "CANARY-SAFEGUARDING-NOTE"

    /// Who must never see each canary (SECURITY.md "Field-level"; issue 13 items 1 and 3). Roles not
    /// listed may or may not, by the field policy's finer rules (the referrer, consent).
    static let mustNotSee: [String: Set<Role>] = [
        sameCouncilCanary: [.schoolUser, .metTeacher, .healthProfessional, .parentCarer, .finance, .electedMember],
        familyCanary: [.schoolUser, .metTeacher, .healthProfessional, .metCoordinator, .finance, .electedMember],
        familyCommentCanary: [.schoolUser, .metTeacher, .healthProfessional, .metCoordinator, .finance, .electedMember],
        // A teacher sees the condition to teach safely (FieldAccess); a school user only on the referral it made.
        healthCanary: [.finance, .electedMember],
        healthInputCanary: [.finance, .electedMember],
        safeguardingCanary: [.metTeacher, .healthProfessional, .parentCarer, .finance, .electedMember],
    ]

    /// Plants the canaries on records every role has in scope, so each role's pages would show them if the policy let them.
    func plantCanaries(_ f: Fixtures, db: any Database) async throws {
        let authorityID = try await TestWorld.demoAuthorityID(db)
        let senco = try await User.query(on: db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        let otherSchool = try await Establishment.query(on: db).filter(\.$id != senco.$school.id!).first()!
        let child = Child(authorityID: authorityID, legalForename: "Magpie", legalSurname: "Sameauthority", dateOfBirth: CalendarDate(year: 2013, month: 3, day: 3),
                          upn: UPN.make(laCode: DemoSeeder.laCode, establishment: "2999", year2: 19, serial: 9).value, sex: "M", homePostcode: "WR1 2AA",
                          homeSchoolID: try otherSchool.requireID(), senProvision: .ehcPlan, primaryNeed: .asd, secondaryNeed: nil)
        try await child.create(on: db)
        try await DemoReferrals.referral(authorityID: authorityID, child: child, status: .received, reason: .anxietyMentalHealth,
                                         received: CalendarDate.today().adding(days: -3), decided: nil).create(on: db)
        let ehc = EHCCase(authorityID: authorityID, childID: try child.requireID(), upn: child.upn, requestedOn: CalendarDate.today().adding(days: -3),
                          requester: .school, requesterName: "Canary School", summary: "Canary case")
        try await ehc.create(on: db)

        let cases = Set(f.inScopeCase.values)
        for id in cases {
            let message = EHCMessage()
            message.$ehcCase.id = id; message.fromFamily = true; message.author = "Parent"; message.body = Self.familyCanary; message.sentOn = CalendarDate.today()
            try await message.create(on: db)
            let item = try await EHCCase.find(id, on: db)!
            item.familyComments = Self.familyCommentCanary
            try await item.save(on: db)
        }
        for id in Set(f.inScopeReferral.values.compactMap { $0 }) {
            let referral = try await Referral.find(id, on: db)!
            referral.healthSummary = Self.healthCanary
            try await referral.save(on: db)
            let review = CaseReview()
            review.$referral.id = id; review.dueOn = CalendarDate.today().adding(days: -7); review.heldOn = CalendarDate.today().adding(days: -7)
            review.healthInput = Self.healthInputCanary; review.outcome = "Continue"
            try await review.create(on: db)
        }
        for id in Set(f.inScopeChild.values) {
            let concern = SafeguardingConcern()
            concern.$child.id = id; concern.raisedBy = senco.id!; concern.raisedByName = "Matrix"; concern.raisedOn = CalendarDate.today()
            concern.concern = Self.safeguardingCanary; concern.immediateRisk = false
            try await concern.create(on: db)
        }
    }

    func testCanariesNeverReachTheRolesThatMustNotSeeThem() async throws {
        let app = try await TestWorld.makeApp()
        var f = try await fixtures(app.db)
        f.evidenceFor = try await addEvidence(Array(f.inScopeReferral.values) + f.outOfScopeReferrals.values.flatMap { $0 }, app: app)
        try await addCases(&f, db: app.db, dataDirectory: app.continuumConfiguration.dataDirectory)
        try await plantCanaries(f, db: app.db)
        let childRecordParameters = ["childID", "referralID", "caseID", "identificationID"]
        var pages = 0, audited = 0
        var seenBySomeone: Set<String> = []

        for role in Role.allCases {
            let client = TestClient(app)
            try await client.signIn(as: role)
            for route in app.routes.all where route.method == .GET {
                guard let policy = route.userInfo[RoutePolicy.userInfoKey] as? RoutePolicy else { continue }
                let allowed: Bool = switch policy.access {
                case .anyone, .twoFactorPending: true
                case .roles(let roles): roles.contains(role)
                }
                guard allowed, let inPath = path(route, role: role, f: f, outOfScope: nil) else { continue }
                let before = try await AuditEvent.query(on: app.db).count()
                let result = try await client.get(inPath)
                guard result.status == .ok else { continue }
                pages += 1
                for (canary, roles) in Self.mustNotSee {
                    if result.body.contains(canary) {
                        seenBySomeone.insert(canary)
                        XCTAssertFalse(roles.contains(role), "\(role) GET \(inPath) shows \(canary)")
                    }
                }
                XCTAssertFalse(result.body.contains(TestWorld.neighbourChildName), "\(role) GET \(inPath) shows the other council's child")
                // A read of a child's record leaves its audit row (SECURITY.md "Audit": every read).
                if route.path.contains(where: { if case .parameter(let n) = $0 { childRecordParameters.contains(n) } else { false } }) {
                    let after = try await AuditEvent.query(on: app.db).count()
                    XCTAssertGreaterThan(after, before, "\(role) GET \(inPath) read a child's record without an audit row")
                    audited += 1
                }
            }
        }
        XCTAssertGreaterThan(pages, 100)
        XCTAssertGreaterThan(audited, 20)
        // Each canary reached someone allowed to see it, so its absence elsewhere means something.
        for canary in Self.mustNotSee.keys { XCTAssertTrue(seenBySomeone.contains(canary), "\(canary) was shown to no role at all: the fixture is wrong") }
        try await app.asyncShutdown()
    }

    /// Every refused read of another council's record, or of one outside the role's scope, is a
    /// 404 that leaves an access.denied row, wherever the refusal happens.
    func testEveryOutOfScopeReadIsAuditedAsADenial() async throws {
        let app = try await TestWorld.makeApp()
        var f = try await fixtures(app.db)
        f.evidenceFor = try await addEvidence(Array(f.inScopeReferral.values) + f.outOfScopeReferrals.values.flatMap { $0 }, app: app)
        try await addCases(&f, db: app.db, dataDirectory: app.continuumConfiguration.dataDirectory)
        var checked = 0
        for role in Role.allCases {
            let client = TestClient(app)
            try await client.signIn(as: role)
            for route in app.routes.all where route.method == .GET {
                guard let policy = route.userInfo[RoutePolicy.userInfoKey] as? RoutePolicy, case .roles(let roles) = policy.access, roles.contains(role) else { continue }
                let outs: [UUID]
                if route.path.contains(.parameter("referralID")) { outs = f.outOfScopeReferrals[role] ?? [] }
                else if route.path.contains(.parameter("caseID")) { outs = f.outOfScopeCases[role] ?? [] }
                else if route.path.contains(.parameter("childID")) { outs = f.outOfScopeChildren[role] ?? [] }
                else if route.path.contains(.parameter("identificationID")) { outs = [f.outOfScopeIdentification] }
                else { continue }
                for out in outs {
                    guard let outPath = path(route, role: role, f: f, outOfScope: out) else { continue }
                    let before = try await AuditEvent.query(on: app.db).filter(\.$action == "access.denied").count()
                    let result = try await client.get(outPath)
                    XCTAssertEqual(result.status, .notFound, "\(role) GET \(outPath)")
                    let after = try await AuditEvent.query(on: app.db).filter(\.$action == "access.denied").count()
                    XCTAssertEqual(after, before + 1, "\(role) GET \(outPath): a refused read leaves one access.denied row")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 30)
        try await app.asyncShutdown()
    }
}
