import Fluent
import Vapor
import ContinuumDomain

extension Request {
    /// The authority's settings a referral's dates depend on (rulebook HN-12's LOCAL review interval).
    func referralRules(_ principal: Principal) async throws -> ReferralRules {
        ReferralRules(calendar: try await application.calendars.calendar(for: principal.authorityID, on: db),
                      reviewIntervalSchoolDays: try await serviceTargets(for: principal.authorityID).reviewIntervalSchoolDays)
    }
}

/// Where an uploaded evidence file was stored, for `.storeEvidence` (the file handling stays in the app).
struct StoredEvidenceFile: Sendable {
    let storedName: String
    let originalName: String
}

/// The pipe every Section 19 form goes through (README "Where a new workflow goes"). The controller decodes the form
/// and loads the referral through the scoped repository; `apply` asks `ReferralWorkflow`, and `save` writes the new state,
/// every effect and the audit row in one transaction. The records hold CalendarDates too, so nothing is parsed here.
struct ReferralActions {
    let req: Request
    let principal: Principal

    func apply(_ action: ReferralAction, to referral: Referral, hasReintegrationPlan: Bool = false) async throws -> Result<ReferralTransition, EHCActionProblems> {
        ReferralWorkflow.apply(action, on: referral.workflowState(hasReintegrationPlan: hasReintegrationPlan), today: CalendarDate.today(),
                               rules: try await req.referralRules(principal))
    }

    /// The referral page again, with the problems in its error summary.
    func again(_ referral: Referral, _ problems: EHCActionProblems) async throws -> Response {
        .html(try await ReferralController().detailPageFor(req, principal, referral, errors: problems.formErrors), status: .unprocessableEntity)
    }

    /// `auditEntity` is what the audit row names when it is not the referral (a session is audited against its slot).
    func save(_ transition: ReferralTransition, to referral: Referral, auditEntity: (type: String, id: String)? = nil,
              evidenceFile: StoredEvidenceFile? = nil) async throws {
        let principal = principal
        let entityType = auditEntity?.type ?? "referral", entityID = auditEntity?.id ?? referral.id?.uuidString
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            referral.update(from: transition.state)
            if referral.hasChanges { try await referral.save(on: db) }
            for effect in transition.effects {
                try await Self.write(effect, for: referral, by: principal, evidenceFile: evidenceFile, on: db)
            }
            return ([AuditEntry(action: transition.audit.action, entityType: entityType, entityID: entityID, childID: referral.$child.id,
                                detail: transition.audit.detail)], ())
        }
    }

    private static func write(_ effect: ReferralEffect, for referral: Referral, by principal: Principal, evidenceFile: StoredEvidenceFile?, on db: any Database) async throws {
        let referralID = try referral.requireID()
        switch effect {
        case let .scheduleReview(due):
            let review = CaseReview()
            review.$referral.id = referralID
            review.dueOn = due
            try await review.create(on: db)
        case let .endOpenEpisodes(on):
            for episode in try await ProvisionEpisode.query(on: db).filter(\.$referral.$id == referralID).filter(\.$endsOn == nil).all() {
                episode.endsOn = max(episode.startsOn, on)
                try await episode.save(on: db)
            }
        // The structured copy is what reports read (Section19Evidence); the outcome's text stays for older readers.
        case let .recordGCSEResults(results):
            for result in results { try await GCSEResult(referralID: referralID, subject: result.subject, grade: result.grade).create(on: db) }
        case let .createEpisode(new):
            let episode = ProvisionEpisode()
            episode.$referral.id = referralID
            episode.type = new.type.rawValue
            episode.$base.id = new.baseID
            episode.hoursPerWeek = new.hoursPerWeek
            episode.startsOn = new.start
            episode.partTimeReason = new.partTimeReason
            episode.partTimeReviewOn = new.partTimeReviewOn
            try await episode.create(on: db)
        case let .recordReview(held):
            let open = try await CaseReview.query(on: db).filter(\.$referral.$id == referralID).filter(\.$heldOn == nil).sort(\.$dueOn).first()
            let review = open ?? CaseReview()
            review.$referral.id = referralID
            if open == nil { review.dueOn = held.held }
            review.heldOn = held.held
            review.healthInput = held.healthInput
            review.outcome = held.outcome
            try await review.save(on: db)
        case let .savePlan(entry):
            let plan = try await ReintegrationPlan.query(on: db).filter(\.$referral.$id == referralID).first() ?? ReintegrationPlan()
            plan.$referral.id = referralID
            plan.goals = entry.goals; plan.steps = entry.steps; plan.schoolContact = entry.schoolContact; plan.targetOn = entry.target
            try await plan.save(on: db)
        case let .addSlot(new):
            let slot = TimetableSlot()
            slot.$referral.id = referralID
            slot.subject = new.subject.rawValue
            slot.$teacher.id = new.teacherID
            slot.place = new.place
            slot.weekday = new.weekday.rawValue
            slot.startsAt = new.startsAt
            slot.minutes = new.minutes
            slot.active = true
            try await slot.create(on: db)
        case let .linkTeacher(id):
            guard let teacher = try await User.find(id, on: db) else { throw Abort(.internalServerError, reason: "The timetabled teacher has gone") }
            try await TeacherLink.ensure(teacher: teacher, childID: referral.$child.id, authorityID: principal.authorityID, on: db)
        case let .recordSession(entry):
            let existing = try await TaughtSession.query(on: db).filter(\.$slot.$id == entry.slot).filter(\.$onDate == entry.on).first()
            let record = existing ?? TaughtSession()
            record.$slot.id = entry.slot
            record.onDate = entry.on
            record.outcome = entry.outcome.rawValue
            record.reason = entry.reason
            record.recordedBy = principal.userID
            try await record.save(on: db)
        case let .storeEvidence(new):
            guard let evidenceFile else { throw Abort(.internalServerError, reason: "Evidence without its stored file") }
            let evidence = Evidence()
            evidence.$referral.id = referralID
            evidence.evidenceType = new.type.rawValue
            evidence.originalName = evidenceFile.originalName
            evidence.contentType = new.contentType
            evidence.sizeBytes = new.bytes
            evidence.storedName = evidenceFile.storedName
            evidence.receivedOn = new.received
            evidence.uploadedBy = principal.userID
            try await evidence.create(on: db)
        }
    }
}
