import Fluent
import SQLKit
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
        routes.publicRoute(.GET, .ehcRequest, use: form)
        routes.publicRoute(.POST, .ehcRequest, use: submit)
        routes.publicRoute(.GET, .ehcRequestSent, use: sent)
        routes.publicRoute(.GET, .ehcRequestFollow(token: .key), use: follow)
        routes.publicRoute(.POST, .ehcRequestFollow(token: .key), use: confirm)
        routes.secure(.POST, .ehcMatch(.key), roles: EHCCaseRepository.managers, use: match)
    }

    private func csrf(_ req: Request) -> (String, Bool) { PublicPage.csrf(req) }

    private func respond(_ req: Request, _ page: HTMLPage, status: HTTPStatus = .ok, csrf: (String, Bool)? = nil) -> Response {
        PublicPage.respond(req, page, status: status, csrf: csrf)
    }

    private func page(_ req: Request, form: AskForm, errors: [FormError], status: HTTPStatus = .ok) async -> Response {
        let formToken = csrf(req)
        let page = HTMLPage(title: "Ask for an EHC needs assessment", chrome: await req.anonymousChrome(), errors: errors, content: [
            gridRow([("two-thirds", [
                h1("Ask for an education, health and care needs assessment"),
                p("Any parent can ask the council to assess their child's special educational needs. You do not need an account. The council must tell you within 6 weeks whether it will carry out an assessment."),
                p([txt("If you already have an account, "), link("sign in", href: SiteURL.signIn.path), txt(" and ask from your child's page instead.")]),
                postForm(action: SiteURL.ehcRequest.path, csrfToken: formToken.0, [
                    textInput(Field(name: "childName", label: "Your child's full name", value: form.childName ?? "", error: errors.message(for: "childName"), autocomplete: "off")),
                    dateInput(Field(name: "childBirthDate", label: "Your child's date of birth", value: form.childBirthDate ?? "", hint: "For example, 27 3 2015",
                                    error: errors.message(for: "childBirthDate"), widthClass: "govuk-input--width-10")),
                    textInput(Field(name: "school", label: "Your child's school or nursery (if any)", value: form.school ?? "", error: errors.message(for: "school"))),
                    textInput(Field(name: "parentName", label: "Your full name", value: form.parentName ?? "", error: errors.message(for: "parentName"), autocomplete: "name")),
                    textInput(Field(name: "parentEmail", label: "Your email address", value: form.parentEmail ?? "", hint: "We will email you a link to confirm the request and follow it",
                                    error: errors.message(for: "parentEmail"), type: "email", autocomplete: "email", spellcheck: false)),
                    textarea(Field(name: "summary", label: "Why do you think your child needs an assessment?", value: form.summary ?? "",
                                   hint: "Describe your child's needs, the help they get now and how they are getting on.", error: errors.message(for: "summary")), rows: 6),
                    checkboxes(Field(name: "confirm", label: "Declaration", error: errors.message(for: "confirm")),
                               options: [Option("yes", "I am the child's parent or carer, and what I have written is true")], selected: form.confirm == "yes" ? ["yes"] : []),
                    button("Send the request"),
                ]),
                p("The council's 6-week clock starts on the day it receives your request, once you have confirmed your email address by the link we send you."),
            ])]),
        ])
        return respond(req, page, status: status, csrf: formToken)
    }

    @Sendable func form(_ req: Request) async throws -> Response { await page(req, form: AskForm(), errors: []) }

    /// 429 with a page that says what happened and what to do instead (issue 13 item 8).
    private func tooMany(_ req: Request) async -> Response {
        let page = HTMLPage(title: "Too many requests", chrome: await req.anonymousChrome(), content: [
            gridRow([("two-thirds", [
                h1("Too many requests from your connection"),
                p("To protect this service, it accepts up to \(PublicRequestLimiter.limit) requests an hour from one internet connection, and that many have been sent from yours in the last hour."),
                p("Nothing you sent just now has been kept. Please try again in an hour."),
                p("If you need to ask for an assessment urgently, contact the council's SEND team by email, phone or post: a request made that way counts just the same."),
            ])]),
        ])
        let response = respond(req, page, status: .tooManyRequests)
        response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(PublicRequestLimiter.window)))
        return response
    }

    @Sendable func submit(_ req: Request) async throws -> Response {
        // Counted first, whatever the form holds: each POST costs work, and an email if it is valid.
        guard try await PublicRequestLimiter(db: req.db).admit(req.socketAddress) else { return await tooMany(req) }
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
        let authorityID = try authority.requireID()
        // Not a case yet: kept apart until the emailed link confirms the address (EHCUnconfirmedRequest).
        let record = EHCUnconfirmedRequest()
        record.id = UUID()
        record.authorityID = authorityID
        record.childName = childName; record.childBirthDate = dob; record.school = school
        record.parentName = parentName; record.parentEmail = email; record.summary = summary
        record.receivedOn = today; record.createdAt = Date()
        let links = req.application.ehcRequestLinks
        record.tokenHash = SessionToken.hash(links.token(for: record.id!))
        let actor = AuditActor(userID: nil, name: "public request", role: "anonymous", socketAddress: req.socketAddress)
        let stale = Date().addingTimeInterval(-Double(EHCUnconfirmedRequest.keptForDays) * 86_400)
        try await AuditLog.transaction(on: req.db, actor: actor) { db in
            // Requests never confirmed are not kept for ever: they hold a family's details and nobody acted on them.
            try await EHCUnconfirmedRequest.query(on: db).filter(\.$createdAt < stale).delete()
            try await record.create(on: db)
            // The email names no child, and the stored body holds a placeholder, not the link: the link is
            // written into the copy sent to Notify (OutboxDelivery), so no token sits in the database.
            try await OutboxMessage(authorityID: authorityID, to: email, subject: "Confirm your request for an EHC needs assessment",
                                    body: """
                                    We received a request for an education, health and care needs assessment on \(today.longFormat), made on our website with this email address.

                                    To confirm your email address and send the request to the council, open this link. Keep it: it is also your private link to follow the request.
                                    \(EHCRequestLinks.placeholder(for: record.id!))

                                    The council's 6-week clock starts on the day the request was received. If you did not make this request, you can ignore this email: nothing more will happen.
                                    """).create(on: db)
            return ([AuditEntry(action: "ehc.requested_public_unconfirmed", entityType: "ehc_unconfirmed_request", entityID: record.id?.uuidString)], ())
        }
        return req.redirect(to: SiteURL.ehcRequestSent.path)
    }

    /// After a request: the link goes by email only, since opening it is what proves the address.
    @Sendable func sent(_ req: Request) async throws -> Response {
        let emailed = req.application.notifyConfigured
        let page = HTMLPage(title: "Check your email", chrome: await req.anonymousChrome(), content: [
            gridRow([("two-thirds", [
                panel(title: "Request received", body: "Check your email to confirm it"),
                h1("Check your email"),
                p(emailed ? "We have emailed you a link. Open it to confirm your email address and send the request to the council."
                          : "We have not been able to email it to you yet: the council's email service is not set up. The link will be emailed to you as soon as it is."),
                p("The link is also your private way to follow the request: keep the email. The council's 6-week clock starts on the day it received the request."),
                p("If the email does not arrive within a day, check your spam folder, or contact the council's SEND team."),
            ])]),
        ])
        return respond(req, page)
    }

    private enum Found { case confirmed(EHCPublicRequest), unconfirmed(EHCUnconfirmedRequest) }

    private func lookUp(_ req: Request) async throws -> (token: String, found: Found) {
        guard let token = req.parameters.get("token"), token.count >= 32, token.count <= 128 else { throw Abort(.notFound) }
        let hash = SessionToken.hash(token)
        if let record = try await EHCPublicRequest.query(on: req.db).filter(\.$followTokenHash == hash).with(\.$ehcCase).first() {
            return (token, .confirmed(record))
        }
        if let pending = try await EHCUnconfirmedRequest.query(on: req.db).filter(\.$tokenHash == hash).first() {
            return (token, .unconfirmed(pending))
        }
        throw Abort(.notFound)
    }

    /// The emailed link. Before confirmation it asks for one button press (a POST), so a mail scanner that
    /// fetches every link does not confirm a request on the family's behalf (GET never changes data).
    @Sendable func follow(_ req: Request) async throws -> Response {
        let (token, found) = try await lookUp(req)
        switch found {
        case .confirmed(let record): return try await followPage(req, record)
        case .unconfirmed:
            let formToken = csrf(req)
            let page = HTMLPage(title: "Confirm your request for an EHC needs assessment", chrome: await req.anonymousChrome(), content: [
                gridRow([("two-thirds", [
                    h1("Confirm your request for an EHC needs assessment"),
                    p("Confirming tells the council your email address is yours, and sends it the request you made. You can then follow the request from this page."),
                    postForm(action: SiteURL.ehcRequestFollow(token: .value(token)).path, csrfToken: formToken.0, [button("Confirm and send the request")]),
                ])]),
            ])
            return respond(req, page, csrf: formToken)
        }
    }

    /// Confirms the address and opens the case. The statutory clock runs from the day the request arrived,
    /// not the day it was confirmed: SEND Regulations 2014 regs 5(1), 10(1) and 13(2) count from the LA
    /// "receiving a request" (rulebook EHC-1), and the council received it on `receivedOn`.
    @Sendable func confirm(_ req: Request) async throws -> Response {
        let (token, found) = try await lookUp(req)
        guard case .unconfirmed(let pending) = found else { return req.redirect(to: SiteURL.ehcRequestFollow(token: .value(token)).path) }
        let received = pending.receivedOn
        let today = CalendarDate.today()
        let item = EHCCase(authorityID: pending.authorityID, childID: nil, upn: nil, requestedOn: received, requester: .parent,
                           requesterName: pending.parentName, summary: pending.summary)
        let record = EHCPublicRequest()
        record.childName = pending.childName; record.childBirthDate = pending.childBirthDate; record.school = pending.school
        record.parentName = pending.parentName; record.parentEmail = pending.parentEmail; record.followTokenHash = pending.tokenHash
        let actor = AuditActor(userID: nil, name: "public request", role: "anonymous", socketAddress: req.socketAddress)
        let pendingID = try pending.requireID()
        let opened = try await AuditLog.transaction(on: req.db, actor: actor) { db -> ([AuditEntry], Bool) in
            // Only the confirmation that removes the unconfirmed row opens the case: two presses, or two
            // servers at once, open one case.
            guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
            let removed = try await sql.delete(from: EHCUnconfirmedRequest.schema).where("id", .equal, pendingID).returning("id").all()
            guard removed.count == 1 else { return ([], false) }
            try await item.create(on: db)
            record.$ehcCase.id = item.id!
            try await record.create(on: db)
            try await EHCCaseEvent(caseID: item.id!, on: received, summary: "Request for an EHC needs assessment received from parent or carer", by: pending.parentName).create(on: db)
            if today != received {
                try await EHCCaseEvent(caseID: item.id!, on: today, summary: "Email address confirmed", by: pending.parentName).create(on: db)
            }
            return ([AuditEntry(action: "ehc.requested_public", entityType: "ehc_case", entityID: item.id?.uuidString,
                                detail: "received \(received); email confirmed \(today)")], true)
        }
        let follow = SiteURL.ehcRequestFollow(token: .value(token))
        return req.redirect(to: opened ? follow.path(["confirmed": "1"]) : follow.path)
    }

    /// The family's view by private link: first name only, the stage, the next date and the steps so far.
    private func followPage(_ req: Request, _ record: EHCPublicRequest) async throws -> Response {
        let item = record.ehcCase
        let today = CalendarDate.today()
        let events = try await EHCCaseEvent.query(on: req.db).filter(\.$ehcCase.$id == item.id!).sort(\.$happenedOn).sort(\.$createdAt).all()
        let advice = try await EHCAdviceRequest.query(on: req.db).filter(\.$ehcCase.$id == item.id!).all()
        let dates = item.dates(adviceRequested: advice.map(\.requestedOn).min())
        let next = EHCNextStep.compute(stage: item.stage, dates: dates, adviceOutstanding: advice.contains { $0.receivedOn == nil })
        let rows = EHCCaseViewBuilder.dateRows(item, dates: dates, adviceAllReceived: nil, today: today)
        try await AuditLog.record(AuditEntry(action: "ehc.follow_view", entityType: "ehc_case", entityID: item.id?.uuidString, childID: item.$child.id),
                                  by: AuditActor(userID: nil, name: "follow link", role: "anonymous", socketAddress: req.socketAddress), on: req.db)
        var content: [HTMLNode] = []
        if req.query[String.self, at: "confirmed"] != nil {
            content.append(panel(title: "Request sent", body: "Your email address is confirmed and the council has your request. Keep the email: its link brings you back here."))
        }
        content += [
            h1("Request for an EHC needs assessment for \(record.childForename)"),
            summaryList([SummaryRow("Stage", tag(item.stage.description, .blue)), SummaryRow("Received", text: item.requestedOn.longFormat)]),
            next.map { n in el("div", [.cls("govuk-inset-text")], [p("Next: \(n.what) — \(n.due.map { "due by \($0.longFormat)" } ?? "as soon as practicable"). Who is responsible: \(n.responsible.description).")]) } ?? .empty,
            table(caption: "Statutory dates", headers: ["Step", "Due", "Status"],
                  rows: rows.map { [TableCell(text: $0.label), TableCell(text: $0.due), TableCell(tag($0.state, TagColour(rawValue: $0.colour) ?? .blue))] }),
            table(caption: "What has happened so far", headers: ["Date", "Step"],
                  rows: events.map { [TableCell(text: $0.happenedOn.longFormat), TableCell(text: $0.summary)] }),
        ]
        return respond(req, HTMLPage(title: "Your request for an EHC needs assessment", chrome: await req.anonymousChrome(), content: content))
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
        return req.redirect(to: SiteURL.ehcCase(.value(item.caseID)).path(["done": "match"]))
    }
}
