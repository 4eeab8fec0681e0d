import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The authority's own settings that an administrator may change: the evidence policy for
/// Section 19 referrals (rulebook HN-4 ⚠, default "any health professional") and the named officer.
struct AuthoritySettingsController {
    struct SettingsForm: Content { var evidencePolicy: String?; var namedOfficer: String? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, "admin", "authority", roles: [.administrator], use: show)
        routes.secure(.POST, "admin", "authority", roles: [.administrator], use: save)
    }

    private func render(_ req: Request, _ principal: Principal, authority: Authority, form: SettingsForm? = nil, errors: [FormError] = [],
                        notice: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let terms = try await TermDate.query(on: req.db).filter(\.$authority.$id == principal.authorityID).sort(\.$startsOn).all()
        let today = CalendarDate.today().description
        let current = terms.filter { $0.endsOn >= today }.prefix(12)
        let content: [HTMLNode] = [
            notice.map { notificationBanner(heading: $0) } ?? .empty,
            h1("Council settings", caption: authority.name),
            postForm(action: "/admin/authority", csrfToken: principal.csrfToken, [
                radios(Field(name: "evidencePolicy", label: "Medical evidence asked for with a Section 19 referral",
                             value: form?.evidencePolicy ?? authority.evidencePolicy.rawValue,
                             hint: "Whatever you choose, a decision is never delayed while evidence is awaited (statutory guidance; rulebook HN-4).",
                             error: errors.message(for: "evidencePolicy")),
                       options: EvidencePolicy.allCases.map { Option($0.rawValue, $0.description) }),
                textarea(Field(name: "namedOfficer", label: "Named officer for children with health needs", value: form?.namedOfficer ?? authority.namedOfficer,
                               hint: "Shown on every decision letter: name, telephone and email", error: errors.message(for: "namedOfficer")), rows: 3),
                button("Save settings"),
            ]),
            table(caption: "Term dates from today", headers: ["Name", "Kind", "Starts", "Ends"],
                  rows: current.map { [TableCell(text: $0.name), TableCell(text: $0.kind.rawValue), TableCell(text: CalendarDate(iso: $0.startsOn)?.longFormat ?? $0.startsOn),
                                       TableCell(text: CalendarDate(iso: $0.endsOn)?.longFormat ?? $0.endsOn)] }),
        ]
        return .html(HTMLPage(title: "Council settings", chrome: try await req.chrome(for: principal, current: "/admin/authority"), errors: errors, content: content), status: status)
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let authority = try await Authority.find(principal.authorityID, on: req.db) else { throw Abort(.notFound) }
        return try await render(req, principal, authority: authority, notice: req.query[String.self, at: "saved"] != nil ? "Settings saved" : nil)
    }

    @Sendable func save(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let authority = try await Authority.find(principal.authorityID, on: req.db) else { throw Abort(.notFound) }
        let form = (try? req.content.decode(SettingsForm.self)) ?? SettingsForm()
        var checks = FormChecks()
        let policy = form.evidencePolicy.flatMap(EvidencePolicy.init(rawValue:))
        if policy == nil { checks.errors.append(FormError(field: "evidencePolicy", message: "Select the medical evidence the council asks for")) }
        let officer = checks.text(form.namedOfficer, field: "namedOfficer", missing: "Enter the named officer's name and contact details", limit: 500)
        guard checks.errors.isEmpty, let policy else { return try await render(req, principal, authority: authority, form: form, errors: checks.errors, status: .unprocessableEntity) }
        let before = authority.evidencePolicy.rawValue
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            authority.evidencePolicyRaw = policy.rawValue
            authority.namedOfficer = officer
            try await authority.save(on: db)
            return ([AuditEntry(action: "authority.settings", entityType: "authority", entityID: authority.id?.uuidString, detail: "evidence_policy \(before) -> \(policy.rawValue)")], ())
        }
        req.application.branding.forget(principal.authorityID)
        return req.redirect(to: "/admin/authority?saved=1")
    }
}
