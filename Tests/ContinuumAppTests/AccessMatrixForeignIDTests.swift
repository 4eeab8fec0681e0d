import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// The access matrix's second half (issue 13, "Then attack it"): ids of the other council's records
/// carried where the route's own record is in scope — inside a path under an in-scope parent, and
/// inside form bodies (evidence, advice, episode, consultation, slot, teacher, base, caseworker).
/// Each must be refused as if it did not exist, and must leave no link between the two councils.
extension AccessMatrixTests {
    /// The neighbour council's records of every kind a form or a nested path can name.
    struct ForeignRecords {
        var referral: UUID
        var evidence: UUID
        var episode: UUID
        var ehcCase: UUID
        var advice: UUID
        var consultation: UUID
        var base: UUID
        var teacher: UUID
        var slot: UUID
        var caseworker: UUID
    }

    func foreignRecords(_ f: Fixtures, db: any Database) async throws -> ForeignRecords {
        let neighbourChild = f.outOfScopeChildren[.administrator]!.first!
        let neighbourAuthority = try await Child.find(neighbourChild, on: db)!.$authority.id
        let referral = try await Referral.query(on: db).filter(\.$child.$id == neighbourChild).first()!.requireID()
        let ehcCase = f.outOfScopeCases[.administrator]!.first!
        let consultation = EHCConsultation()
        consultation.$ehcCase.id = ehcCase; consultation.institution = "Neighbour School"; consultation.consultedOn = CalendarDate(iso: "2026-10-20")!; consultation.recordedBy = "matrix"
        try await consultation.create(on: db)
        let teacher = User(authorityID: neighbourAuthority, email: "teacher@neighbour.test", displayName: "Neighbour Teacher", role: .metTeacher, passwordHash: PendingPassword.marker)
        try await teacher.create(on: db)
        let slot = TimetableSlot()
        slot.$referral.id = referral; slot.subject = TeachingSubject.allCases.first!.rawValue; slot.$teacher.id = try teacher.requireID()
        slot.place = "Neighbour base"; slot.weekday = 1; slot.startsAt = "09:30"; slot.minutes = 60; slot.active = true
        try await slot.create(on: db)
        return ForeignRecords(referral: referral, evidence: f.evidenceFor[referral]!, episode: f.episodeFor[referral]!, ehcCase: ehcCase,
                              advice: f.adviceFor[ehcCase]!, consultation: try consultation.requireID(), base: f.outOfScopeAdmin["baseID"]!,
                              teacher: try teacher.requireID(), slot: try slot.requireID(), caseworker: f.outOfScopeUser)
    }

    /// An in-scope parent with the other council's child record in the path: /referrals/MINE/evidence/THEIRS and the like.
    func testNestedIDsOfTheOtherCouncilAreNotFoundUnderAnInScopeRecord() async throws {
        let app = try await TestWorld.makeApp()
        var f = try await fixtures(app.db)
        f.evidenceFor = try await addEvidence(Array(f.inScopeReferral.values) + f.outOfScopeReferrals.values.flatMap { $0 }, app: app)
        try await addCases(&f, db: app.db, dataDirectory: app.continuumConfiguration.dataDirectory)
        let foreign = try await foreignRecords(f, db: app.db)
        let nested: [String: UUID] = ["evidenceID": foreign.evidence, "episodeID": foreign.episode, "adviceID": foreign.advice]
        var checked = 0
        for role in Role.allCases {
            let client = TestClient(app)
            try await client.signIn(as: role)
            for route in app.routes.all {
                guard let policy = route.userInfo[RoutePolicy.userInfoKey] as? RoutePolicy, case .roles(let roles) = policy.access, roles.contains(role),
                      let name = nested.keys.first(where: { route.path.contains(.parameter($0)) }),
                      let inPath = path(route, role: role, f: f, outOfScope: nil) else { continue }
                // The same path with only the nested id swapped for the other council's.
                let ownNested: UUID? = switch name {
                case "evidenceID": f.inScopeReferral[role].flatMap { f.evidenceFor[$0] }
                case "episodeID": f.inScopeReferral[role].flatMap { f.episodeFor[$0] }
                default: f.inScopeCase[role].flatMap { f.adviceFor[$0] }
                }
                guard let ownNested else { continue }
                let foreignPath = inPath.replacingOccurrences(of: ownNested.uuidString, with: nested[name]!.uuidString)
                XCTAssertNotEqual(foreignPath, inPath)
                if route.method != .GET { try await client.get("/account") }
                let result = route.method == .GET ? try await client.get(foreignPath)
                    : try await client.post(foreignPath, ["hoursPerWeek": "10", "start": "2026-11-02", "endsOn": "2026-11-30", "version": "1", "advice": "Matrix advice"])
                XCTAssertEqual(result.status, .notFound, "\(role) \(route.method) \(foreignPath): the other council's \(name) under an in-scope record")
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 8, "evidence, episode and advice routes were exercised")
        // Nothing of the neighbour's changed: its episode keeps its hours and end, its advice is still unanswered.
        let episode = try await ProvisionEpisode.find(foreign.episode, on: app.db)!
        XCTAssertEqual(episode.hoursPerWeek, 25)
        XCTAssertNil(episode.endsOn)
        let neighbourAdviceReceived = try await EHCAdviceRequest.find(foreign.advice, on: app.db)!.receivedOn
        XCTAssertNil(neighbourAdviceReceived)
        try await app.asyncShutdown()
    }

    /// Forms that name another record by id, each given the other council's: refused with the field's
    /// message, and no row of this council comes to point at the other council's record. A control
    /// submission with this council's own id shows the form was otherwise valid.
    func testForeignIDsInFormBodiesAreRefused() async throws {
        let app = try await TestWorld.makeApp()
        var f = try await fixtures(app.db)
        f.evidenceFor = try await addEvidence(Array(f.inScopeReferral.values) + f.outOfScopeReferrals.values.flatMap { $0 }, app: app)
        try await addCases(&f, db: app.db, dataDirectory: app.continuumConfiguration.dataDirectory)
        let foreign = try await foreignRecords(f, db: app.db)
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let today = CalendarDate.today().description

        // An accepted referral of this council, decided before today, for the provision and timetable forms.
        let accepted = try await Referral.query(on: app.db).filter(\.$authority.$id == authorityID)
            .filter(\.$status == ReferralStatus.accepted.rawValue).with(\.$child).all()
            .first { $0.decidedOn != nil && $0.decidedOn! < CalendarDate.today() }!
        let acceptedID = try accepted.requireID()
        let ownBase = try await TeachingBase.query(on: app.db).filter(\.$authority.$id == authorityID).all().first { $0.status(on: CalendarDate.today()) == .open }!
        let ownTeacher = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .metTeacher)).first()!.requireID()
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)

        // Provision at the other council's base.
        var provision = ["type": ProvisionType.base.rawValue, "baseID": foreign.base.uuidString, "hoursPerWeek": "25", "start": today]
        try await coordinator.get("/referrals/\(acceptedID.uuidString)")
        var result = try await coordinator.post("/referrals/\(acceptedID.uuidString)/provision", provision)
        XCTAssertEqual(result.status, .unprocessableEntity, "the other council's base")
        XCTAssertTrue(result.body.contains("Select the teaching base"))
        provision["baseID"] = try ownBase.requireID().uuidString
        try await coordinator.get("/referrals/\(acceptedID.uuidString)")
        result = try await coordinator.post("/referrals/\(acceptedID.uuidString)/provision", provision)
        XCTAssertEqual(result.status, .seeOther, "control: the council's own open base is accepted (\(result.body.prefix(300)))")

        // A timetable slot taught by the other council's teacher.
        let subject = TeachingSubject.allCases.first!.rawValue
        var slot = ["subject": subject, "teacherID": foreign.teacher.uuidString, "place": "Home", "weekday": "2", "startsAt": "10:00", "minutes": "60"]
        try await coordinator.get("/referrals/\(acceptedID.uuidString)")
        result = try await coordinator.post("/referrals/\(acceptedID.uuidString)/timetable", slot)
        XCTAssertEqual(result.status, .unprocessableEntity, "the other council's teacher")
        XCTAssertTrue(result.body.contains("Select the teacher"))
        slot["teacherID"] = ownTeacher.uuidString
        try await coordinator.get("/referrals/\(acceptedID.uuidString)")
        result = try await coordinator.post("/referrals/\(acceptedID.uuidString)/timetable", slot)
        XCTAssertEqual(result.status, .seeOther, "control: the council's own teacher is accepted")

        // A base risk assessment for the other council's base.
        try await coordinator.get("/medical-education/risk-assessments")
        let risksBefore = try await RiskAssessment.query(on: app.db).filter(\.$base.$id == foreign.base).count()
        result = try await coordinator.post("/medical-education/risk-assessments", ["baseID": foreign.base.uuidString, "title": "Matrix risk", "summary": "Matrix",
                                                                                   "assessedOn": today, "reviewOn": CalendarDate.today().adding(days: 30).description])
        XCTAssertEqual(result.status, .unprocessableEntity, "the other council's base is not assessed")
        XCTAssertTrue(result.body.contains("Select the teaching base"))
        let risksAfter = try await RiskAssessment.query(on: app.db).filter(\.$base.$id == foreign.base).count()
        XCTAssertEqual(risksAfter, risksBefore)

        // A teacher recording a session on the other council's slot.
        let teacher = TestClient(app)
        try await teacher.signIn(as: .metTeacher)
        try await teacher.get("/teaching")
        result = try await teacher.post("/teaching/sessions", ["slotID": foreign.slot.uuidString, "date": today, "outcome": "attended"])
        XCTAssertEqual(result.status, .unprocessableEntity, "the other council's slot")
        let neighbourSessions = try await TaughtSession.query(on: app.db).filter(\.$slot.$id == foreign.slot).count()
        XCTAssertEqual(neighbourSessions, 0)

        // EHC forms on this council's case naming the other council's caseworker, adviser, consultation and advice.
        let caseID = f.inScopeCase[.caseworker]!
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        // Each form at a stage that allows it, so the refusal below is the id's and not the stage's.
        func atStage(_ stage: EHCStage) async throws {
            let item = try await EHCCase.find(caseID, on: app.db)!
            item.stageRaw = stage.rawValue
            item.decisionOn = item.decisionOn ?? CalendarDate.today().adding(days: -20)
            try await item.save(on: app.db)
        }
        let ehc: [(action: String, stage: EHCStage, body: [String: String], message: String)] = [
            ("allocate", .assessing, ["caseworker": foreign.caseworker.uuidString], "Select a caseworker"),
            ("consult-reply", .draftIssued, ["consultation": foreign.consultation.uuidString, "response": EHCConsultationResponse.agree.rawValue, "on": today, "responseNotes": "Matrix"],
             "Select the school whose response this is"),
            ("remind", .assessing, ["reminder": foreign.advice.uuidString], "no reminder is needed"),
            ("advice", .assessing, ["kind": "medical", "adviser": foreign.caseworker.uuidString, "on": today], "Select an adviser from the list"),
        ]
        for (action, stage, body, message) in ehc {
            try await atStage(stage)
            try await caseworker.get("/ehc/\(caseID.uuidString)")
            result = try await caseworker.post("/ehc/\(caseID.uuidString)/\(action)", body)
            XCTAssertEqual(result.status, .unprocessableEntity, "\(action) with the other council's id")
            XCTAssertTrue(result.body.contains(message), "\(action): \(message)")
        }
        // Control: the council's own advice request can be chased.
        try await atStage(.assessing)
        try await caseworker.get("/ehc/\(caseID.uuidString)")
        let version = try await EHCCase.find(caseID, on: app.db)!.version
        result = try await caseworker.post("/ehc/\(caseID.uuidString)/remind", ["reminder": f.adviceFor[caseID]!.uuidString, "version": String(version)])
        XCTAssertEqual(result.status, .seeOther, "control: this case's own advice request is chased")

        // No row of this council points at the other council's records, and theirs are unchanged.
        let item = try await EHCCase.find(caseID, on: app.db)!
        XCTAssertNotEqual(item.caseworkerID, foreign.caseworker)
        let foreignAdvisers = try await EHCAdviceRequest.query(on: app.db).filter(\.$ehcCase.$id == caseID).filter(\.$adviserUserID == foreign.caseworker).count()
        XCTAssertEqual(foreignAdvisers, 0)
        let neighbourResponse = try await EHCConsultation.find(foreign.consultation, on: app.db)!.respondedOn
        XCTAssertNil(neighbourResponse)
        let episodesAtForeignBase = try await ProvisionEpisode.query(on: app.db).filter(\.$base.$id == foreign.base).count()
        XCTAssertEqual(episodesAtForeignBase, 0)
        let foreignTeacherSlots = try await TimetableSlot.query(on: app.db).filter(\.$teacher.$id == foreign.teacher).count()
        XCTAssertEqual(foreignTeacherSlots, 1, "only the neighbour's own slot")
        try await app.asyncShutdown()
    }
}
