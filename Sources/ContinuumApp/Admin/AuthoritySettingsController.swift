import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The authority's own settings that an administrator may change: its name and header colour,
/// the named officer (rulebook HN-8), the council's safeguarding mailbox, and the evidence policy
/// for Section 19 referrals (rulebook HN-4 ⚠, default "any health professional"). Links lead to
/// the other set-up pages (thresholds, term dates, bases, staff, caseworkers), so the navigation
/// stays short with only "Council settings" in it.
struct AuthoritySettingsController {
    struct SettingsForm: Content {
        var name: String?; var headerColour: String?; var namedOfficer: String?; var safeguardingMailbox: String?; var evidencePolicy: String?
    }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .adminAuthority, roles: Roles.administrators, use: show)
        routes.secure(.POST, .adminAuthority, roles: Roles.administrators, use: save)
    }

    static let setUpPages: [(label: String, href: SiteURL, hint: String)] = [
        ("Section 19 thresholds", .adminThresholds, "Trigger days, decision and provision targets, reviews, full-time hours"),
        ("Term dates", .adminTermDates, "Terms, half terms and INSET days for each academic year, by form or CSV"),
        ("Teaching bases", .adminBases, "Medical Education Team bases, their capacity and opening dates"),
        ("MET staff", .adminMetStaff, "Teachers, teaching assistants and the supply bank"),
        ("Caseworkers", .adminCaseworkers, "EHC caseworker profiles: agency, trainee, FTE and dates"),
        ("Users", .adminUsers, "Accounts and their roles"),
    ]

    private func render(_ req: Request, _ principal: Principal, authority: Authority, form: SettingsForm? = nil, errors: [FormError] = [],
                        notice: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let content: [HTMLNode] = [
            notice.map { notificationBanner(heading: $0) } ?? .empty,
            h1("Council settings", caption: authority.name),
            postForm(action: SiteURL.adminAuthority.path, csrfToken: principal.csrfToken, [
                textInput(Field(name: "name", label: "Council name", value: form?.name ?? authority.name,
                                hint: "Shown in the header of every page and on letters", error: errors.message(for: "name"), autocomplete: "organization")),
                textInput(Field(name: "headerColour", label: "Header colour", value: form?.headerColour ?? authority.headerColour,
                                hint: "A hex colour in the format #RRGGBB, like #0b3b60. Choose a dark colour: the header text is white.",
                                error: errors.message(for: "headerColour"), widthClass: "govuk-input--width-10", spellcheck: false)),
                textarea(Field(name: "namedOfficer", label: "Named officer for children with health needs", value: form?.namedOfficer ?? authority.namedOfficer,
                               hint: "Shown on every decision letter: name, telephone and email (rulebook HN-8)", error: errors.message(for: "namedOfficer")), rows: 3),
                textInput(Field(name: "safeguardingMailbox", label: "Council safeguarding mailbox", value: form?.safeguardingMailbox ?? authority.safeguardingMailbox ?? "",
                                hint: "Told whenever a safeguarding concern is logged (the email names no child). Leave blank and only the school's designated safeguarding lead is emailed.",
                                error: errors.message(for: "safeguardingMailbox"), type: "email", autocomplete: "email", spellcheck: false)),
                radios(Field(name: "evidencePolicy", label: "Medical evidence asked for with a Section 19 referral",
                             value: form?.evidencePolicy ?? authority.evidencePolicy.rawValue,
                             hint: "Whatever you choose, a decision is never delayed while evidence is awaited (statutory guidance; rulebook HN-4).",
                             error: errors.message(for: "evidencePolicy")),
                       options: EvidencePolicy.allCases.map { Option($0.rawValue, $0.description) }),
                button("Save settings"),
            ]),
            h2("Setting up the council"),
            list(Self.setUpPages.map { page in group([link(page.label, href: page.href.path), txt(": " + page.hint)]) }, bullet: true),
        ]
        return .html(HTMLPage(title: "Council settings", chrome: try await req.chrome(for: principal, current: .adminAuthority), errors: errors, content: content), status: status)
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let authority = try await Authority.find(principal.authorityID, on: req.db) else { throw Abort(.notFound) }
        return try await render(req, principal, authority: authority, notice: req.query[String.self, at: "saved"] != nil ? "Settings saved" : nil)
    }

    @Sendable func save(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let authority = try await Authority.find(principal.authorityID, on: req.db) else { throw Abort(.notFound) }
        let form = (try? req.content.decode(SettingsForm.self)) ?? SettingsForm()
        var checks = FormChecks()
        // A field left out of the submission entirely (not one sent blank) keeps its value: older forms and scripts post only some.
        let name = checks.text(form.name ?? authority.name, field: "name", missing: "Enter the council's name", limit: 120)
        let colour = (form.headerColour ?? authority.headerColour).trimmingCharacters(in: .whitespaces)
        if colour.isEmpty { checks.errors.append(FormError(field: "headerColour", message: "Enter the header colour, like #0b3b60")) }
        else if !CouncilSettingsRules.isHeaderColour(colour) { checks.errors.append(FormError(field: "headerColour", message: "Enter the header colour as # and six hex digits, like #0b3b60")) }
        let officer = checks.text(form.namedOfficer, field: "namedOfficer", missing: "Enter the named officer's name and contact details", limit: 500)
        let mailboxText = (form.safeguardingMailbox ?? authority.safeguardingMailbox ?? "").trimmingCharacters(in: .whitespaces)
        if !mailboxText.isEmpty && !CouncilSettingsRules.isEmailAddress(mailboxText) {
            checks.errors.append(FormError(field: "safeguardingMailbox", message: "Enter the safeguarding mailbox as an email address, like safeguarding@council.gov.uk"))
        }
        let policy = form.evidencePolicy.flatMap(EvidencePolicy.init(rawValue:))
        if policy == nil { checks.errors.append(FormError(field: "evidencePolicy", message: "Select the medical evidence the council asks for")) }
        guard checks.errors.isEmpty, let policy else { return try await render(req, principal, authority: authority, form: form, errors: checks.errors, status: .unprocessableEntity) }
        let mailbox = mailboxText.isEmpty ? nil : mailboxText
        // Before → after for the council's own settings; the named officer's contact details are a person's, so only "changed".
        var changes: [String] = []
        if authority.name != name { changes.append("name \(authority.name) -> \(name)") }
        if authority.headerColour != colour { changes.append("header_colour \(authority.headerColour) -> \(colour)") }
        if authority.namedOfficer != officer { changes.append("named_officer changed") }
        if authority.safeguardingMailbox != mailbox { changes.append("safeguarding_mailbox \(authority.safeguardingMailbox ?? "none") -> \(mailbox ?? "none")") }
        if authority.evidencePolicy != policy { changes.append("evidence_policy \(authority.evidencePolicy.rawValue) -> \(policy.rawValue)") }
        let detail = changes.isEmpty ? "no change" : changes.joined(separator: "; ")
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            authority.name = name
            authority.headerColour = colour
            authority.namedOfficer = officer
            authority.safeguardingMailbox = mailbox
            authority.evidencePolicyRaw = policy.rawValue
            try await authority.save(on: db)
            return ([AuditEntry(action: "authority.settings", entityType: "authority", entityID: authority.id?.uuidString,
                                detail: detail)], ())
        }
        req.application.branding.forget(principal.authorityID)
        return req.redirect(to: SiteURL.adminAuthority.path(["saved": "1"]))
    }
}
