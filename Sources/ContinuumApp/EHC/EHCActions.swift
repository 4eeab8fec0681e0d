import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The EHC actions as a pipe: decode the form into a typed `EHCAction` → load the case through the
/// scoped repository → `EHCWorkflow.apply` (the domain decides what is allowed and computes every
/// date) → save the new state, its effects, the family's events and the audit row in one
/// transaction → redirect. Nothing here checks a stage or does date arithmetic.
extension EHCController {
    /// The council's actions, each at `POST /ehc/:caseID/<name>`; `comments` and `answer` have routes of their own.
    static let councilActions: [EHCActionName] = EHCActionName.allCases.filter { $0 != .comments && $0 != .answer }

    /// Fields are named per form on the page (`decision-on`), so the error summary links to the right one.
    private func fail(_ req: Request, _ principal: Principal, _ item: EHCCase, _ problems: [EHCFieldProblem], _ form: EHCActionForm, _ action: EHCActionName) async throws -> Response {
        let named = problems.map { problem in
            problem.field == "action" || action == .answer ? FormError(field: problem.field, message: problem.message)
                : FormError(field: "\(action.rawValue)-\(problem.field)", message: problem.message)
        }
        return .html(try await casePage(req, principal, item, errors: named, form: form, openAction: action.rawValue), status: .unprocessableEntity)
    }

    /// One council action, from the URL's action segment.
    func perform(_ req: Request, _ principal: Principal, _ name: EHCActionName) async throws -> Response {
        let item = try await loadCase(req, principal)
        let form = (try? req.content.decode(EHCActionForm.self)) ?? EHCActionForm()
        let state = try await item.state(on: req.db)
        let today = CalendarDate.today()
        let action = try await decode(name, form: form, state: state, req, principal, today: today)
        switch EHCWorkflow.apply(action, on: state, today: today) {
        case let .failure(problems):
            return try await fail(req, principal, item, problems.problems, form, name)
        case let .success(transition):
            // The family's comments have no version: a family never holds the council's form.
            if name != .comments, form.version != item.version {
                return try await ConflictPage.response(req, principal, thing: "case", back: SiteURL.ehcCase(.value(item.caseID)).path, section: .ehc)
            }
            try await save(transition, was: state, item, principal, req)
            let id = item.caseID
            switch name {
            case .decision: return req.redirect(to: SiteURL.ehcLetter(.value(id)).path)
            // The re-assessment is a case of its own: go to it.
            case .reassess:
                for case let .openReassessment(fresh, _, _, _, _) in transition.effects { return req.redirect(to: SiteURL.ehcCase(.value(fresh)).path(["done": "reassess"])) }
                return req.redirect(to: SiteURL.ehcCase(.value(id)).path(["done": "reassess"]))
            default: return req.redirect(to: SiteURL.ehcCase(.value(id)).path(["done": name.rawValue]))
            }
        }
    }

    /// The typed action for a form posted to `/ehc/:caseID/<name>`. References to other records (an adviser,
    /// a caseworker) are resolved here against the council's own users; the domain judges the result.
    private func decode(_ name: EHCActionName, form: EHCActionForm, state: EHCCaseState, _ req: Request, _ principal: Principal,
                        today: CalendarDate) async throws -> EHCAction {
        let on = EHCDateEntry(form.on)
        func id<Tag>(_ raw: String?) -> TypedID<Tag>? { raw.flatMap(UUID.init(uuidString:)).map { TypedID<Tag>(rawValue: $0) } }
        switch name {
        case .decision:
            return .decision(outcome: form.outcome.flatMap(EHCAssessmentDecision.init(rawValue:)), on: on, reasons: form.reasons)
        case .withdraw: return .withdraw(on: on)
        case .exception:
            return .exception(EHCExceptionInput(exception: form.exception.flatMap(EHCException.init(rawValue:)), reasons: form.reasons,
                                                adviceRequest: id(form.exceptionAdvice), closedFrom: EHCDateEntry(form.closedFrom),
                                                reopenedOn: EHCDateEntry(form.reopenedOn), absentFrom: EHCDateEntry(form.absentFrom),
                                                returnedOn: EHCDateEntry(form.returnedOn)))
        case .advice:
            let adviser: EHCAdviserChoice
            if let raw = form.adviser, !raw.isEmpty, raw != "outside" {
                if let uuid = UUID(uuidString: raw), let user = try await User.query(on: req.db).filter(\.$id == uuid).filter(\.$authority.$id == principal.authorityID)
                    .filter(\.$roleRaw == Role.healthProfessional.rawValue).first() {
                    adviser = .user(UserID(rawValue: uuid), name: user.displayName)
                } else { adviser = .unknownUser }
            } else { adviser = .outside(name: form.adviserName ?? "") }
            return .advice(kind: form.kind.flatMap(EHCAdviceKind.init(rawValue:)), adviser: adviser, on: on, familyMissedAppointment: form.familyMissedAppointment == "yes")
        case .remind:
            let adviceID: EHCAdviceRequestID? = id(form.reminder)
            var byEmail = false
            if let adviser = state.advice.first(where: { $0.id == adviceID })?.adviserUserID {
                byEmail = try await Self.activeEmail(of: adviser.rawValue, on: req.db) != nil
            }
            return .remind(advice: adviceID, byEmail: byEmail)
        case .draft:
            let rows = [(form.need1, form.outcome1, form.provision1), (form.need2, form.outcome2, form.provision2), (form.need3, form.outcome3, form.provision3)]
            return .draft(sections: EHCPlanSections.all.map { EHCDraftSection(key: $0.key, field: $0.field, text: EHCPlanSections.value(form, $0.field)) },
                          outcomes: rows.map { EHCDraftOutcomeRow(need: $0.0, outcome: $0.1, provision: $0.2) }, on: on)
        case .notIssue: return .notIssue(on: on, reasons: form.reasons)
        case .final: return .final(placement: form.placement, consultedOn: EHCDateEntry(form.consultedOn), on: on, waived: form.waived == "yes")
        case .comments:
            return .comments(comments: form.comments, preferredSchool: form.preferredSchool, received: on, byCouncil: Self.managers.contains(principal.role))
        case .consult: return .consult(institution: form.institution, on: on)
        case .consultReply:
            return .consultReply(consultation: id(form.consultation), response: form.response.flatMap(EHCConsultationResponse.init(rawValue:)), notes: form.responseNotes, on: on)
        case .appeal: return .appeal(mediation: EHCDateEntry(form.mediationOn), tribunal: EHCDateEntry(form.tribunalOn))
        case .scheduleReview: return .scheduleReview(meeting: EHCDateEntry(form.meetingOn))
        case .review: return .review(meeting: EHCDateEntry(form.meetingOn), outcome: form.outcome.flatMap(EHCReviewOutcome.init(rawValue:)), on: on)
        case .cease: return .cease(on: on, reason: form.ceaseReason.flatMap(Int.init).flatMap(SEN2CeaseReason.init(rawValue:)))
        case .reassess: return .reassess(on: on, requester: form.requester.flatMap(EHCRequester.init(rawValue:)), reasons: form.reasons, newCase: EHCCaseID())
        case .amended: return .amended(on: on)
        case .allocate:
            guard let raw = form.caseworker, let uuid = UUID(uuidString: raw),
                  let profile = try await CaseworkerProfile.query(on: req.db).filter(\.$userID == uuid).filter(\.$authorityID == principal.authorityID).first(),
                  !profile.hasEnded(by: today) else { return .allocate(caseworker: nil) }
            return .allocate(caseworker: (UserID(rawValue: profile.userID), profile.name))
        case .missedAppointment: return .missedAppointment(advice: id(form.missedAppointment))
        case .answer: throw Abort(.notFound)
        }
    }

    /// The adviser's email when they use Continuum and their account is active.
    static func activeEmail(of userID: UUID, on db: any Database) async throws -> String? {
        try await User.query(on: db).filter(\.$id == userID).filter(\.$disabledAt == nil).first()?.email
    }

    /// Writes an applied transition: the case's fields, the effects on related records, the events and the audit rows, all or nothing.
    private func save(_ transition: EHCTransition, was old: EHCCaseState, _ item: EHCCase, _ principal: Principal, _ req: Request,
                      upload: AdviceUpload? = nil) async throws {
        let caseID = item.id!
        let by = principal.displayName
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            var entries: [AuditEntry] = []
            item.update(from: transition.state, was: old)
            for effect in transition.effects {
                entries += try await Self.write(effect, item: item, principal: principal, upload: upload, on: db)
            }
            // An adviser's answer changes the advice, not the case: the council's open forms stay current.
            if transition.audit.first?.action != "ehc.advice_received" { item.version += 1 }
            try await item.save(on: db)
            for event in transition.events {
                try await EHCCaseEvent(caseID: caseID, on: event.on, summary: event.summary, by: by).create(on: db)
            }
            let own = transition.audit.map { AuditEntry(action: $0.action, entityType: "ehc_case", entityID: caseID.uuidString, childID: item.$child.id, detail: $0.detail) }
            return (entries + own, ())
        }
    }

    /// A document the adviser attached, already stored privately (removed again if nothing is saved).
    struct AdviceUpload: Sendable { let storedName: String; let contentType: String; let originalName: String; let size: Int }

    /// One effect on a record other than the case; returns the audit rows for records other than the case.
    private static func write(_ effect: EHCEffect, item: EHCCase, principal: Principal, upload: AdviceUpload?, on db: any Database) async throws -> [AuditEntry] {
        let caseID = item.id!
        switch effect {
        case let .requestAdvice(new):
            let advice = EHCAdviceRequest()
            advice.$ehcCase.id = caseID; advice.kindRaw = new.kind.rawValue; advice.adviserUserID = new.adviserUserID?.rawValue
            advice.adviserName = new.adviserName; advice.requestedOn = new.requested
            advice.familyMissedAppointment = new.familyMissedAppointment
            try await advice.create(on: db)
        case let .replacePlanContent(sections, outcomes):
            try await EHCPlanSection.query(on: db).filter(\.$ehcCase.$id == caseID).delete()
            try await EHCOutcome.query(on: db).filter(\.$ehcCase.$id == caseID).delete()
            for (key, text) in sections { let s = EHCPlanSection(); s.$ehcCase.id = caseID; s.section = key; s.content = text; try await s.create(on: db) }
            for (position, o) in outcomes.enumerated() {
                let row = EHCOutcome(); row.$ehcCase.id = caseID; row.position = position + 1; row.need = o.need; row.outcome = o.outcome; row.provision = o.provision
                try await row.create(on: db)
            }
        case let .consult(institution, on):
            let consultation = EHCConsultation()
            consultation.$ehcCase.id = caseID; consultation.institution = institution
            consultation.consultedOn = on; consultation.recordedBy = principal.displayName
            try await consultation.create(on: db)
        case let .recordConsultationReply(id, on, response, notes):
            guard let consultation = try await EHCConsultation.query(on: db).filter(\.$id == id.rawValue).filter(\.$ehcCase.$id == caseID).first() else { throw Abort(.conflict) }
            consultation.respondedOn = on; consultation.responseRaw = response.rawValue; consultation.responseNotes = notes
            try await consultation.save(on: db)
        case let .remindAdviser(id, _):
            guard let advice = try await EHCAdviceRequest.query(on: db).filter(\.$id == id.rawValue).filter(\.$ehcCase.$id == caseID).first() else { throw Abort(.conflict) }
            var email: String?
            if let adviser = advice.adviserUserID { email = try await activeEmail(of: adviser, on: db) }
            try await AdviceReminders.queue(advice, email: email, today: CalendarDate.today(), on: db)
        case let .receiveAdvice(id, on, text):
            // A second submission that raced the first finds the advice already received and saves nothing.
            guard let advice = try await EHCAdviceRequest.query(on: db).filter(\.$id == id.rawValue).filter(\.$ehcCase.$id == caseID).filter(\.$receivedOn == nil).first() else {
                throw Abort(.conflict, reason: "This advice has already been received; nothing was saved.")
            }
            if let upload {
                advice.fileStoredName = upload.storedName; advice.fileContentType = upload.contentType
                advice.fileOriginalName = upload.originalName; advice.fileSize = upload.size
            }
            advice.receivedOn = on
            advice.advice = text
            try await advice.save(on: db)
        case let .markFamilyMissedAppointment(id):
            guard let advice = try await EHCAdviceRequest.query(on: db).filter(\.$id == id.rawValue).filter(\.$ehcCase.$id == caseID).first() else { throw Abort(.conflict) }
            advice.familyMissedAppointment = true
            try await advice.save(on: db)
        case let .openReassessment(id, decided, requester, reasons, event):
            let fresh = EHCCase(authorityID: item.$authority.id, childID: item.$child.id, upn: item.upn, requestedOn: decided, requester: requester,
                                requesterName: nil, summary: reasons)
            fresh.id = id.rawValue
            fresh.kindRaw = EHCCaseKind.reassessment.rawValue
            fresh.previousCaseID = caseID
            // SEND Regulations 2014 reg 27: the decision to re-assess is the assessment's start, so it opens at `assessing`.
            fresh.stageRaw = EHCStage.assessing.rawValue
            fresh.decisionOn = decided
            fresh.caseworkerID = item.caseworkerID
            try await fresh.create(on: db)
            try await EHCCaseEvent(caseID: id.rawValue, on: event.on, summary: event.summary, by: principal.displayName).create(on: db)
            return [AuditEntry(action: "ehc.reassessment_opened", entityType: "ehc_case", entityID: id.rawValue.uuidString, childID: fresh.$child.id,
                               detail: "previous=\(caseID.uuidString)")]
        case let .replacePrevious(previousID, on, event):
            guard let previous = try await EHCCase.find(previousID.rawValue, on: db) else { return [] }
            previous.stageRaw = EHCStage.replaced.rawValue
            previous.ceasedOn = on
            previous.version += 1
            try await previous.save(on: db)
            try await EHCCaseEvent(caseID: previousID.rawValue, on: event.on, summary: event.summary, by: principal.displayName).create(on: db)
            return [AuditEntry(action: "ehc.replaced", entityType: "ehc_case", entityID: previousID.rawValue.uuidString, childID: previous.$child.id,
                               detail: "by=\(caseID.uuidString)")]
        }
        return []
    }

    /// The family's comments on the draft and their preferred school (reg 13(1), CFA 2014 s.38(2)).
    @Sendable func comments(_ req: Request, _ principal: Principal) async throws -> Response {
        try await perform(req, principal, .comments)
    }

    /// An adviser sends their advice, as text, a document or both (or a caseworker records advice received on paper).
    @Sendable func answerAdvice(_ req: Request, _ principal: Principal) async throws -> Response {
        let item = try await loadCase(req, principal)
        guard let adviceID = req.parameters.get("adviceID", as: EHCAdviceRequestID.self),
              let advice = try await EHCAdviceRequest.query(on: req.db).filter(\.$id == adviceID.rawValue).filter(\.$ehcCase.$id == item.id!).first(),
              Self.managers.contains(principal.role) || advice.adviserUserID == principal.userID else { throw Abort(.notFound) }
        struct AnswerForm: Content { var advice: String?; var file: File? }
        let answer = (try? req.content.decode(AnswerForm.self)) ?? AnswerForm()
        var form = EHCActionForm()
        form.advice = answer.advice
        var file = EHCAdviceFile.none
        var bytes: [UInt8] = []
        if let upload = answer.file, upload.data.readableBytes > 0 {
            bytes = Array(upload.data.readableBytesView)
            if bytes.count > FileSniffer.maximumBytes { file = .tooLarge }
            else if let type = FileSniffer.contentType(of: bytes) { file = .document(contentType: type, bytes: bytes.count) }
            else { file = .unrecognised }
        }
        let state = try await item.state(on: req.db)
        let action = EHCAction.answer(advice: adviceID, text: answer.advice, file: file)
        let transition: EHCTransition
        switch EHCWorkflow.apply(action, on: state, today: CalendarDate.today()) {
        case let .failure(problems): return try await fail(req, principal, item, problems.problems, form, .answer)
        case let .success(applied): transition = applied
        }
        var upload: AdviceUpload?
        var storedPath: String?
        if case let .document(type, size) = file {
            let stored = try PrivateFileStore(dataDirectory: req.application.continuumConfiguration.dataDirectory).save(bytes, type: type)
            upload = AdviceUpload(storedName: stored.name, contentType: type, originalName: String((answer.file?.filename ?? "advice").prefix(200)), size: size)
            storedPath = stored.path
        }
        do {
            try await save(transition, was: state, item, principal, req, upload: upload)
        } catch {
            // Nothing was saved, so the stored file would be an orphan.
            if let storedPath { try? FileManager.default.removeItem(atPath: storedPath) }
            throw error
        }
        return req.redirect(to: SiteURL.ehcCase(.value(item.caseID)).path(["done": "advice-sent"]))
    }

    /// The adviser's document, through the same access check as the case: the council, the family,
    /// and the adviser who sent it.
    @Sendable func adviceFile(_ req: Request, _ principal: Principal) async throws -> Response {
        let item = try await loadCase(req, principal)
        guard let adviceID = req.parameters.get("adviceID", as: EHCAdviceRequestID.self),
              let advice = try await EHCAdviceRequest.query(on: req.db).filter(\.$id == adviceID.rawValue).filter(\.$ehcCase.$id == item.id!).first(),
              Self.managers.contains(principal.role) || principal.role == .parentCarer || advice.adviserUserID == principal.userID,
              let stored = advice.fileStoredName, let type = advice.fileContentType,
              let data = PrivateFileStore(dataDirectory: req.application.continuumConfiguration.dataDirectory).read(stored) else { throw Abort(.notFound) }
        try await AuditLog.record(AuditEntry(action: "ehc.advice_file.downloaded", entityType: "ehc_case", entityID: item.id?.uuidString, childID: item.$child.id, detail: stored),
                                  by: principal.auditActor, on: req.db)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: type)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"advice-\(adviceID.rawValue.uuidString.prefix(8)).\(FileSniffer.fileExtension(for: type))\"")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
