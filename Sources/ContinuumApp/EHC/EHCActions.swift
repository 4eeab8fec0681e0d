import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// What the council can do to a case at each stage; anything else is refused with the reason.
enum EHCActions {
    static func allowed(for stage: EHCStage) -> Set<String> {
        var actions: Set<String> = ["allocate"]
        switch stage {
        case .requested: actions.formUnion(["decision", "withdraw", "exception"])
        case .assessing: actions.formUnion(["advice", "remind", "draft", "not-issue", "withdraw", "exception"])
        case .draftIssued: actions.formUnion(["final", "comments", "consult", "consult-reply", "exception"])
        case .refusedToAssess, .decisionNotToIssue: actions.formUnion(["appeal"])
        case .finalIssued: actions.formUnion(["schedule-review", "review", "cease", "reassess"])
        case .underReview: actions.formUnion(["schedule-review", "review", "cease", "reassess"])
        // An amended plan may name a new school, which must be consulted like any other.
        case .amendmentProposed: actions.formUnion(["amended", "consult", "consult-reply"])
        case .withdrawn, .ceased, .replaced: actions = []
        }
        return actions
    }

    static func refusal(_ action: String, stage: EHCStage) -> String? {
        guard !allowed(for: stage).contains(action) else { return nil }
        return "This can't be done while the case is at \"\(stage.description)\". " + (stage.isTerminal ? "The case is closed." : "Next steps from here: "
            + stage.next.map(\.description).sorted().joined(separator: ", ") + ".")
    }
}

extension EHCController {
    /// Fields are named per form on the page (`decision-on`), so the error summary links to the right one.
    private func fail(_ req: Request, _ principal: Principal, _ item: EHCCase, _ errors: [FormError], _ form: EHCActionForm, _ action: String) async throws -> Response {
        let named = errors.map { error in
            error.field == "action" || action == "answer" ? error : FormError(field: "\(action)-\(error.field)", message: error.message)
        }
        return .html(try await casePage(req, principal, item, errors: named, form: form, openAction: action), status: .unprocessableEntity)
    }

    /// One handler for the council's actions: validate, check the stage allows it, then change the
    /// case, write the family-visible event and the audit entry in one transaction.
    func act(_ req: Request, _ principal: Principal, action: String) async throws -> Response {
        let item = try await loadCase(req, principal)
        let form = (try? req.content.decode(EHCActionForm.self)) ?? EHCActionForm()
        if let refusal = EHCActions.refusal(action, stage: item.stage) {
            return try await fail(req, principal, item, [FormError(field: "action", message: refusal)], form, action)
        }
        let today = CalendarDate.today()
        let request = item.requestDate
        var checks = FormChecks()
        var change: (@Sendable (any Database) async throws -> (event: String?, on: CalendarDate, detail: String))?
        switch action {
        case "decision":
            let outcome = form.outcome
            if outcome != "assess" && outcome != "refuse" { checks.errors.append(FormError(field: "outcome", message: "Select whether the council will carry out an assessment")) }
            let on = checks.date(form.on, field: "on", label: "of the decision", notBefore: request, today: today)
            let reasons = outcome == "refuse" ? checks.text(form.reasons, field: "reasons", missing: "Give the reasons for not assessing: the family is told them with their right to appeal")
                : checks.optionalText(form.reasons, field: "reasons")
            if let on {
                change = { db in
                    item.stageRaw = (outcome == "assess" ? EHCStage.assessing : .refusedToAssess).rawValue
                    item.decisionOn = on.description
                    item.decisionReasons = reasons
                    if outcome == "refuse" { item.assessmentClosedOn = on.description }
                    return (outcome == "assess" ? "The council decided to carry out an EHC needs assessment"
                        : "The council decided not to carry out an EHC needs assessment (the letter explains how to appeal)", on, outcome ?? "")
                }
            }
        case "advice":
            let kind = form.kind.flatMap(EHCAdviceKind.init(rawValue:))
            if kind == nil { checks.errors.append(FormError(field: "kind", message: "Select the kind of advice")) }
            let on = checks.date(form.on, field: "on", label: "advice was asked for", notBefore: item.decisionOn.flatMap(CalendarDate.init(iso:)) ?? request,
                                 notBeforeLabel: "the council decided to assess", today: today)
            var adviserID: UUID?
            var adviserName = (form.adviserName ?? "").trimmingCharacters(in: .whitespaces)
            if let raw = form.adviser, !raw.isEmpty, raw != "outside" {
                if let id = UUID(uuidString: raw), let user = try await User.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID)
                    .filter(\.$roleRaw == Role.healthProfessional.rawValue).first() {
                    adviserID = id; adviserName = user.displayName
                } else { checks.errors.append(FormError(field: "adviser", message: "Select an adviser from the list")) }
            } else if adviserName.isEmpty {
                checks.errors.append(FormError(field: "adviserName", message: "Enter the adviser's name and organisation, or choose an adviser who uses Continuum"))
            } else if adviserName.count > 200 { checks.errors.append(FormError(field: "adviserName", message: "The name must be 200 characters or fewer")) }
            if let on, let kind {
                let advice = EHCAdviceRequest()
                advice.$ehcCase.id = item.id!; advice.kindRaw = kind.rawValue; advice.adviserUserID = adviserID
                advice.adviserName = adviserName; advice.requestedOn = on.description
                let adviserName = adviserName
                change = { db in
                    try await advice.create(on: db)
                    return ("\(kind.description) asked for from \(adviserName), due \(on.adding(days: EHCTimeline.adviceDays).longFormat)", on, kind.rawValue)
                }
            }
        case "draft":
            let on = checks.date(form.on, field: "on", label: "the draft plan was sent", notBefore: request, today: today)
            let contents = EHCPlanSections.all.map { ($0.key, checks.optionalText(EHCPlanSections.value(form, $0.field), field: $0.field)) }
            if contents.first(where: { $0.0 == "B" })?.1 == nil { checks.errors.append(FormError(field: "sectionB", message: "Describe the child's special educational needs (section B)")) }
            let rows = [(form.need1, form.outcome1, form.provision1), (form.need2, form.outcome2, form.provision2), (form.need3, form.outcome3, form.provision3)]
            var outcomes: [(String, String, String)] = []
            for (index, row) in rows.enumerated() {
                let parts = [row.0, row.1, row.2].map { ($0 ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
                if parts.allSatisfy(\.isEmpty) { continue }
                if parts.contains(where: \.isEmpty) {
                    checks.errors.append(FormError(field: "need\(index + 1)", message: "Outcome \(index + 1): give the need, the outcome and the provision that serves it, or leave all three blank"))
                } else { outcomes.append((parts[0], parts[1], parts[2])) }
            }
            if outcomes.isEmpty && !checks.errors.contains(where: { $0.field.hasPrefix("need") }) {
                checks.errors.append(FormError(field: "need1", message: "Give at least one outcome (section E) with the need it meets and the provision (section F)"))
            }
            if let on {
                let outcomes = outcomes
                change = { db in
                    try await EHCPlanSection.query(on: db).filter(\.$ehcCase.$id == item.id!).delete()
                    try await EHCOutcome.query(on: db).filter(\.$ehcCase.$id == item.id!).delete()
                    for (key, text) in contents { if let text { let s = EHCPlanSection(); s.$ehcCase.id = item.id!; s.section = key; s.content = text; try await s.create(on: db) } }
                    for (position, o) in outcomes.enumerated() {
                        let row = EHCOutcome(); row.$ehcCase.id = item.id!; row.position = position + 1; row.need = o.0; row.outcome = o.1; row.provision = o.2
                        try await row.create(on: db)
                    }
                    item.stageRaw = EHCStage.draftIssued.rawValue
                    item.draftServedOn = on.description
                    return ("Draft EHC plan sent. The family has until \(on.adding(days: EHCTimeline.representationDays - 1).longFormat) to comment and name a preferred school (section I is left blank in the draft)", on, "")
                }
            }
        case "final":
            let served = item.draftServedOn.flatMap(CalendarDate.init(iso:)) ?? request
            let on = checks.date(form.on, field: "on", label: "the final plan was issued", notBefore: served, notBeforeLabel: "the draft was sent", today: today)
            let placement = checks.text(form.placement, field: "placement", missing: "Name the school or other institution (section I)", limit: 300)
            let consulted = (form.consultedOn ?? "").isEmpty ? nil : checks.date(form.consultedOn, field: "consultedOn", label: "the school was consulted", notBefore: served, notBeforeLabel: "the draft was sent", today: today)
            // Rulebook EHC-5 ⚠ (LOCAL policy, default on): a family may say in writing that they have no more comments.
            let waived = form.waived == "yes"
            if let on, !waived, on < served.adding(days: EHCTimeline.representationDays) {
                // SEND Regulations 2014 reg 13(1): the family has at least 15 days to comment on the draft.
                checks.errors.append(FormError(field: "on", message: "The final plan can't be issued before \(served.adding(days: EHCTimeline.representationDays).longFormat): the family has 15 days from \(served.longFormat) to comment on the draft, unless they have told you in writing that they have no more comments"))
            }
            if let on, checks.errors.isEmpty {
                change = { db in
                    item.stageRaw = EHCStage.finalIssued.rawValue
                    item.finalIssuedOn = on.description
                    item.placement = placement
                    item.schoolConsultedOn = consulted?.description
                    item.assessmentClosedOn = on.description
                    let measure: String
                    if item.kind == .reassessment {
                        let due = EHCTimeline.reassessmentFinalDue(decidedToReassess: request, exception: item.exception)
                        measure = due.map { on <= $0 ? "within 14 weeks of deciding to re-assess" : "later than 14 weeks after deciding to re-assess" } ?? "an exception applies"
                        try await Self.replacePrevious(of: item, on: on, by: principal, db: db)
                    } else {
                        let within = EHCTimeliness.isWithin20Weeks(request: request, finalIssued: on, exception: item.exception)
                        measure = within.map { $0 ? "within 20 weeks" : "later than 20 weeks" } ?? "an exception applies, so it is outside the 20-week measure"
                    }
                    return ("Final EHC plan issued, naming \(placement) (\(measure))" + (waived ? "; the family said in writing they had no more comments on the draft" : ""), on, measure)
                }
            }
        case "not-issue":
            let on = checks.date(form.on, field: "on", label: "of the decision", notBefore: request, today: today)
            let reasons = checks.text(form.reasons, field: "reasons", missing: "Give the reasons for not issuing a plan")
            if let on {
                change = { db in
                    item.stageRaw = EHCStage.decisionNotToIssue.rawValue
                    item.decisionReasons = reasons
                    item.assessmentClosedOn = on.description
                    return ("The council decided not to issue an EHC plan (the letter explains how to appeal)", on, "")
                }
            }
        case "exception":
            let exception = form.exception.flatMap(EHCException.init(rawValue:))
            if exception == nil { checks.errors.append(FormError(field: "exception", message: "Select which exception in regulation 10(4) applies")) }
            let reason = checks.text(form.reasons, field: "reasons", missing: "Describe the circumstances and the evidence for the exception")
            if let exception {
                change = { db in
                    item.exceptionRaw = exception.rawValue
                    item.exceptionReason = reason
                    return ("An exception to the 20-week time limit applies (reg \(exception.regulation)): the plan must now be issued as soon as practicable", today, exception.rawValue)
                }
            }
        case "withdraw":
            let on = checks.date(form.on, field: "on", label: "the request was withdrawn", notBefore: request, today: today)
            if let on {
                change = { db in
                    item.stageRaw = EHCStage.withdrawn.rawValue
                    item.assessmentClosedOn = on.description
                    return ("The request was withdrawn", on, "")
                }
            }
        case "appeal":
            let mediation = (form.mediationOn ?? "").isEmpty ? nil : checks.date(form.mediationOn, field: "mediationOn", label: "of mediation", today: today, allowFuture: true)
            let tribunal = (form.tribunalOn ?? "").isEmpty ? nil : checks.date(form.tribunalOn, field: "tribunalOn", label: "the appeal was registered", today: today)
            if mediation == nil && tribunal == nil && checks.errors.isEmpty { checks.errors.append(FormError(field: "mediationOn", message: "Enter a mediation date or the date the appeal was registered")) }
            change = { db in
                if let mediation { item.mediationOn = mediation.description }
                if let tribunal { item.tribunalRegisteredOn = tribunal.description }
                return ([mediation.map { "Mediation on \($0.longFormat)" }, tribunal.map { "Appeal registered with the tribunal on \($0.longFormat)" }].compactMap { $0 }.joined(separator: "; "),
                        today, "")
            }
        case "schedule-review":
            let meeting = checks.date(form.meetingOn, field: "meetingOn", label: "of the review meeting", notBefore: item.finalIssuedOn.flatMap(CalendarDate.init(iso:)),
                                      notBeforeLabel: "the plan was issued", today: today, allowFuture: true)
            if let meeting {
                let review = AnnualReviewTimeline(meeting: meeting)
                change = { db in
                    item.stageRaw = EHCStage.underReview.rawValue
                    item.reviewMeetingOn = meeting.description
                    return ("Annual review meeting arranged for \(meeting.longFormat). Invitations with two weeks' notice and the advice are due by \(review.inviteBy.longFormat); the decision by \(review.decisionDue.longFormat)",
                            today, meeting.description)
                }
            }
        case "review":
            let meeting = checks.date(form.meetingOn, field: "meetingOn", label: "of the review meeting", notBefore: item.finalIssuedOn.flatMap(CalendarDate.init(iso:)), notBeforeLabel: "the plan was issued", today: today)
            let on = checks.date(form.on, field: "on", label: "of the decision", notBefore: meeting, notBeforeLabel: "the meeting was held", today: today)
            let outcome = form.outcome
            if outcome != "keep" && outcome != "amend" { checks.errors.append(FormError(field: "outcome", message: "Select whether the plan is kept as it is or amended (to cease a plan, use \"Cease the plan\")")) }
            if let meeting, let on {
                change = { db in
                    item.lastReviewOn = on.description
                    item.reviewMeetingOn = meeting.description
                    item.stageRaw = (outcome == "amend" ? EHCStage.amendmentProposed : .finalIssued).rawValue
                    let timeline = AnnualReviewTimeline(meeting: meeting)
                    let late = on > timeline.decisionDue ? " (decision later than 4 weeks after the meeting)" : ""
                    return (outcome == "amend" ? "Annual review held on \(meeting.longFormat); the council proposed amendments\(late)"
                            : "Annual review held on \(meeting.longFormat); the plan is kept as it is\(late)", on, outcome ?? "")
                }
            }
        case "amended":
            let on = checks.date(form.on, field: "on", label: "the amended plan was issued", notBefore: item.lastReviewOn.flatMap(CalendarDate.init(iso:)), notBeforeLabel: "the review decision", today: today)
            if let on {
                change = { db in
                    item.stageRaw = EHCStage.finalIssued.rawValue
                    return ("Final amended EHC plan issued", on, "")
                }
            }
        case "cease":
            let on = checks.date(form.on, field: "on", label: "the plan ceased", notBefore: item.finalIssuedOn.flatMap(CalendarDate.init(iso:)), notBeforeLabel: "the plan was issued", today: today, allowFuture: true)
            let reason = form.ceaseReason.flatMap(Int.init).flatMap(SEN2CeaseReason.init(rawValue:))
            if reason == nil { checks.errors.append(FormError(field: "ceaseReason", message: "Select why the plan is ceasing")) }
            if let on, let reason {
                change = { db in
                    item.stageRaw = EHCStage.ceased.rawValue
                    item.ceasedOn = on.description
                    item.ceaseReason = reason.rawValue
                    return ("The EHC plan ceased: \(reason.description.lowercased())", on, String(reason.rawValue))
                }
            }
        case "consult":
            let institution = checks.text(form.institution, field: "institution", missing: "Name the school or college being consulted", limit: 300)
            let amending = item.stage == .amendmentProposed
            let from = (amending ? item.lastReviewOn : item.draftServedOn).flatMap(CalendarDate.init(iso:)) ?? request
            let on = checks.date(form.on, field: "on", label: "the school was consulted", notBefore: from,
                                 notBeforeLabel: amending ? "the amendments were proposed" : "the draft was sent", today: today)
            if let on {
                let consultation = EHCConsultation()
                consultation.$ehcCase.id = item.id!; consultation.institution = institution
                consultation.consultedOn = on.description; consultation.recordedBy = principal.displayName
                change = { db in
                    try await consultation.create(on: db)
                    return ("\(institution) was consulted about being named in the plan and has until \(EHCConsultationResponse.responseDue(consulted: on).longFormat) to respond", on, "")
                }
            }
        case "consult-reply":
            var consultation: EHCConsultation?
            if let raw = form.consultation, let id = UUID(uuidString: raw) {
                consultation = try await EHCConsultation.query(on: req.db).filter(\.$id == id).filter(\.$ehcCase.$id == item.id!).filter(\.$respondedOn == nil).first()
            }
            if consultation == nil { checks.errors.append(FormError(field: "consultation", message: "Select the school whose response this is")) }
            let response = form.response.flatMap(EHCConsultationResponse.init(rawValue:))
            if response == nil { checks.errors.append(FormError(field: "response", message: "Select what the school said")) }
            let notes = response == .decline
                ? checks.text(form.responseNotes, field: "responseNotes", missing: "Give the school's reasons: the council must weigh them before deciding what to name", limit: 4000)
                : checks.optionalText(form.responseNotes, field: "responseNotes", limit: 4000)
            let on = checks.date(form.on, field: "on", label: "the response was received", notBefore: consultation.flatMap { CalendarDate(iso: $0.consultedOn) },
                                 notBeforeLabel: "the school was consulted", today: today)
            if let on, let consultation, let response {
                change = { db in
                    consultation.respondedOn = on.description; consultation.responseRaw = response.rawValue; consultation.responseNotes = notes
                    try await consultation.save(on: db)
                    let late = consultation.responseDue.map { on > $0 } == true ? ", after its 15 days" : ""
                    return ("\(consultation.institution) responded to the consultation\(late): \(response == .agree ? "it can meet the child's needs" : "it says it cannot meet the child's needs")",
                            on, response.rawValue)
                }
            }
        case "reassess":
            let on = checks.date(form.on, field: "on", label: "the council decided to re-assess", notBefore: item.finalIssuedOn.flatMap(CalendarDate.init(iso:)),
                                 notBeforeLabel: "the plan was issued", today: today)
            let requester = form.requester.flatMap(EHCRequester.init(rawValue:)).flatMap { $0 == .imported ? nil : $0 }
            if requester == nil { checks.errors.append(FormError(field: "requester", message: "Select who asked for the re-assessment")) }
            let reasons = checks.text(form.reasons, field: "reasons", missing: "Say why the child's needs are being re-assessed", limit: 4000)
            let existing = try await EHCCase.query(on: req.db).filter(\.$previousCaseID == item.id!).all()
            if existing.contains(where: { EHCCase.openAssessmentStages.contains($0.stage) }) {
                checks.errors.append(FormError(field: "on", message: "A re-assessment of this plan is already under way"))
            } else if let on, existing.contains(where: { $0.requestedOn == on.description }) {
                checks.errors.append(FormError(field: "on", message: "A re-assessment decided on \(on.longFormat) is already recorded"))
            }
            if let on, let requester {
                let fresh = EHCCase(authorityID: item.$authority.id, childID: item.$child.id, upn: item.upn, requestedOn: on, requester: requester,
                                    requesterName: nil, summary: reasons)
                fresh.kindRaw = EHCCaseKind.reassessment.rawValue
                fresh.previousCaseID = item.id
                fresh.stageRaw = EHCStage.assessing.rawValue
                fresh.decisionOn = on.description
                fresh.caseworkerID = item.caseworkerID
                let actor = principal.auditActor
                change = { db in
                    try await fresh.create(on: db)
                    try await AuditLog.append([AuditEntry(action: "ehc.reassessment_opened", entityType: "ehc_case", entityID: fresh.id?.uuidString, childID: fresh.$child.id,
                                                          detail: "previous=\(item.id!.uuidString)")], by: actor, on: db)
                    let due = EHCTimeline.reassessmentFinalDue(decidedToReassess: on, exception: nil)!
                    try await EHCCaseEvent(caseID: fresh.id!, on: on, summary: "The council decided to re-assess. The amended or replacement plan is due by \(due.longFormat) (14 weeks, reg 27)",
                                           by: principal.displayName).create(on: db)
                    return ("The council decided to re-assess; the plan stays in force until a new plan replaces it", on, fresh.id!.uuidString)
                }
            }
        case "remind":
            var advice: EHCAdviceRequest?
            if let raw = form.reminder, let id = UUID(uuidString: raw) {
                advice = try await EHCAdviceRequest.query(on: req.db).filter(\.$id == id).filter(\.$ehcCase.$id == item.id!).filter(\.$receivedOn == nil).first()
            }
            guard let advice else {
                return try await fail(req, principal, item, [FormError(field: "action", message: "That advice has already arrived, so no reminder is needed")], form, action)
            }
            var adviserEmail: String?
            if let adviserID = advice.adviserUserID {
                adviserEmail = try await User.query(on: req.db).filter(\.$id == adviserID).filter(\.$disabledAt == nil).first()?.email
            }
            let email = adviserEmail
            change = { db in
                try await AdviceReminders.queue(advice, email: email, today: today, on: db)
                return (AdviceReminders.eventText(advice, byEmail: email != nil), today, advice.kindRaw)
            }
        case "allocate":
            guard let raw = form.caseworker, let id = UUID(uuidString: raw),
                  let profile = try await CaseworkerProfile.query(on: req.db).filter(\.$userID == id).filter(\.$authorityID == principal.authorityID).first(),
                  !profile.hasEnded(by: today) else {
                return try await fail(req, principal, item, [FormError(field: "caseworker", message: "Select a caseworker")], form, action)
            }
            change = { db in
                item.caseworkerID = profile.userID
                return (nil, today, profile.name)
            }
        default:
            throw Abort(.notFound)
        }
        guard checks.errors.isEmpty, let apply = change else { return try await fail(req, principal, item, checks.errors, form, action) }
        guard form.version == item.version else { return try await ConflictPage.response(req, principal, thing: "case", back: "/ehc/\(item.id!.uuidString)", section: "/ehc") }
        let detail = try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            let result = try await apply(db)
            item.version += 1
            try await item.save(on: db)
            if let event = result.event, !event.isEmpty {
                try await EHCCaseEvent(caseID: item.id!, on: result.on, summary: event, by: principal.displayName).create(on: db)
            }
            return ([AuditEntry(action: "ehc.\(action)", entityType: "ehc_case", entityID: item.id?.uuidString, childID: item.$child.id, detail: result.detail)], result.detail)
        }
        let target = switch action {
        case "decision": "/ehc/\(item.id!.uuidString)/letter"
        // The re-assessment is a case of its own: go to it.
        case "reassess": "/ehc/\(detail)?done=reassess"
        default: "/ehc/\(item.id!.uuidString)?done=\(action)"
        }
        return req.redirect(to: target)
    }

    /// A re-assessment's final plan replaces the plan it re-assessed (reg 27(2)).
    static func replacePrevious(of item: EHCCase, on date: CalendarDate, by principal: Principal, db: any Database) async throws {
        guard let previousID = item.previousCaseID, let previous = try await EHCCase.find(previousID, on: db), previous.stage.canMove(to: .replaced) else { return }
        previous.stageRaw = EHCStage.replaced.rawValue
        previous.ceasedOn = date.description
        previous.version += 1
        try await previous.save(on: db)
        try await EHCCaseEvent(caseID: previousID, on: date, summary: "This plan was replaced by the plan issued on \(date.longFormat) after re-assessment", by: principal.displayName).create(on: db)
        try await AuditLog.append([AuditEntry(action: "ehc.replaced", entityType: "ehc_case", entityID: previousID.uuidString, childID: previous.$child.id,
                                              detail: "by=\(item.id!.uuidString)")], by: principal.auditActor, on: db)
    }

    /// The family's comments on the draft and their preferred school (reg 13(1), CFA 2014 s.38(2)).
    @Sendable func comments(_ req: Request, _ principal: Principal) async throws -> Response {
        let item = try await loadCase(req, principal)
        let form = (try? req.content.decode(EHCActionForm.self)) ?? EHCActionForm()
        guard item.stage == .draftIssued else {
            return try await fail(req, principal, item, [FormError(field: "comments", message: "Comments can be given while a draft plan is out for comment")], form, "comments")
        }
        var checks = FormChecks()
        let comments = checks.optionalText(form.comments, field: "comments")
        let school = checks.optionalText(form.preferredSchool, field: "preferredSchool", limit: 300)
        if comments == nil && school == nil { checks.errors.append(FormError(field: "comments", message: "Enter your comments on the draft plan, a preferred school, or both")) }
        let today = CalendarDate.today()
        // Comments sent by post or email are recorded by the caseworker with the day they arrived.
        let staff = Self.managers.contains(principal.role)
        let received = staff ? checks.date(form.on, field: "on", label: "the comments were received", notBefore: item.draftServedOn.flatMap(CalendarDate.init(iso:)),
                                           notBeforeLabel: "the draft was sent", today: today) : today
        guard checks.errors.isEmpty, let received else { return try await fail(req, principal, item, checks.errors, form, "comments") }
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            item.familyComments = [item.familyComments, comments.map { "\(received.longFormat): \($0)" }].compactMap { $0 }.joined(separator: "\n\n")
            if let school { item.preferredSchool = school }
            item.version += 1
            try await item.save(on: db)
            try await EHCCaseEvent(caseID: item.id!, on: received, summary: "The family's comments on the draft plan were received" + (staff ? " (recorded by the council)" : "")
                                   + (school.map { "; preferred school: \($0)" } ?? ""), by: principal.displayName).create(on: db)
            return ([AuditEntry(action: "ehc.comments", entityType: "ehc_case", entityID: item.id?.uuidString, childID: item.$child.id)], ())
        }
        return req.redirect(to: "/ehc/\(item.id!.uuidString)?done=comments")
    }

    /// An adviser sends their advice, as text, a document or both (or a caseworker records advice received on paper).
    @Sendable func answerAdvice(_ req: Request, _ principal: Principal) async throws -> Response {
        let item = try await loadCase(req, principal)
        guard let adviceID = req.parameters.get("adviceID", as: UUID.self),
              let advice = try await EHCAdviceRequest.query(on: req.db).filter(\.$id == adviceID).filter(\.$ehcCase.$id == item.id!).first(),
              Self.managers.contains(principal.role) || advice.adviserUserID == principal.userID else { throw Abort(.notFound) }
        struct AnswerForm: Content { var advice: String?; var file: File? }
        let answer = (try? req.content.decode(AnswerForm.self)) ?? AnswerForm()
        var form = EHCActionForm()
        form.advice = answer.advice
        let field = "advice-\(adviceID.uuidString)"
        guard advice.receivedOn == nil, item.stage == .assessing else {
            return try await fail(req, principal, item, [FormError(field: field, message: "This advice has already been received, or the assessment has moved on")], form, "answer")
        }
        var checks = FormChecks()
        let text = checks.optionalText(answer.advice, field: field, limit: 20000)
        var upload: (bytes: [UInt8], type: String)?
        if let file = answer.file, file.data.readableBytes > 0 {
            let bytes = Array(file.data.readableBytesView)
            if bytes.count > FileSniffer.maximumBytes { checks.errors.append(FormError(field: "\(field)-file", message: "The file must be smaller than 10 MB")) }
            else if let type = FileSniffer.contentType(of: bytes) { upload = (bytes, type) }
            else { checks.errors.append(FormError(field: "\(field)-file", message: "The file must be a PDF, JPEG or PNG")) }
        } else if text == nil && checks.errors.isEmpty {
            checks.errors.append(FormError(field: field, message: "Enter your advice or attach it as a file"))
        }
        guard checks.errors.isEmpty else { return try await fail(req, principal, item, checks.errors, form, "answer") }
        let today = CalendarDate.today()
        var storedPath: String?
        if let upload {
            let stored = try PrivateFileStore(dataDirectory: req.application.continuumConfiguration.dataDirectory).save(upload.bytes, type: upload.type)
            advice.fileStoredName = stored.name
            advice.fileContentType = upload.type
            advice.fileOriginalName = String((answer.file?.filename ?? "advice").prefix(200))
            advice.fileSize = upload.bytes.count
            storedPath = stored.path
        }
        do {
            try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
                // A second submission that raced the first finds the advice already received and saves nothing.
                guard try await EHCAdviceRequest.query(on: db).filter(\.$id == adviceID).filter(\.$receivedOn == nil).count() == 1 else {
                    throw Abort(.conflict, reason: "This advice has already been received; nothing was saved.")
                }
                advice.receivedOn = today.description
                advice.advice = text
                try await advice.save(on: db)
                try await EHCCaseEvent(caseID: item.id!, on: today, summary: "\(advice.kind.description) received from \(advice.adviserName)", by: principal.displayName).create(on: db)
                return ([AuditEntry(action: "ehc.advice_received", entityType: "ehc_case", entityID: item.id?.uuidString, childID: item.$child.id,
                                    detail: advice.kindRaw + (advice.fileSize.map { " with a file of \($0) bytes" } ?? ""))], ())
            }
        } catch {
            // Nothing was saved, so the stored file would be an orphan.
            if let storedPath { try? FileManager.default.removeItem(atPath: storedPath) }
            throw error
        }
        return req.redirect(to: "/ehc/\(item.id!.uuidString)?done=advice-sent")
    }

    /// The adviser's document, through the same access check as the case: the council, the family,
    /// and the adviser who sent it.
    @Sendable func adviceFile(_ req: Request, _ principal: Principal) async throws -> Response {
        let item = try await loadCase(req, principal)
        guard let adviceID = req.parameters.get("adviceID", as: UUID.self),
              let advice = try await EHCAdviceRequest.query(on: req.db).filter(\.$id == adviceID).filter(\.$ehcCase.$id == item.id!).first(),
              Self.managers.contains(principal.role) || principal.role == .parentCarer || advice.adviserUserID == principal.userID,
              let stored = advice.fileStoredName, let type = advice.fileContentType,
              let data = PrivateFileStore(dataDirectory: req.application.continuumConfiguration.dataDirectory).read(stored) else { throw Abort(.notFound) }
        try await AuditLog.record(AuditEntry(action: "ehc.advice_file.downloaded", entityType: "ehc_case", entityID: item.id?.uuidString, childID: item.$child.id, detail: stored),
                                  by: principal.auditActor, on: req.db)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: type)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"advice-\(adviceID.uuidString.prefix(8)).\(FileSniffer.fileExtension(for: type))\"")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
