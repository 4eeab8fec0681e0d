import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The EHC needs assessment journey: request, decision, advice, draft, final plan, reviews.
/// Every read and change is audited; out-of-scope cases are the same 404 as missing ones.
struct EHCController {
    static let requesters: Set<Role> = [.administrator, .caseworker, .schoolUser, .parentCarer, .healthProfessional]
    static let managers = EHCCaseRepository.managers
    static let viewers = EHCCaseRepository.viewers

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .childPart(.key, .ehcNew), roles: Self.requesters, use: newRequest)
        routes.secure(.POST, .childPart(.key, .ehc), roles: Self.requesters, use: createRequest)
        routes.secure(.GET, .ehcCase(.key), roles: Self.viewers, use: show)
        routes.secure(.GET, .ehcLetter(.key), roles: [.administrator, .caseworker, .parentCarer, .schoolUser], use: letter)
        // Each action segment maps to its typed decoder (`perform`); the domain decides the rest.
        for action in Self.councilActions {
            routes.secure(.POST, .ehcAction(.key, action), roles: Self.managers) { req, principal in
                try await perform(req, principal, action)
            }
        }
        routes.secure(.POST, .ehcAction(.key, .comments), roles: [.administrator, .caseworker, .parentCarer], use: comments)
        // Writing a message shows the thread again, so only those who may read it may write (FieldPolicy).
        routes.secure(.POST, .ehcMessages(.key), roles: FieldPolicy.roles(thatMaySee: .familyMessages).intersection(Self.viewers), use: message)
        // The body limit sits above the 10 MB file limit so an oversized file gets a clear message, not a bare 413.
        routes.secure(.POST, .ehcAdvice(.key, advice: .key), roles: [.administrator, .caseworker, .healthProfessional], body: .collect(maxSize: "12mb"), use: answerAdvice)
        routes.secure(.GET, .ehcAdviceFile(.key, advice: .key), roles: [.administrator, .caseworker, .healthProfessional, .parentCarer], use: adviceFile)
    }

    // MARK: - Loading

    func loadCase(_ req: Request, _ principal: Principal) async throws -> EHCCase {
        guard let id = req.parameters.get("caseID", as: EHCCaseID.self) else { throw Abort(.notFound) }
        guard let item = try await EHCCaseRepository(principal: principal, db: req.db).find(id) else {
            try await AuditLog.record(AuditEntry(action: "ehc.view.denied", entityType: "ehc_case", entityID: id.rawValue.uuidString), by: principal.auditActor, on: req.db)
            throw Abort(.notFound)
        }
        return item
    }


    // MARK: - Request

    private func requestPage(_ req: Request, _ principal: Principal, child: Child, form: EHCRequestForm, errors: [FormError]) async throws -> HTMLPage {
        // The form names the child: a read of their record, audited here so a 422 re-render is covered too.
        try await AuditLog.record(AuditEntry(action: "ehc.request.form.view", entityType: "child", entityID: child.id?.uuidString, childID: child.id), by: principal.auditActor, on: req.db)
        return EHCPages.requestForm(chrome: try await req.chrome(for: principal, current: .children), child: child, role: principal.role,
                             form: form, csrf: principal.csrfToken, errors: errors)
    }

    @Sendable func newRequest(_ req: Request, _ principal: Principal) async throws -> Response {
        let child = try await req.scopedChild(principal)
        let defaultRequester: EHCRequester = switch principal.role {
        case .parentCarer: .parent
        case .schoolUser: .school
        case .healthProfessional: .professional
        default: .parent
        }
        return .html(try await requestPage(req, principal, child: child,
                                           form: EHCRequestForm(requester: defaultRequester.rawValue, receivedOn: CalendarDate.today().description), errors: []))
    }

    @Sendable func createRequest(_ req: Request, _ principal: Principal) async throws -> Response {
        let child = try await req.scopedChild(principal)
        let form = (try? req.content.decode(EHCRequestForm.self)) ?? EHCRequestForm()
        let today = CalendarDate.today()
        var checks = FormChecks()
        // Only council staff record a request received earlier by post or email; everyone else's request is received today.
        let staff = Self.managers.contains(principal.role)
        let received = staff ? checks.date(form.receivedOn, field: "receivedOn", label: "the request was received", today: today) : today
        let requester: EHCRequester? = switch principal.role {
        case .parentCarer: .parent
        case .schoolUser: .school
        case .healthProfessional: .professional
        default: form.requester.flatMap(EHCRequester.init(rawValue:)).flatMap { $0 == .imported ? nil : $0 }
        }
        if requester == nil { checks.errors.append(FormError(field: "requester", message: "Select who made the request")) }
        let name = checks.optionalText(form.requesterName, field: "requesterName", limit: 200) ?? (staff ? nil : principal.displayName)
        let summary = checks.text(form.summary, field: "summary", missing: "Say why an EHC needs assessment is being asked for")
        if staff && name == nil && requester != .youngPerson {
            checks.errors.append(FormError(field: "requesterName", message: "Enter the name of the person who made the request"))
        }
        // One open request or plan per child: a second would run a parallel clock (a re-assessment, reg 27, is not modelled yet).
        if try await EHCCase.query(on: req.db).filter(\.$child.$id == child.id!)
            .filter(\.$stageRaw ~~ (EHCCase.openAssessmentStages + [.finalIssued, .underReview, .amendmentProposed]).map(\.rawValue)).count() > 0 {
            checks.errors.append(FormError(field: "summary", message: "\(child.fullName) already has an open request or a plan: ask the council's SEND team about a review or re-assessment"))
        }
        guard checks.errors.isEmpty, let received, let requester else {
            return .html(try await requestPage(req, principal, child: child, form: form, errors: checks.errors), status: .unprocessableEntity)
        }
        let item = EHCCase(authorityID: principal.authorityID, childID: child.id, upn: child.upn, requestedOn: received, requester: requester,
                           requesterName: name, summary: summary)
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await item.create(on: db)
            try await EHCCaseEvent(caseID: item.id!, on: received, summary: "Request for an EHC needs assessment received from \(requester.description.lowercased())", by: principal.displayName).create(on: db)
            return ([AuditEntry(action: "ehc.requested", entityType: "ehc_case", entityID: item.id?.uuidString, childID: child.id, detail: "requester=\(requester.rawValue)")], ())
        }
        return req.redirect(to: SiteURL.ehcCase(.value(item.caseID)).path(["created": "1"]))
    }

    // MARK: - Case page

    /// The case as this reader may see it. Needs the proof that the read was audited (see `casePage`).
    func view(_ req: Request, _ principal: Principal, _ item: EHCCase, today: CalendarDate, audited: AuditedRead) async throws -> EHCCaseView {
        let caseID = try item.requireID()
        // Field-level: the family's messages and comments only for the council and the family (issue 13 item 1).
        let fields = FieldPolicy(principal: principal)
        let advice = try await EHCAdviceRequest.query(on: req.db).filter(\.$ehcCase.$id == caseID).sort(\.$requestedOn).all()
        let events = try await EHCCaseEvent.query(on: req.db).filter(\.$ehcCase.$id == caseID).sort(\.$happenedOn).sort(\.$createdAt).all()
        let sections = try await EHCPlanSection.query(on: req.db).filter(\.$ehcCase.$id == caseID).all()
        let outcomes = try await EHCOutcome.query(on: req.db).filter(\.$ehcCase.$id == caseID).sort(\.$position).all()
        // Rulebook EHC-3: a request whose 6-week duty the family's missed appointment lifted sets no advice date.
        let firstAdvice = advice.filter { !$0.familyMissedAppointment }.map(\.requestedOn).min()
        let dates = item.dates(adviceRequested: firstAdvice)
        let allReceived: CalendarDate? = advice.isEmpty || advice.contains { $0.receivedOn == nil } ? nil
            : advice.compactMap { $0.receivedOn }.max()
        let audience = Self.audience(of: principal.role)
        let next = EHCNextStep.compute(stage: item.stage, dates: dates, adviceOutstanding: advice.contains { $0.receivedOn == nil })
        var caseworkerName: String?
        if let id = item.caseworkerID { caseworkerName = try await User.find(id, on: req.db)?.displayName }
        var view = EHCCaseView(audited: audited, caseID: item.caseID, version: item.version, audience: audience, childName: item.child?.fullName ?? "Child not yet matched (UPN \(item.upn ?? "unknown"))",
                               childID: item.$child.id, upn: item.upn, stage: item.stage, requested: item.requestedOn,
                               requester: item.requester.description + (item.requesterName.map { ": \($0)" } ?? ""), summary: item.requestSummary,
                               caseworker: caseworkerName, nextStep: next, overdueDays: next?.daysOverdue(on: today),
                               hasLetter: item.decisionOn != nil && item.kind == .new)
        view.dateRows = EHCCaseViewBuilder.dateRows(item, dates: dates, adviceAllReceived: allReceived, today: today)
        view.events = events.map { ($0.happenedOn.longFormat, $0.summary) }
        view.advice = Self.adviceRows(advice, of: item, for: principal, audience: audience, today: today)
        let byKey = Dictionary(sections.map { ($0.section, $0.content) }, uniquingKeysWith: { a, _ in a })
        view.sections = EHCPlanSections.all.compactMap { s in byKey[s.key].map { (s.title, $0) } }
        view.outcomes = outcomes.map { ($0.need, $0.outcome, $0.provision) }
        if fields.shows(.familyMessages) {
            view.messages = try await EHCMessage.query(on: req.db).filter(\.$ehcCase.$id == caseID).sort(\.$createdAt).all()
                .map { ($0.sentOn.longFormat, $0.fromFamily ? "\($0.author) (family)" : "\($0.author) (council)", $0.body) }
            view.familyComments = item.familyComments
            view.preferredSchool = item.preferredSchool
        }
        view.canMessage = fields.shows(.familyMessages) && (audience == .council || audience == .family)
        view.placement = item.placement
        view.exception = item.exception
        view.exceptionReason = item.exceptionReason
        view.decisionReasons = item.decisionReasons
        view.ceaseReason = item.ceaseReason.flatMap(SEN2CeaseReason.init(rawValue:))
        view.kind = item.kind
        view.reviewMeeting = item.reviewMeetingOn?.description
        view.previousCaseID = audience == .adviser ? nil : item.previousCaseID
        if audience != .adviser {
            view.consultations = try await EHCConsultation.query(on: req.db).filter(\.$ehcCase.$id == caseID).sort(\.$consultedOn).all().map { c in
                let (state, colour) = EHCCaseViewBuilder.stateOf(due: c.responseDue, done: c.respondedOn, today: today)
                return .init(id: c.id!, institution: c.institution, consulted: c.consultedOn.longFormat,
                             due: c.responseDue.longFormat, state: state, colour: colour,
                             response: c.response.map { $0.description + (c.responseNotes.map { ": \($0)" } ?? "") })
            }
            view.reassessments = try await EHCCase.query(on: req.db).filter(\.$previousCaseID == caseID).sort(\.$requestedOn).all()
                .map { ($0.id!, $0.requestedOn.longFormat, $0.stage.description) }
        }
        if [.refusedToAssess, .decisionNotToIssue].contains(item.stage), let decided = item.decisionOn ?? item.assessmentClosedOn {
            view.appealDeadline = AppealDeadline.deadline(decisionLetter: decided, mediationCertificate: nil)
        }
        if audience == .council {
            try await Self.addCouncilOptions(to: &view, item: item, advice: advice, principal: principal, on: req.db)
            if let childID = item.$child.id {
                view.funding = try await EHCFundingSummary.load(childID: childID, authorityID: principal.authorityID, actor: principal.auditActor, on: req.db)
            }
        } else if audience == .family, item.stage == .draftIssued {
            view.allowed = ["comments"]
        }
        return view
    }

    /// Who is reading decides what the case page shows and offers: the council, the family, the school, or an adviser.
    private static func audience(of role: Role) -> EHCCaseView.Audience {
        switch role {
        case .administrator, .caseworker: .council
        case .parentCarer: .family
        case .schoolUser: .school
        default: .adviser
        }
    }

    /// The advice requests as rows for this reader: what they may read, answer, remind or record.
    private static func adviceRows(_ advice: [EHCAdviceRequest], of item: EHCCase, for principal: Principal, audience: EHCCaseView.Audience, today: CalendarDate) -> [EHCCaseView.AdviceRow] {
        advice.map { a in
            let (state, colour) = EHCCaseViewBuilder.stateOf(due: a.dueOn, done: a.receivedOn, today: today)
            let mine = a.adviserUserID == principal.userID
            // Advice goes to the council and the family; another adviser sees only their own request.
            let canRead = audience == .council || audience == .family || mine
            var row = EHCCaseView.AdviceRow(id: a.id!, kind: a.kind.description, adviser: a.adviserName, requested: a.requestedOn.longFormat,
                                            due: a.dueOn?.longFormat ?? (a.familyMissedAppointment ? "No fixed date: the family missed an appointment (reg 8)" : ""),
                                            state: state, colour: colour, advice: canRead ? a.advice : nil,
                                            canAnswer: a.receivedOn == nil && item.stage == .assessing && (mine || audience == .council))
            if canRead, let size = a.fileSize, a.fileStoredName != nil {
                row.file = "\(a.fileOriginalName ?? "advice"), \(max(1, size / 1024).formatted()) KB"
            }
            if audience == .council {
                if let count = a.remindersSent, count > 0, let last = a.lastRemindedOn {
                    row.reminders = "Reminded \(count == 1 ? "once" : count == 2 ? "twice" : "\(count) times"), last on \(last.longFormat)"
                }
                row.canRecordMissedAppointment = a.receivedOn == nil && item.stage == .assessing && !a.familyMissedAppointment
                // No reminder once the family's missed appointment lifted the adviser's duty (rulebook EHC-3): `dueOn` is then nil.
                if a.receivedOn == nil && item.stage == .assessing, let due = a.dueOn {
                    row.canRemind = true
                    row.byEmail = a.adviserUserID != nil
                    row.reminderDue = AdviceReminderPolicy().shouldRemind(due: due, received: false, lastReminded: a.lastRemindedOn, today: today)
                }
            }
            return row
        }.filter { audience != .adviser || $0.canAnswer || $0.advice != nil || $0.file != nil }
    }

    /// The council's side of the case page: an unmatched request, the actions open at this stage,
    /// and the choices (advisers, caseworkers, advice) its forms offer.
    private static func addCouncilOptions(to view: inout EHCCaseView, item: EHCCase, advice: [EHCAdviceRequest], principal: Principal, on db: any Database) async throws {
        let caseID = try item.requireID()
        if item.$child.id == nil, let asked = try await EHCPublicRequest.query(on: db).filter(\.$ehcCase.$id == caseID).first() {
            view.unmatchedRequest = (asked.childName, asked.childBirthDate.longFormat, asked.school, asked.parentName, asked.parentEmail)
            view.childName = "\(asked.childName) (not yet matched to a record)"
        }
        view.allowed = Set(EHCWorkflow.allowedActions(at: item.stage).map(\.rawValue))
        view.exceptionAdvice = advice.filter { $0.kind == .educational }.map { ($0.id!.uuidString, "\($0.adviserName), asked on \($0.requestedOn.longFormat)") }
        if item.stage == .assessing { view.adviceNotYetAsked = EHCAdviceKind.notYetAsked(advice.map(\.kind)) }
        view.advisers = try await User.query(on: db).filter(\.$authority.$id == principal.authorityID)
            .filter(\.$roleRaw == Role.healthProfessional.rawValue).filter(\.$disabledAt == nil).sort(\.$displayName).all()
            .map { ($0.id!.uuidString, $0.displayName) }
        view.caseworkers = try await CaseworkerProfile.query(on: db).filter(\.$authorityID == principal.authorityID).sort(\.$name).all()
            .filter { !$0.hasEnded(by: CalendarDate.today()) }
            .map { ($0.userID.uuidString, $0.name + ($0.isAgency ? " (agency)" : "") + ($0.isTrainee ? " (trainee)" : "")) }
    }

    /// The whole case page. It writes the "ehc.view" audit row itself, for a GET and for a form shown again
    /// after invalid input alike, so no path shows the case unaudited (issue 13 item 9).
    func casePage(_ req: Request, _ principal: Principal, _ item: EHCCase, errors: [FormError] = [], notice: String? = nil,
                  form: EHCActionForm? = nil, openAction: String? = nil) async throws -> HTMLPage {
        let audited = try await AuditedRead.record(AuditEntry(action: "ehc.view", entityType: "ehc_case", entityID: item.id?.uuidString, childID: item.$child.id,
                                                              detail: errors.isEmpty ? "" : "shown again after invalid input (\(req.method.rawValue) \(req.url.path))"),
                                                   by: principal, on: req.db)
        let view = try await view(req, principal, item, today: CalendarDate.today(), audited: audited)
        return EHCPages.casePage(chrome: try await req.chrome(for: principal, current: principal.role == .caseworker || principal.role == .administrator ? .ehc : .children),
                                 view: view, csrf: principal.csrfToken, errors: errors, notice: notice, form: form ?? EHCActionForm(), openAction: openAction)
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let item = try await loadCase(req, principal)
        let notice: String? = req.query[String.self, at: "created"] != nil ? "Request recorded. The council has 6 weeks to decide whether to assess."
            : DoneMessage.banner(for: req.query[String.self, at: "done"], notifyConfigured: req.application.notifyConfigured)
        return .html(try await casePage(req, principal, item, notice: notice))
    }

    @Sendable func letter(_ req: Request, _ principal: Principal) async throws -> Response {
        let item = try await loadCase(req, principal)
        try await AuditLog.record(AuditEntry(action: "ehc.letter.view", entityType: "ehc_case", entityID: item.id?.uuidString, childID: item.$child.id), by: principal.auditActor, on: req.db)
        let brand = try await req.application.branding.brand(for: principal.authorityID, on: req.db)
        let state = try await item.state(on: req.db)
        return .html(EHCPages.letter(chrome: try await req.chrome(for: principal, current: .ehc), item: item, state: state, authorityName: brand.name))
    }

    /// A message from the family, or the council's reply; the family sees the whole thread.
    @Sendable func message(_ req: Request, _ principal: Principal) async throws -> Response {
        let item = try await loadCase(req, principal)
        struct MessageForm: Content { var body: String? }
        let form = (try? req.content.decode(MessageForm.self)) ?? MessageForm()
        var checks = FormChecks()
        let body = checks.text(form.body, field: "message-body", missing: "Enter your message", limit: 4000)
        guard checks.errors.isEmpty else {
            return .html(try await casePage(req, principal, item, errors: checks.errors), status: .unprocessableEntity)
        }
        let fromFamily = principal.role == .parentCarer
        let message = EHCMessage()
        message.$ehcCase.id = item.id!; message.fromFamily = fromFamily; message.author = principal.displayName
        message.body = body; message.sentOn = CalendarDate.today()
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await message.create(on: db)
            return ([AuditEntry(action: "ehc.message", entityType: "ehc_case", entityID: item.id?.uuidString, childID: item.$child.id, detail: fromFamily ? "family" : "council")], ())
        }
        return req.redirect(to: SiteURL.ehcCase(.value(item.caseID)).path(["done": "message"]))
    }
}
