import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Every route × every role × an in-scope and an out-of-scope record, generated from the route
/// table: a new route without a policy, or with a parameter this test can't fill, fails here.
final class AccessMatrixTests: XCTestCase {
    struct Fixtures {
        var inScopeChild: [Role: UUID] = [:]
        var outOfScopeChildren: [Role: [UUID]] = [:]
        var establishmentURN: Int = 0
        var inScopeUser: UUID
        var outOfScopeUser: UUID
        var inScopeReferral: [Role: UUID] = [:]
        var outOfScopeReferrals: [Role: [UUID]] = [:]
        var inScopeIdentification: UUID
        var outOfScopeIdentification: UUID
        var evidenceFor: [UUID: UUID] = [:]
        var inScopeCase: [Role: UUID] = [:]
        var outOfScopeCases: [Role: [UUID]] = [:]
        var adviceFor: [UUID: UUID] = [:]
        var followToken = ""
        /// A set-up link for an invited account that has not chosen a password (issue 12).
        var setupToken = ""
        /// Council settings records (admin only): a teaching base, a member of MET staff, a caseworker profile, a term date.
        var inScopeBase: UUID? = nil
        var inScopeStaff: UUID? = nil
        var inScopeProfile: UUID? = nil
        var inScopeTermDate: UUID? = nil
        var inScopeSubjectAccess: UUID? = nil
        /// A top-up payment run in each authority (issue 15), for /finance/payment-runs/:runID.
        var inScopeRun: UUID? = nil
        /// A census-based allocation run in each authority (TOPUP-2), for /finance/allocation-runs/:allocationRunID.
        var inScopeAllocationRun: UUID? = nil
        /// The neighbour council's own base, staff member, caseworker profile, term date and subject access
        /// request, by route parameter: an administrator must get 404 for each (issue 12's admin pages).
        var outOfScopeAdmin: [String: UUID] = [:]
        /// A failed email in each authority, for /admin/outbox's "Try again".
        var inScopeSurvey: UUID? = nil
        /// Issue 16 part 2: a session in each authority, and an attended booking of the SENCO's school (in scope) beside
        /// another school's and the neighbour's (out of scope for a school user; the neighbour's for everyone).
        var inScopeTrainingSession: UUID? = nil
        var inScopeTrainingBooking: UUID? = nil
        var outOfScopeTrainingSession: UUID? = nil
        var outOfScopeTrainingBookings: [Role: [UUID]] = [:]
        /// Issue 16 part 3: a published round in each authority with a bid and a contract of the demo provider (in scope for
        /// officers and that provider), a rival provider's bid and contract (out of scope for the provider) and the neighbour's.
        var inScopeRound: UUID? = nil
        var inScopeBid: UUID? = nil
        var inScopeContract: UUID? = nil
        var outOfScopeRound: UUID? = nil
        var outOfScopeBids: [Role: [UUID]] = [:]
        var outOfScopeContracts: [Role: [UUID]] = [:]
        /// Issue 17: a young person in the tracking cohort of each authority.
        var inScopeYoungPerson: UUID? = nil
        var outOfScopeYoungPerson: UUID? = nil
        var surveyToken: String? = nil
        var laCode = "885"
        var inScopeMessage: UUID? = nil
        var outOfScopeMessage: UUID? = nil
        /// A provision episode of each referral the matrix uses, for /referrals/:referralID/episodes/:episodeID (Section19Evidence).
        var episodeFor: [UUID: UUID] = [:]
    }

    /// EHC cases made for the matrix: the parent's child (with advice asked of the demo health
    /// professional), a pupil of the SENCO's school, a pupil of another school, and the neighbour's child.
    func addCases(_ f: inout Fixtures, db: any Database, dataDirectory: String) async throws {
        // Every advice request carries a sent document, so the download route has something to serve in scope.
        let document = try PrivateFileStore(dataDirectory: dataDirectory).save(Array("%PDF-1.4\n".utf8), type: "application/pdf")
        let health = try await User.query(on: db).filter(\.$email == TestWorld.email(for: .healthProfessional)).first()!.requireID()
        func make(_ childID: UUID, adviser: UUID?) async throws -> UUID {
            let child = try await Child.find(childID, on: db)!
            let item = EHCCase(authorityID: child.$authority.id, childID: childID, upn: nil, requestedOn: CalendarDate(year: 2026, month: 10, day: 1),
                               requester: .parent, requesterName: "Matrix", summary: "Matrix case")
            try await item.create(on: db)
            let advice = EHCAdviceRequest()
            advice.$ehcCase.id = item.id!; advice.kindRaw = "medical"; advice.adviserUserID = adviser; advice.adviserName = "Adviser"; advice.requestedOn = CalendarDate(iso: "2026-10-10")!
            advice.fileStoredName = document.name; advice.fileContentType = "application/pdf"; advice.fileSize = 9
            try await advice.create(on: db)
            f.adviceFor[item.id!] = advice.id!
            return item.id!
        }
        let parentCase = try await make(f.inScopeChild[.parentCarer]!, adviser: health)
        let schoolCase = try await make(f.inScopeChild[.schoolUser]!, adviser: nil)
        let otherCase = try await make(f.outOfScopeChildren[.schoolUser]!.last!, adviser: nil)
        let neighbourCase = try await make(f.outOfScopeChildren[.administrator]!.first!, adviser: health)
        for role in Role.allCases { f.inScopeCase[role] = parentCase; f.outOfScopeCases[role] = [neighbourCase] }
        f.inScopeCase[.schoolUser] = schoolCase
        f.outOfScopeCases[.schoolUser]!.append(otherCase)
        f.outOfScopeCases[.parentCarer]!.append(otherCase)
        f.outOfScopeCases[.healthProfessional]!.append(schoolCase)
        // A request made without an account, and its private follow link.
        let token = SessionToken.random()
        let publicCase = EHCCase(authorityID: try await TestWorld.demoAuthorityID(db), childID: nil, upn: nil, requestedOn: CalendarDate(year: 2026, month: 11, day: 2),
                                 requester: .parent, requesterName: "Matrix Parent", summary: "Matrix")
        try await publicCase.create(on: db)
        let asked = EHCPublicRequest()
        asked.$ehcCase.id = publicCase.id!; asked.childName = "Matrix Child"; asked.childBirthDate = CalendarDate(iso: "2016-01-01")!; asked.parentName = "Matrix Parent"
        asked.parentEmail = "p@example.com"; asked.followTokenHash = SessionToken.hash(token)
        try await asked.create(on: db)
        f.followToken = token
        let invited = User(authorityID: try await TestWorld.demoAuthorityID(db), email: "invited.matrix@example.org", displayName: "Invited Matrix",
                           role: .caseworker, passwordHash: PendingPassword.marker)
        try await invited.create(on: db)
        f.setupToken = try await AccountSetupToken.issue(for: try invited.requireID(), on: db)
    }

    /// One stored evidence file per referral the matrix uses, so download routes have something to serve.
    func addEvidence(_ referrals: [UUID], app: Application) async throws -> [UUID: UUID] {
        let directory = app.continuumConfiguration.dataDirectory + "/uploads"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let uploader = try await User.query(on: app.db).first()!.requireID()
        var result: [UUID: UUID] = [:]
        for referral in Set(referrals) {
            let e = Evidence()
            e.$referral.id = referral
            e.evidenceType = "gp"; e.originalName = "letter.pdf"; e.contentType = "application/pdf"; e.sizeBytes = 9
            e.storedName = UUID().uuidString + ".pdf"; e.receivedOn = CalendarDate(iso: "2026-11-02")!; e.uploadedBy = uploader
            try Data("%PDF-1.4\n".utf8).write(to: URL(fileURLWithPath: directory + "/" + e.storedName))
            try await e.create(on: app.db)
            result[referral] = e.id
        }
        return result
    }

    func fixtures(_ db: any Database) async throws -> Fixtures {
        let authorityID = try await TestWorld.demoAuthorityID(db)
        let neighbourChild = try await Child.query(on: db).filter(\.$legalSurname == "Outofscope").first()!.requireID()
        let anyChild = try await Child.query(on: db).filter(\.$authority.$id == authorityID).sort(\.$legalSurname).first()!.requireID()
        func linked(_ role: Role, _ kind: ChildRelationship.Kind, consent: Bool) async throws -> [UUID] {
            let user = try await User.query(on: db).filter(\.$email == TestWorld.email(for: role)).first()!.requireID()
            return try await ChildRelationship.query(on: db).join(Person.self, on: \ChildRelationship.$person.$id == \Person.$id)
                .filter(Person.self, \.$userID == user).filter(\.$kind == kind.rawValue).filter(\.$consentToShare == consent).all(\.$child.$id)
        }
        let senco = try await User.query(on: db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        let schoolChild = try await Child.query(on: db).filter(\.$homeSchool.$id == senco.$school.id!).first()!.requireID()
        let otherSchoolChild = try await Child.query(on: db).filter(\.$authority.$id == authorityID).filter(\.$homeSchool.$id != senco.$school.id!).first()!.requireID()
        let teacherChildren = try await linked(.metTeacher, .metTeacher, consent: true)
        let healthChildren = try await linked(.healthProfessional, .healthProfessional, consent: true)
        let healthNoConsent = try await linked(.healthProfessional, .healthProfessional, consent: false)
        let parentChildren = try await linked(.parentCarer, .parentCarer, consent: true)
        XCTAssertFalse(healthNoConsent.isEmpty, "fixture needs a referral without consent")

        var f = Fixtures(establishmentURN: try await Establishment.query(on: db).first()!.urn,
                         inScopeUser: try await User.query(on: db).filter(\.$email == TestWorld.email(for: .finance)).first()!.requireID(),
                         outOfScopeUser: try await User.query(on: db).filter(\.$email == TestWorld.neighbourCaseworker).first()!.requireID(),
                         inScopeIdentification: try await Identification.query(on: db).filter(\.$authority.$id == authorityID).first()!.requireID(),
                         outOfScopeIdentification: try await Identification.query(on: db).filter(\.$authority.$id != authorityID).first()!.requireID())
        f.inScopeBase = try await TeachingBase.query(on: db).filter(\.$authority.$id == authorityID).first()?.id
        f.inScopeStaff = try await StaffMember.query(on: db).filter(\.$authority.$id == authorityID).first()?.id
        f.inScopeProfile = try await CaseworkerProfile.query(on: db).filter(\.$authorityID == authorityID).first()?.id
        // The earliest INSET day: the delete route may remove it without moving any current clock.
        f.inScopeTermDate = try await TermDate.query(on: db).filter(\.$authority.$id == authorityID).filter(\.$kind == .inset).sort(\.$startsOn).first()?.id
        let subjectAccess = SubjectAccessRequest(authorityID: authorityID, childID: anyChild, received: CalendarDate.today().adding(days: -3),
                                                 requesterName: "Matrix Requester", extensionReason: nil, loggedByName: "matrix")
        try await subjectAccess.create(on: db)
        f.inScopeSubjectAccess = subjectAccess.id
        let neighbourID = try await Child.find(neighbourChild, on: db)!.$authority.id
        let base = TeachingBase(authorityID: neighbourID, name: "Neighbour base", address: "1 High Street", postcode: "ME4 4QU", capacity: 5)
        try await base.create(on: db)
        let staff = StaffMember(authorityID: neighbourID, name: "Neighbour teacher", kind: .teacher, fte: 1, qts: true)
        try await staff.create(on: db)
        let profile = CaseworkerProfile()
        profile.userID = f.outOfScopeUser; profile.authorityID = neighbourID; profile.name = "Neighbour Caseworker"
        profile.isAgency = false; profile.isTrainee = false; profile.startedOn = CalendarDate(iso: "2025-09-01")!
        try await profile.create(on: db)
        let inset = TermDate(authorityID: neighbourID, kind: .inset, name: "INSET day", startsOn: CalendarDate(year: 2026, month: 9, day: 1), endsOn: CalendarDate(year: 2026, month: 9, day: 1))
        try await inset.create(on: db)
        let neighbourRequest = SubjectAccessRequest(authorityID: neighbourID, childID: neighbourChild, received: CalendarDate.today().adding(days: -3),
                                                    requesterName: "Neighbour Requester", extensionReason: nil, loggedByName: "matrix")
        try await neighbourRequest.create(on: db)
        func paymentRun(_ authority: UUID) async throws -> UUID {
            let run = PaymentRun()
            run.$authority.id = authority; run.label = "Matrix run"; run.from = CalendarDate(year: 2026, month: 4, day: 1)
            run.to = CalendarDate(year: 2026, month: 4, day: 30); run.financialYear = "2026-27"; run.totalPence = 0; run.madeBy = "matrix"
            try await run.create(on: db)
            return run.id!
        }
        f.inScopeRun = try await paymentRun(authorityID)
        func allocationRun(_ authority: UUID) async throws -> UUID {
            let run = AllocationRun()
            run.$authority.id = authority; run.title = "Matrix allocation"; run.potPence = 100; run.censusDate = CalendarDate(year: 2026, month: 1, day: 15)
            run.eligibilityRaw = "sen-support"; run.formulaRaw = "share-of-pot"; run.s251Line = "1.2.4"; run.totalPence = 100; run.madeBy = "matrix"
            try await run.create(on: db)
            return run.id!
        }
        f.inScopeAllocationRun = try await allocationRun(authorityID)
        f.outOfScopeAdmin = ["baseID": base.id!, "staffID": staff.id!, "profileID": profile.id!, "termDateID": inset.id!, "requestID": neighbourRequest.id!,
                             "runID": try await paymentRun(neighbourID), "allocationRunID": try await allocationRun(neighbourID)]
        for role in Role.allCases { f.outOfScopeChildren[role] = [neighbourChild] }
        for role in [Role.administrator, .caseworker, .metCoordinator] { f.inScopeChild[role] = anyChild }
        f.inScopeChild[.schoolUser] = schoolChild
        f.outOfScopeChildren[.schoolUser]!.append(otherSchoolChild)
        f.inScopeChild[.metTeacher] = teacherChildren.first!
        f.outOfScopeChildren[.metTeacher]!.append(anyChild == teacherChildren.first! ? otherSchoolChild : anyChild)
        f.inScopeChild[.healthProfessional] = healthChildren.first!
        f.outOfScopeChildren[.healthProfessional]! += healthNoConsent
        f.inScopeChild[.parentCarer] = parentChildren.first!
        f.outOfScopeChildren[.parentCarer]!.append(teacherChildren.first!)
        for role in [Role.finance, .electedMember] { f.inScopeChild[role] = anyChild }

        // Referrals: in scope when the referral's child is one the role may see.
        let referrals = try await Referral.query(on: db).all()
        let neighbourReferral = referrals.first { $0.$child.id == neighbourChild }!.id!
        let authorityChildren = Set(try await Child.query(on: db).filter(\.$authority.$id == authorityID).all(\.$id))
        let schoolChildren = Set(try await Child.query(on: db).filter(\.$homeSchool.$id == senco.$school.id!).all(\.$id))
        let visible: [Role: Set<UUID>] = [
            .administrator: authorityChildren, .caseworker: authorityChildren, .metCoordinator: authorityChildren,
            .schoolUser: schoolChildren, .metTeacher: Set(teacherChildren), .healthProfessional: Set(healthChildren), .parentCarer: Set(parentChildren),
            .finance: authorityChildren, .electedMember: authorityChildren,
            // An outreach provider reaches no referral: the id only fills the path, which must answer 404.
            .provider: authorityChildren,
            // Nor does a post-16 adviser: they work from the tracking cohort, not from referrals.
            .post16Adviser: authorityChildren,
        ]
        for role in Role.allCases {
            let mine = referrals.filter { visible[role]!.contains($0.$child.id) }
            f.inScopeReferral[role] = mine.first?.id
            XCTAssertNotNil(f.inScopeReferral[role], "fixture needs a referral in scope for \(role)")
            f.outOfScopeReferrals[role] = [neighbourReferral] + referrals.filter { !visible[role]!.contains($0.$child.id) && $0.$child.id != neighbourChild }.prefix(1).map { $0.id! }
        }
        for referral in Set(f.inScopeReferral.values.compactMap { $0 } + f.outOfScopeReferrals.values.flatMap { $0 }) {
            if let existing = try await ProvisionEpisode.query(on: db).filter(\.$referral.$id == referral).first() { f.episodeFor[referral] = existing.id; continue }
            let episode = ProvisionEpisode()
            episode.$referral.id = referral; episode.type = ProvisionType.home.rawValue; episode.hoursPerWeek = 25; episode.startsOn = CalendarDate(iso: "2026-11-02")!
            try await episode.create(on: db)
            f.episodeFor[referral] = episode.id
        }
        for (authority, inScope) in [(authorityID, true), (try await Authority.query(on: db).filter(\.$laCode == "887").first()!.requireID(), false)] {
            let message = OutboxMessage(authorityID: authority, to: "matrix@example.com", subject: "Matrix", body: "Matrix")
            message.failedAt = Date(); message.lastError = "HTTP 400: matrix"
            try await message.create(on: db)
            if inScope { f.inScopeMessage = message.id } else { f.outOfScopeMessage = message.id }
        }
        return f
    }

    /// The path for a route with its parameters filled; nil when the route has no such record for this role.
    func path(_ route: Route, role: Role, f: Fixtures, outOfScope: UUID?) -> String? {
        var parts: [String] = []
        for component in route.path {
            switch component {
            case .constant(let value): parts.append(value)
            case .parameter("childID"):
                guard let id = outOfScope ?? f.inScopeChild[role] else { return nil }
                parts.append(id.uuidString)
            case .parameter("urn"): parts.append(String(f.establishmentURN))
            case .parameter("referralID"):
                guard let id = outOfScope ?? f.inScopeReferral[role] else { return nil }
                parts.append(id.uuidString)
            case .parameter("episodeID"):
                guard let referral = outOfScope ?? f.inScopeReferral[role], let id = f.episodeFor[referral] else { return nil }
                parts.append(id.uuidString)
            case .parameter("evidenceID"):
                guard let referral = outOfScope ?? f.inScopeReferral[role], let id = f.evidenceFor[referral] else { return nil }
                parts.append(id.uuidString)
            case .parameter("userID"): parts.append((outOfScope != nil ? f.outOfScopeUser : f.inScopeUser).uuidString)
            case .parameter("identificationID"): parts.append((outOfScope ?? f.inScopeIdentification).uuidString)
            case .parameter("caseID"):
                guard let id = outOfScope ?? f.inScopeCase[role] else { return nil }
                parts.append(id.uuidString)
            case .parameter("token"): parts.append(route.path.contains(.constant("setup")) ? f.setupToken : f.followToken)
            case .parameter("messageID"):
                guard let id = outOfScope ?? f.inScopeMessage else { return nil }
                parts.append(id.uuidString)
            case .parameter("adviceID"):
                guard let item = outOfScope ?? f.inScopeCase[role], let id = f.adviceFor[item] else { return nil }
                parts.append(id.uuidString)
            case .parameter("baseID"):
                guard let id = outOfScope ?? f.inScopeBase else { return nil }
                parts.append(id.uuidString)
            case .parameter("staffID"):
                guard let id = outOfScope ?? f.inScopeStaff else { return nil }
                parts.append(id.uuidString)
            case .parameter("profileID"):
                guard let id = outOfScope ?? f.inScopeProfile else { return nil }
                parts.append(id.uuidString)
            case .parameter("termDateID"):
                guard let id = outOfScope ?? f.inScopeTermDate else { return nil }
                parts.append(id.uuidString)
            case .parameter("requestID"):
                guard let id = outOfScope ?? f.inScopeSubjectAccess else { return nil }
                parts.append(id.uuidString)
            case .parameter("runID"):
                guard let id = outOfScope ?? f.inScopeRun else { return nil }
                parts.append(id.uuidString)
            case .parameter("allocationRunID"):
                guard let id = outOfScope ?? f.inScopeAllocationRun else { return nil }
                parts.append(id.uuidString)
            case .parameter("surveyID"):
                guard let id = outOfScope ?? f.inScopeSurvey else { return nil }
                parts.append(id.uuidString)
            case .parameter("surveyToken"):
                guard let token = f.surveyToken else { return nil }
                parts.append(token)
            case .parameter("trainingSessionID"):
                guard let id = outOfScope ?? f.inScopeTrainingSession else { return nil }
                parts.append(id.uuidString)
            case .parameter("trainingBookingID"):
                guard let id = outOfScope ?? f.inScopeTrainingBooking else { return nil }
                parts.append(id.uuidString)
            case .parameter("youngPersonID"):
                guard let id = outOfScope ?? f.inScopeYoungPerson else { return nil }
                parts.append(id.uuidString)
            case .parameter("roundID"):
                guard let id = outOfScope ?? f.inScopeRound else { return nil }
                parts.append(id.uuidString)
            case .parameter("bidID"):
                guard let id = outOfScope ?? f.inScopeBid else { return nil }
                parts.append(id.uuidString)
            case .parameter("contractID"):
                guard let id = outOfScope ?? f.inScopeContract else { return nil }
                parts.append(id.uuidString)
            case .parameter("laCode"): parts.append(f.laCode)
            case .parameter(let name):
                XCTFail("route \(route.description) has parameter :\(name) that the access matrix does not know how to fill; add it to AccessMatrixTests")
                return nil
            default:
                XCTFail("route \(route.description) has a catch-all component")
                return nil
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// An open survey in each authority, and a live single-use link to the demo council's, whose token the
    /// public answer route needs (a made-up token is rightly 404).
    func addSurveys(_ f: inout Fixtures, app: Application) async throws {
        let db = app.db
        let authorityID = try await TestWorld.demoAuthorityID(db)
        let neighbourID = try await Authority.query(on: db).filter(\.$laCode == "887").first()!.requireID()
        f.laCode = try await Authority.find(authorityID, on: db)!.laCode
        for (authority, inScope) in [(authorityID, true), (neighbourID, false)] {
            let survey = Survey()
            survey.$authority.id = authority; survey.slug = "matrix-\(inScope)"; survey.title = "Matrix survey"
            survey.audienceRaw = SurveyAudience.parentCarer.rawValue; survey.triggerRaw = SurveyTrigger.manual.rawValue; survey.delayDays = 0
            survey.statusRaw = SurveyStatus.open.rawValue; survey.publishedVersion = 1; survey.createdBy = "matrix"
            try await survey.create(on: db)
            let version = SurveyVersion()
            version.$survey.id = survey.id!; version.version = 1; version.publishedOn = CalendarDate.today()
            version.questionsJSON = SurveyVersion.encode([SurveyQuestion(code: "helpful", text: "The service helped", type: .scale)])
            try await version.create(on: db)
            guard inScope else { f.outOfScopeAdmin["surveyID"] = survey.id!; continue }
            f.inScopeSurvey = survey.id!
            let invitation = SurveyInvitation()
            invitation.id = UUID(); invitation.$authority.id = authority; invitation.$survey.id = survey.id!; invitation.version = 1
            invitation.stage = SurveyTrigger.manual.rawValue; invitation.sourceKey = "matrix"; invitation.recipientHash = "matrix"
            invitation.sentOn = CalendarDate.today()
            let token = app.ehcRequestLinks.surveyToken(for: invitation.id!)
            invitation.tokenHash = SessionToken.hash(token)
            try await invitation.create(on: db)
            f.surveyToken = token
        }
    }

    func addTraining(_ f: inout Fixtures, db: any Database) async throws {
        let authorityID = try await TestWorld.demoAuthorityID(db)
        let neighbourID = try await Authority.query(on: db).filter(\.$laCode == "887").first()!.requireID()
        let senco = try await User.query(on: db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        let schools = try await Establishment.query(on: db).sort(\.$urn).all()
        let own = schools.first { $0.id == senco.$school.id }!, other = schools.first { $0.id != senco.$school.id }!
        func session(_ authority: UUID) async throws -> TrainingSession {
            let course = TrainingCourse()
            course.$authority.id = authority; course.academicYear = CalendarDate.today().academicYearStart; course.code = "MATRIX-\(authority.uuidString.prefix(4))"
            course.title = "Matrix course"; course.kindRaw = "course"; course.areaRaw = TrainingArea.autism.rawValue; course.audienceRaw = "senco"
            course.lengthMinutes = 60; course.pricePence = 0; course.provider = "matrix"
            try await course.create(on: db)
            let row = TrainingSession()
            row.$authority.id = authority; row.$course.id = course.id!; row.date = CalendarDate.today().adding(days: 10)
            row.bookingDeadline = CalendarDate.today().adding(days: 5); row.startsAt = 600; row.endsAt = 660; row.venue = "Matrix hall"; row.capacity = 10
            row.status = "scheduled"
            try await row.create(on: db)
            return row
        }
        func booking(_ session: TrainingSession, _ school: Establishment) async throws -> UUID {
            let row = TrainingBooking()
            row.$authority.id = session.$authority.id; row.$session.id = session.id!; row.$school.id = school.id!; row.schoolURN = school.urn
            row.delegateName = "Matrix \(school.urn)"; row.delegateKey = "matrix \(school.urn)"; row.delegateRole = "senco"
            row.bookedByUserID = senco.id!; row.bookedByEmail = senco.email; row.bookedOn = CalendarDate.today()
            row.statusRaw = TrainingBookingStatus.attended.rawValue; row.buyerRaw = "maintained"; row.chargePence = 0; row.version = 1
            try await row.create(on: db)
            return row.id!
        }
        let mine = try await session(authorityID), theirs = try await session(neighbourID)
        f.inScopeTrainingSession = mine.id!
        f.outOfScopeTrainingSession = theirs.id!
        f.inScopeTrainingBooking = try await booking(mine, own)
        let otherSchools = try await booking(mine, other), neighbours = try await booking(theirs, own)
        for role in Role.allCases { f.outOfScopeTrainingBookings[role] = [neighbours] }
        f.outOfScopeTrainingBookings[.schoolUser]!.append(otherSchools)
    }

    func addOutreach(_ f: inout Fixtures, db: any Database) async throws {
        let authorityID = try await TestWorld.demoAuthorityID(db)
        let neighbourID = try await Authority.query(on: db).filter(\.$laCode == "887").first()!.requireID()
        let school = try await Establishment.query(on: db).sort(\.$urn).first()!
        let demoProvider = try await OutreachProviderUser.query(on: db).with(\.$provider).first()!.provider
        func provider(_ authority: UUID, _ name: String) async throws -> UUID {
            let row = OutreachProvider(); row.$authority.id = authority; row.name = name; row.typeRaw = OutreachProviderType.voluntarySector.rawValue
            try await row.create(on: db)
            return row.id!
        }
        func round(_ authority: UUID, providers: [UUID]) async throws -> (UUID, [UUID], [UUID]) {
            let r = OutreachRound(); r.$authority.id = authority; r.title = "Matrix round"; r.roundNumber = 1; r.statusRaw = OutreachRoundStatus.published.rawValue
            r.opensOn = CalendarDate(iso: "2026-01-05")!; r.closesOn = CalendarDate(iso: "2026-02-05")!; r.evaluationOn = CalendarDate(iso: "2026-02-20")!
            r.publicationOn = CalendarDate(iso: "2026-03-01")!; r.publishedOn = r.publicationOn; r.createdBy = "matrix"
            try await r.create(on: db)
            var bids: [UUID] = [], contracts: [UUID] = []
            for (n, providerID) in providers.enumerated() {
                let lot = OutreachLot(); lot.$round.id = r.id!; lot.name = "Matrix lot \(n)"; lot.budgetPence = 100_000; lot.position = n + 1
                try await lot.create(on: db)
                let bid = OutreachBid(); bid.$round.id = r.id!; bid.$lot.id = lot.id!; bid.$provider.id = providerID; bid.pricePence = 90_000; bid.schools = 1
                bid.hours = 10; bid.methodStatement = "Matrix"; bid.submittedOn = r.closesOn; bid.submittedBy = "matrix@example.org"
                try await bid.create(on: db)
                let c = OutreachContract(); c.$authority.id = authority; c.$round.id = r.id!; c.$lot.id = lot.id!; c.$bid.id = bid.id!; c.$provider.id = providerID
                c.amountPence = 90_000; c.startsOn = r.publicationOn; c.endsOn = CalendarDate(iso: "2027-07-31")!; c.schoolURNs = String(school.urn); c.awardedBy = "matrix"
                try await c.create(on: db)
                bids.append(bid.id!); contracts.append(c.id!)
            }
            return (r.id!, bids, contracts)
        }
        let rival = try await provider(authorityID, "Matrix rival")
        let (mine, myBids, myContracts) = try await round(authorityID, providers: [demoProvider.id!, rival])
        let (theirs, theirBids, theirContracts) = try await round(neighbourID, providers: [try await provider(neighbourID, "Neighbour provider")])
        f.inScopeRound = mine; f.inScopeBid = myBids[0]; f.inScopeContract = myContracts[0]; f.outOfScopeRound = theirs
        for role in Role.allCases { f.outOfScopeBids[role] = theirBids; f.outOfScopeContracts[role] = theirContracts }
        f.outOfScopeBids[.provider]!.append(myBids[1])
        f.outOfScopeContracts[.provider]!.append(myContracts[1])
    }

    /// Issue 17: a young person of the demo county's tracking cohort (seeded), and one of the neighbour's, made here.
    func addPost16(_ f: inout Fixtures, db: any Database) async throws {
        let authorityID = try await TestWorld.demoAuthorityID(db)
        let neighbourID = try await Authority.query(on: db).filter(\.$laCode == "887").first()!.requireID()
        f.inScopeYoungPerson = try await YoungPerson.query(on: db).filter(\.$authority.$id == authorityID).first()!.requireID()
        let theirs = YoungPerson()
        theirs.$authority.id = neighbourID; theirs.forename = "Neighbour"; theirs.surname = TestWorld.neighbourChildName
        theirs.dateOfBirth = CalendarDate(year: 2009, month: 10, day: 1); theirs.hasEHCPlan = false; theirs.senSupport = false
        theirs.careExperienced = false; theirs.youngCarer = false; theirs.youngParent = false; theirs.s19InYear11 = false
        theirs.source = "matrix"; theirs.searchKey = "neighbour"; theirs.version = 1
        try await theirs.create(on: db)
        f.outOfScopeYoungPerson = theirs.id
    }

    func testEveryRouteHasAPolicy() async throws {
        let app = try await TestWorld.makeApp(seed: false)
        XCTAssertGreaterThan(app.routes.all.count, 15)
        for route in app.routes.all {
            XCTAssertNotNil(route.userInfo[RoutePolicy.userInfoKey] as? RoutePolicy, "\(route.method) \(route.description) has no access policy")
        }
        try await app.asyncShutdown()
    }

    /// Issue 15 item 8: top-up awards are recorded by administrators, finance and caseworkers (TOPUP-3), and by no one else.
    func testTopUpAwardsRoutes() async throws {
        let app = try await TestWorld.makeApp(seed: false)
        for method in [HTTPMethod.GET, .POST] {
            let route = app.routes.all.first { $0.method == method && $0.path.map(\.description).joined(separator: "/") == "finance/top-up-awards" }
            XCTAssertEqual((route?.userInfo[RoutePolicy.userInfoKey] as? RoutePolicy)?.access, .roles([.administrator, .finance, .caseworker]), "\(method) /finance/top-up-awards")
        }
        try await app.asyncShutdown()
    }

    /// Issue 15's money pages (the MET budget among them): finance officers and administrators only; the matrix below
    /// then checks every other role gets 404 on each, GET and POST alike.
    func testTheFinancePagesAreForFinanceAndAdministratorsOnly() async throws {
        let app = try await TestWorld.makeApp(seed: false)
        let paths = [SiteURL.finance, .financePaymentRuns, .financeSafetyValve, .financeSafetyValveReturns, .financeSafetyValveDecisions,
                     .financeSafetyValveConditions, .financeSafetyValveRisks, .financeSafetyValveSchedules, .financeMETBudget, .financeMETBudgetLines, .financeMETChargeScheme,
                     .financeDSGPlan, .financeDSGPlanWorkbook, .financeDSGPlanCSV(.financialSummary), .financeDSGPlanWorkstreams, .financeDSGPlanEngagement,
                     .financeSufficiency, .financeAllocationRuns, .financeAllocationRun(.key)].map(\.path)
        for path in paths {
            let routes = app.routes.all.filter { "/" + $0.path.map(\.description).joined(separator: "/") == path }
            XCTAssertFalse(routes.isEmpty, "\(path) is routed")
            for route in routes {
                XCTAssertEqual((route.userInfo[RoutePolicy.userInfoKey] as? RoutePolicy)?.access, .roles([.administrator, .finance]), "\(route.method) \(path)")
            }
        }
        try await app.asyncShutdown()
    }

    func testAccessMatrix() async throws {
        let app = try await TestWorld.makeApp()
        var f = try await fixtures(app.db)
        f.evidenceFor = try await addEvidence(Array(f.inScopeReferral.values) + f.outOfScopeReferrals.values.flatMap { $0 }, app: app)
        try await addCases(&f, db: app.db, dataDirectory: app.continuumConfiguration.dataDirectory)
        try await addSurveys(&f, app: app)
        try await addTraining(&f, db: app.db)
        try await addOutreach(&f, db: app.db)
        try await addPost16(&f, db: app.db)
        var checked = 0

        // Anonymous: every non-public route sends the person to sign in, and leaks nothing.
        let anonymous = TestClient(app)
        for route in app.routes.all {
            let policy = route.userInfo[RoutePolicy.userInfoKey] as! RoutePolicy
            guard policy.access != .anyone, let path = path(route, role: .administrator, f: f, outOfScope: nil) else { continue }
            try await anonymous.get("/sign-in")
            let result = route.method == .GET ? try await anonymous.get(path) : try await anonymous.post(path)
            XCTAssertEqual(result.status, .seeOther, "anonymous \(route.method) \(path)")
            XCTAssertEqual(result.location, "/sign-in", "anonymous \(route.method) \(path)")
            checked += 1
        }

        for role in Role.allCases {
            let client = TestClient(app)
            try await client.signIn(as: role)
            for route in app.routes.all {
                let policy = route.userInfo[RoutePolicy.userInfoKey] as! RoutePolicy
                if route.path.map(\.description).joined(separator: "/") == "sign-out" { continue } // exercised last, below
                let allowed: Bool
                switch policy.access {
                case .anyone, .twoFactorPending: allowed = true
                case .roles(let roles): allowed = roles.contains(role)
                }
                guard let inPath = path(route, role: role, f: f, outOfScope: nil) else { continue }
                // As a browser would, load a page (and its form token) before each submission.
                if route.method != .GET { try await client.get("/account") }
                let result = route.method == .GET ? try await client.get(inPath) : try await client.post(inPath)
                if allowed {
                    XCTAssertFalse([.notFound, .forbidden, .internalServerError, .unauthorized].contains(result.status),
                                   "\(role) \(route.method) \(inPath) (in scope) gave \(result.status) \(result.location ?? "")")
                } else {
                    XCTAssertEqual(result.status, .notFound, "\(role) \(route.method) \(inPath) should be 404 for a role without access, not \(result.location ?? "")")
                }
                XCTAssertFalse(result.body.contains(TestWorld.neighbourChildName), "\(role) \(inPath) leaked the other authority's child")
                checked += 1

                let hasScopedParameter = route.path.contains { if case .parameter(let n) = $0 { return ["childID", "userID", "referralID", "identificationID", "caseID", "messageID", "baseID", "staffID", "profileID", "termDateID", "requestID", "runID", "allocationRunID", "surveyID", "trainingSessionID", "trainingBookingID", "roundID", "bidID", "contractID", "youngPersonID"].contains(n) } else { return false } }
                guard allowed, hasScopedParameter else { continue }
                let outs: [UUID]
                if route.path.contains(.parameter("userID")) { outs = [f.outOfScopeUser] }
                else if route.path.contains(.parameter("identificationID")) { outs = [f.outOfScopeIdentification] }
                else if route.path.contains(.parameter("referralID")) { outs = f.outOfScopeReferrals[role] ?? [] }
                else if route.path.contains(.parameter("caseID")) { outs = f.outOfScopeCases[role] ?? [] }
                else if route.path.contains(.parameter("messageID")) { outs = f.outOfScopeMessage.map { [$0] } ?? [] }
                else if route.path.contains(.parameter("bidID")) { outs = f.outOfScopeBids[role] ?? [] }
                else if route.path.contains(.parameter("contractID")) { outs = f.outOfScopeContracts[role] ?? [] }
                else if route.path.contains(.parameter("youngPersonID")) { outs = f.outOfScopeYoungPerson.map { [$0] } ?? [] }
                else if route.path.contains(.parameter("roundID")) { outs = f.outOfScopeRound.map { [$0] } ?? [] }
                else if route.path.contains(.parameter("trainingBookingID")) { outs = f.outOfScopeTrainingBookings[role] ?? [] }
                else if route.path.contains(.parameter("trainingSessionID")) { outs = f.outOfScopeTrainingSession.map { [$0] } ?? [] }
                else if let admin = ["baseID", "staffID", "profileID", "termDateID", "requestID", "runID", "allocationRunID", "surveyID"].first(where: { route.path.contains(.parameter($0)) }) {
                    outs = f.outOfScopeAdmin[admin].map { [$0] } ?? []
                }
                else { outs = f.outOfScopeChildren[role] ?? [] }
                for out in outs {
                    guard let outPath = path(route, role: role, f: f, outOfScope: out) else { continue }
                    if route.method != .GET { try await client.get("/account") }
                    let result = route.method == .GET ? try await client.get(outPath) : try await client.post(outPath)
                    XCTAssertEqual(result.status, .notFound, "\(role) \(route.method) \(outPath) (out of scope) should be 404, not \(result.location ?? "")")
                    XCTAssertFalse(result.body.contains(TestWorld.neighbourChildName))
                    checked += 1
                }
            }
            let signOut = try await client.post("/sign-out")
            XCTAssertEqual(signOut.status, .seeOther)
            assertEqual(try await client.get("/").location, "/sign-in", "\(role): session must end at sign-out")
        }
        XCTAssertGreaterThan(checked, 150)
        let denied = try await AuditEvent.query(on: app.db).filter(\.$action ~~ "denied").count()
        XCTAssertGreaterThan(denied, 20, "refused requests are audited")
        try await app.asyncShutdown()
    }
}
