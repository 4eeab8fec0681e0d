import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Asking for an EHC needs assessment without an account, following it by a private link, and the
/// caseworker's step that matches such a request to the child's record.
struct EHCPublicController {
    struct AskForm: Content {
        var childName: String?; var childBirthDate: String?; var school: String?
        var parentName: String?; var parentEmail: String?; var summary: String?; var confirm: String?
    }
    struct MatchForm: Content { var upn: String? }

    func register(_ routes: any RoutesBuilder) {
        routes.publicRoute(.GET, "ehc-request", use: form)
        routes.publicRoute(.POST, "ehc-request", use: submit)
        routes.publicRoute(.GET, "ehc-request", "follow", ":token", use: follow)
        routes.secure(.POST, "ehc", ":caseID", "match", roles: EHCCaseRepository.managers, use: match)
    }

    private func csrf(_ req: Request) -> (String, Bool) {
        if let existing = req.cookies[SessionToken.preAuthCSRFCookie]?.string, existing.count >= 32 { return (existing, false) }
        return (SessionToken.random(), true)
    }

    private func page(_ req: Request, form: AskForm, errors: [FormError], status: HTTPStatus = .ok) async -> Response {
        let (token, isNew) = csrf(req)
        let today = CalendarDate.today()
        let body = renderPage(HTMLPage(title: "Ask for an EHC needs assessment", chrome: await req.anonymousChrome(), errors: errors, content: [
            gridRow([("two-thirds", [
                h1("Ask for an education, health and care needs assessment"),
                p("Any parent can ask the council to assess their child's special educational needs. You do not need an account. The council must tell you within 6 weeks whether it will carry out an assessment."),
                p([txt("If you already have an account, "), link("sign in", href: "/sign-in"), txt(" and ask from your child's page instead.")]),
                postForm(action: "/ehc-request", csrfToken: token, [
                    textInput(Field(name: "childName", label: "Your child's full name", value: form.childName ?? "", error: errors.message(for: "childName"), autocomplete: "off")),
                    textInput(Field(name: "childBirthDate", label: "Your child's date of birth", value: form.childBirthDate ?? "", hint: "For example 2015-03-27",
                                    error: errors.message(for: "childBirthDate"), widthClass: "govuk-input--width-10")),
                    textInput(Field(name: "school", label: "Your child's school or nursery (if any)", value: form.school ?? "", error: errors.message(for: "school"))),
                    textInput(Field(name: "parentName", label: "Your full name", value: form.parentName ?? "", error: errors.message(for: "parentName"), autocomplete: "name")),
                    textInput(Field(name: "parentEmail", label: "Your email address", value: form.parentEmail ?? "", hint: "The council will write to you here",
                                    error: errors.message(for: "parentEmail"), type: "email", autocomplete: "email", spellcheck: false)),
                    textarea(Field(name: "summary", label: "Why do you think your child needs an assessment?", value: form.summary ?? "",
                                   hint: "Describe your child's needs, the help they get now and how they are getting on.", error: errors.message(for: "summary")), rows: 6),
                    checkboxes(Field(name: "confirm", label: "Declaration", error: errors.message(for: "confirm")),
                               options: [Option("yes", "I am the child's parent or carer, and what I have written is true")], selected: form.confirm == "yes" ? ["yes"] : []),
                    button("Send the request"),
                ]),
                p("Requests received on \(today.longFormat) start the council's 6-week clock today."),
            ])]),
        ]))
        var headers = HTTPHeaders()
        headers.contentType = .html
        let response = Response(status: status, headers: headers, body: .init(string: body))
        if isNew { response.cookies[SessionToken.preAuthCSRFCookie] = SessionToken.cookie(token, secure: req.application.continuumConfiguration.secureCookies, maxAge: nil) }
        return response
    }

    @Sendable func form(_ req: Request) async throws -> Response { await page(req, form: AskForm(), errors: []) }

    @Sendable func submit(_ req: Request) async throws -> Response {
        let form = (try? req.content.decode(AskForm.self)) ?? AskForm()
        var checks = FormChecks()
        let today = CalendarDate.today()
        let childName = checks.text(form.childName, field: "childName", missing: "Enter your child's full name", limit: 200)
        let dob = checks.date(form.childBirthDate, field: "childBirthDate", label: "of birth", today: today)
        if let dob, dob.adding(years: 26) < today { checks.errors.append(FormError(field: "childBirthDate", message: "EHC plans are for children and young people up to 25")) }
        let school = checks.optionalText(form.school, field: "school", limit: 200)
        let parentName = checks.text(form.parentName, field: "parentName", missing: "Enter your full name", limit: 200)
        let email = (form.parentEmail ?? "").trimmingCharacters(in: .whitespaces)
        if email.isEmpty { checks.errors.append(FormError(field: "parentEmail", message: "Enter your email address")) }
        else if email.count > 254 || !email.contains("@") || email.hasPrefix("@") || email.hasSuffix("@") || email.contains(" ") {
            checks.errors.append(FormError(field: "parentEmail", message: "Enter an email address in the correct format, like name@example.com"))
        }
        let summary = checks.text(form.summary, field: "summary", missing: "Say why your child needs an assessment")
        if form.confirm != "yes" { checks.errors.append(FormError(field: "confirm", message: "Confirm that you are the child's parent or carer")) }
        guard checks.errors.isEmpty, let dob else { return await page(req, form: form, errors: checks.errors, status: .unprocessableEntity) }
        guard let authority = try await Authority.query(on: req.db).sort(\.$createdAt).first() else { throw Abort(.serviceUnavailable) }
        let token = SessionToken.random()
        let item = EHCCase(authorityID: try authority.requireID(), childID: nil, upn: nil, requestedOn: today, requester: .parent,
                           requesterName: parentName, summary: summary)
        let record = EHCPublicRequest()
        record.childName = childName; record.childBirthDate = dob.description; record.school = school
        record.parentName = parentName; record.parentEmail = email; record.followTokenHash = SessionToken.hash(token)
        let actor = AuditActor(userID: nil, name: "public request", role: "anonymous", socketAddress: req.socketAddress)
        let publicURL = req.application.continuumConfiguration.publicURL
        try await AuditLog.transaction(on: req.db, actor: actor) { db in
            try await item.create(on: db)
            record.$ehcCase.id = item.id!
            try await record.create(on: db)
            try await EHCCaseEvent(caseID: item.id!, on: today, summary: "Request for an EHC needs assessment received from parent or carer", by: parentName).create(on: db)
            // The email carries only the link, never the child's details.
            try await OutboxMessage(authorityID: authority.id, to: email, subject: "Your request for an EHC needs assessment",
                                    body: "We received your request on \(today.longFormat). Follow it here: \(publicURL)/ehc-request/follow/\(token)").create(on: db)
            return ([AuditEntry(action: "ehc.requested_public", entityType: "ehc_case", entityID: item.id?.uuidString)], ())
        }
        return req.redirect(to: "/ehc-request/follow/\(token)?new=1")
    }

    /// The family's view by private link: first name only, the stage, the next date and the steps so far.
    @Sendable func follow(_ req: Request) async throws -> Response {
        guard let token = req.parameters.get("token"), token.count >= 32,
              let record = try await EHCPublicRequest.query(on: req.db).filter(\.$followTokenHash == SessionToken.hash(token)).with(\.$ehcCase).first() else {
            throw Abort(.notFound)
        }
        let item = record.ehcCase
        let today = CalendarDate.today()
        let events = try await EHCCaseEvent.query(on: req.db).filter(\.$ehcCase.$id == item.id!).sort(\.$happenedOn).sort(\.$createdAt).all()
        let advice = try await EHCAdviceRequest.query(on: req.db).filter(\.$ehcCase.$id == item.id!).all()
        let dates = item.dates(adviceRequested: advice.compactMap { CalendarDate(iso: $0.requestedOn) }.min())
        let next = EHCNextStep.compute(stage: item.stage, dates: dates, adviceOutstanding: advice.contains { $0.receivedOn == nil })
        let rows = EHCCaseViewBuilder.dateRows(item, dates: dates, adviceAllReceived: nil, today: today)
        try await AuditLog.record(AuditEntry(action: "ehc.follow_view", entityType: "ehc_case", entityID: item.id?.uuidString, childID: item.$child.id),
                                  by: AuditActor(userID: nil, name: "follow link", role: "anonymous", socketAddress: req.socketAddress), on: req.db)
        var content: [HTMLNode] = []
        if req.query[String.self, at: "new"] != nil {
            // Say "emailed" only when the email can leave (a GOV.UK Notify key is configured).
            content.append(panel(title: "Request sent", body: "Keep this page's address: it is your private link to follow the request. "
                                 + (req.application.notifyConfigured ? "We have also emailed it to you." : "We have not been able to email it to you yet, so keep it safe.")))
        }
        content += [
            h1("Request for an EHC needs assessment for \(record.childForename)"),
            summaryList([SummaryRow("Stage", tag(item.stage.description, .blue)), SummaryRow("Received", text: item.requestDate.longFormat)]),
            next.map { n in el("div", [.cls("govuk-inset-text")], [p("Next: \(n.what) — \(n.due.map { "due by \($0.longFormat)" } ?? "as soon as practicable"). Who is responsible: \(n.responsible.description).")]) } ?? .empty,
            table(caption: "Statutory dates", headers: ["Step", "Due", "Status"],
                  rows: rows.map { [TableCell(text: $0.label), TableCell(text: $0.due), TableCell(tag($0.state, TagColour(rawValue: $0.colour) ?? .blue))] }),
            table(caption: "What has happened so far", headers: ["Date", "Step"],
                  rows: events.map { [TableCell(text: CalendarDate(iso: $0.happenedOn)?.longFormat ?? $0.happenedOn), TableCell(text: $0.summary)] }),
        ]
        let page = HTMLPage(title: "Your request for an EHC needs assessment", chrome: await req.anonymousChrome(), content: content)
        var headers = HTTPHeaders()
        headers.contentType = .html
        // The link is the only key: keep it out of caches and referrers.
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        return Response(status: .ok, headers: headers, body: .init(string: renderPage(page)))
    }

    /// Links a request made without an account to the child's record, by UPN.
    @Sendable func match(_ req: Request, _ principal: Principal) async throws -> Response {
        let controller = EHCController()
        let item = try await controller.loadCase(req, principal)
        let form = (try? req.content.decode(MatchForm.self)) ?? MatchForm()
        let upn = UPN.validate(form.upn ?? "")
        var error: String?
        var child: Child?
        if item.$child.id != nil { error = "This request is already linked to a child's record" }
        else if let value = upn.upn {
            child = try await ChildRepository(principal: principal, db: req.db).scoped()?.filter(\.$upn == value.value).first()
            if child == nil { error = "No child with UPN \(value.value) is on the council's records: add the child first" }
        } else { error = "Enter the child's UPN: \(upn.reason ?? "it is not valid")" }
        guard error == nil, let child else {
            return .html(try await controller.casePage(req, principal, item, errors: [FormError(field: "match-upn", message: error!)]), status: .unprocessableEntity)
        }
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            item.$child.id = child.id
            item.upn = child.upn
            item.version += 1
            try await item.save(on: db)
            return ([AuditEntry(action: "ehc.matched", entityType: "ehc_case", entityID: item.id?.uuidString, childID: child.id)], ())
        }
        return req.redirect(to: "/ehc/\(item.id!.uuidString)?done=match")
    }
}
