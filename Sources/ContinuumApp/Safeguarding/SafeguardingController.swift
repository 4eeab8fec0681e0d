import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Logging a safeguarding concern: it is recorded against the child, and the home school's
/// designated safeguarding lead (its school users) and the council are told in the same
/// transaction (in-app on the child's record, and by the email outbox).
struct SafeguardingController {
    static let raisers: Set<Role> = [.administrator, .caseworker, .metCoordinator, .metTeacher, .schoolUser, .healthProfessional]
    /// Who sees safeguarding notes on a child's record (SECURITY.md field-level access).
    static let readers: Set<Role> = FieldPolicy.roles(thatMaySee: .safeguardingNotes)

    struct ConcernForm: Content { var concern: String?; var immediateRisk: String? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .childPart(.key, .concernsNew), roles: Self.raisers, use: form)
        routes.secure(.POST, .childPart(.key, .concerns), roles: Self.raisers, use: raise)
    }


    private func page(_ req: Request, _ principal: Principal, child: Child, text: String, risk: Bool, errors: [FormError]) async throws -> HTMLPage {
        // The form names the child: a read of their record, audited here so a 422 re-render is covered too.
        try await AuditLog.record(AuditEntry(action: "concern.form.view", entityType: "child", entityID: child.id?.uuidString, childID: child.id), by: principal.auditActor, on: req.db)
        return HTMLPage(title: "Log a safeguarding concern", chrome: try await req.chrome(for: principal, current: .children), errors: errors,
                 backLink: SiteURL.child(.value(child.childID)).path, content: [
            gridRow([("two-thirds", [
                h1("Log a safeguarding concern", caption: child.fullName),
                warningText("If a child is at immediate risk of harm, call the police on 999 now, then log it here."),
                // Issue 12: the council's mailbox is its own setting; without one nothing is queued to the council, and the page says so.
                try await Authority.find(principal.authorityID, on: req.db)?.safeguardingMailbox == nil
                    ? insetText("The council has not set a safeguarding mailbox, so no email will go to the council: only the school's designated safeguarding lead will be emailed. Phone the council's safeguarding team as well.") : .empty,
                postForm(action: SiteURL.childPart(.value(child.childID), .concerns).path, csrfToken: principal.csrfToken, [
                    textarea(Field(name: "concern", label: "What you saw or were told", value: text,
                                   hint: "Facts, in the words used, with dates and times. The school's designated safeguarding lead and the council will be told.",
                                   error: errors.message(for: "concern")), rows: 8),
                    checkboxes(Field(name: "immediateRisk", label: "Risk"), options: [Option("yes", "I think the child may be at immediate risk")], selected: risk ? ["yes"] : []),
                    button("Log concern and notify"),
                ]),
            ])]),
        ])
    }

    @Sendable func form(_ req: Request, _ principal: Principal) async throws -> Response {
        let child = try await req.scopedChild(principal)
        return .html(try await page(req, principal, child: child, text: "", risk: false, errors: []))
    }

    @Sendable func raise(_ req: Request, _ principal: Principal) async throws -> Response {
        let child = try await req.scopedChild(principal)
        let input = (try? req.content.decode(ConcernForm.self)) ?? ConcernForm()
        let text = (input.concern ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let risk = input.immediateRisk == "yes"
        var errors: [FormError] = []
        if text.isEmpty { errors.append(FormError(field: "concern", message: "Describe what you saw or were told")) }
        else if text.count > 8000 { errors.append(FormError(field: "concern", message: "The concern must be 8,000 characters or fewer")) }
        guard errors.isEmpty else { return .html(try await page(req, principal, child: child, text: input.concern ?? "", risk: risk, errors: errors), status: .unprocessableEntity) }
        var schoolLeads: [String] = []
        if let school = child.$homeSchool.id {
            schoolLeads = try await User.query(on: req.db).filter(\.$authority.$id == principal.authorityID).filter(\.$school.$id == school).filter(\.$roleRaw == Role.schoolUser.rawValue).filter(\.$disabledAt == nil).all(\.$email)
        }
        let concern = SafeguardingConcern()
        concern.$child.id = child.id!
        concern.raisedBy = principal.userID
        concern.raisedByName = principal.displayName
        concern.raisedOn = CalendarDate.today()
        concern.concern = text
        concern.immediateRisk = risk
        // The email says only that a concern exists and where to read it: no health or safeguarding detail leaves the system.
        let subject = (risk ? "URGENT: " : "") + "Safeguarding concern logged in Continuum"
        let body = "A safeguarding concern about a child was logged by \(principal.displayName) on \(CalendarDate.today().longFormat). Sign in to Continuum to read it: \(req.application.continuumConfiguration.publicURL)\(SiteURL.child(.value(child.childID)).path)"
        let councilMailbox = try await Authority.find(principal.authorityID, on: req.db)?.safeguardingMailbox
        let recipients = schoolLeads + (councilMailbox.map { [$0] } ?? [])
        let childID = child.id
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await concern.create(on: db)
            for to in recipients { try await OutboxMessage(authorityID: principal.authorityID, to: to, subject: subject, body: body).create(on: db) }
            return ([AuditEntry(action: "safeguarding.concern_logged", entityType: "child", entityID: childID?.uuidString, childID: childID,
                                detail: "notified \(recipients.count)" + (risk ? " immediate risk" : ""))], ())
        }
        return req.redirect(to: SiteURL.child(.value(child.childID)).path(["concern": "1", "school": String(schoolLeads.count), "council": councilMailbox == nil ? "0" : "1"]))
    }

    /// What the child's page says after a concern is logged: who was emailed, in words that are true (issue 12
    /// item 5): nobody is said to have been told when no email was queued for them, or none can leave yet.
    static func notice(schoolLeads: Int, council: Bool, notifyConfigured: Bool) -> String {
        var told: [String] = []
        if schoolLeads > 0 { told.append(schoolLeads == 1 ? "the school's designated safeguarding lead" : "the school's \(schoolLeads) designated safeguarding contacts") }
        if council { told.append("the council's safeguarding mailbox") }
        var missing: [String] = []
        if schoolLeads == 0 { missing.append("The child's school has no Continuum user to email") }
        if !council { missing.append("the council has not set a safeguarding mailbox") }
        let gaps = missing.isEmpty ? "" : " " + missing.joined(separator: " and ") + ": tell them another way."
        guard !told.isEmpty else { return "Concern logged. Nobody has been emailed." + gaps + " If it is urgent, phone them now." }
        let who = told.joined(separator: " and ")
        if notifyConfigured { return "Concern logged. An email has gone to " + who + "." + gaps }
        return "Concern logged. Emails to \(who) are queued, not sent: no GOV.UK Notify key is configured. Tell them another way if it is urgent." + gaps
    }
}
