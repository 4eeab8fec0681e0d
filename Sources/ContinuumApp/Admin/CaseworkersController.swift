import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// EHC caseworker profiles: the staffing facts the backlog dashboard reads (agency, trainee, FTE,
/// start and end dates), each linked to one caseworker account. An ended profile is listed apart
/// and not offered when a case is allocated; its past cases keep its name.
struct CaseworkersController {
    struct ProfileForm: Content {
        var userEmail: String?; var name: String?; var agency: String?; var trainee: String?; var fte: String?; var startedOn: String?; var endedOn: String?
    }
    struct Valid { let userID: UUID; let name: String; let agency: Bool; let trainee: Bool; let fte: Double; let startedOn: CalendarDate; let endedOn: CalendarDate? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .adminCaseworkers, roles: Roles.administrators, use: list)
        routes.secure(.POST, .adminCaseworkers, roles: Roles.administrators, use: create)
        routes.secure(.GET, .adminCaseworker(.key), roles: Roles.administrators, use: edit)
        routes.secure(.POST, .adminCaseworker(.key), roles: Roles.administrators, use: update)
    }

    private func profile(_ req: Request, _ principal: Principal) async throws -> CaseworkerProfile {
        guard let id = req.parameters.get("profileID", as: UUID.self),
              let profile = try await CaseworkerProfile.query(on: req.db).filter(\.$id == id).filter(\.$authorityID == principal.authorityID).first() else { throw Abort(.notFound) }
        return profile
    }

    private func form(_ p: CaseworkerProfile, on db: any Database) async throws -> ProfileForm {
        ProfileForm(userEmail: try await User.find(p.userID, on: db)?.email, name: p.name, agency: p.isAgency ? "yes" : "no", trainee: p.isTrainee ? "yes" : "no",
                    fte: p.fte.map { String(format: "%.2f", $0) }, startedOn: p.startedOn.description, endedOn: p.endedOn?.description)
    }

    private func fields(_ form: ProfileForm, errors: [FormError]) -> [HTMLNode] {
        [
            textInput(Field(name: "userEmail", label: "Caseworker's account email", value: form.userEmail ?? "",
                            hint: "The email of their Continuum caseworker account in this council", error: errors.message(for: "userEmail"),
                            type: "email", autocomplete: "off", spellcheck: false)),
            textInput(Field(name: "name", label: "Name", value: form.name ?? "", hint: "As shown on caseloads and allocations", error: errors.message(for: "name"),
                            autocomplete: "off", spellcheck: false)),
            radios(Field(name: "agency", label: "Agency staff", value: form.agency ?? "", error: errors.message(for: "agency")),
                   options: [Option("yes", "Yes"), Option("no", "No")], inline: true),
            radios(Field(name: "trainee", label: "Trainee", value: form.trainee ?? "", error: errors.message(for: "trainee")),
                   options: [Option("yes", "Yes"), Option("no", "No")], inline: true),
            textInput(Field(name: "fte", label: "Full-time equivalent (FTE)", value: form.fte ?? "", hint: "From 0.01 to 1.00, like 1.0 or 0.6",
                            error: errors.message(for: "fte"), widthClass: "govuk-input--width-4", inputMode: "decimal")),
            dateInput(Field(name: "startedOn", label: "Start date", value: form.startedOn ?? "", hint: "For example, 1 9 2026", error: errors.message(for: "startedOn"),
                            widthClass: "govuk-input--width-10")),
            dateInput(Field(name: "endedOn", label: "End date (optional)", value: form.endedOn ?? "", hint: "Their last working day. Leave blank while they are in post.",
                            error: errors.message(for: "endedOn"), widthClass: "govuk-input--width-10")),
        ]
    }

    private func listPage(_ req: Request, _ principal: Principal, form: ProfileForm = ProfileForm(), errors: [FormError] = [], notice: String? = nil,
                          status: HTTPStatus = .ok) async throws -> Response {
        let profiles = try await CaseworkerProfile.query(on: req.db).filter(\.$authorityID == principal.authorityID).sort(\.$name).all()
        let today = CalendarDate.today()
        func row(_ p: CaseworkerProfile) -> [TableCell] {
            [TableCell(text: p.name), TableCell(text: p.isAgency ? "Yes" : "No"), TableCell(text: p.isTrainee ? "Yes" : "No"),
             TableCell(text: p.fte.map { String(format: "%.2f", $0) } ?? "Not recorded"), TableCell(text: AdminPages.dateText(p.startedOn)),
             TableCell(text: AdminPages.dateText(p.endedOn)), TableCell(link("Change", href: SiteURL.adminCaseworker(.value(p.id!)).path, visuallyHiddenSuffix: p.name))]
        }
        let headers = ["Name", "Agency", "Trainee", "FTE", "Started", "Ends", "Action"]
        let ended = profiles.filter { $0.hasEnded(by: today) }
        let content: [HTMLNode] = [
            notice.map { notificationBanner(heading: $0) } ?? .empty,
            h1("Caseworkers", caption: "Council settings"),
            table(caption: "Caseworkers in post", headers: headers, numericColumns: [3], rows: profiles.filter { !$0.hasEnded(by: today) }.map(row)),
            ended.isEmpty ? p("No caseworker has left.") : table(caption: "Caseworkers who have left", headers: headers, numericColumns: [3], rows: ended.map(row)),
            h2("Add a caseworker"),
            postForm(action: SiteURL.adminCaseworkers.path, csrfToken: principal.csrfToken, fields(form, errors: errors) + [button("Add caseworker")]),
            p([link("Back to council settings", href: SiteURL.adminAuthority.path)]),
        ]
        return .html(HTMLPage(title: "Caseworkers", chrome: try await req.chrome(for: principal, current: .adminAuthority), errors: errors, content: content), status: status)
    }

    private func editPage(_ req: Request, _ principal: Principal, profile: CaseworkerProfile, form: ProfileForm, errors: [FormError] = [], status: HTTPStatus = .ok) async throws -> Response {
        .html(HTMLPage(title: "Change \(profile.name)", chrome: try await req.chrome(for: principal, current: .adminAuthority), errors: errors, backLink: SiteURL.adminCaseworkers.path, content: [
            h1("Change a caseworker", caption: profile.name),
            postForm(action: SiteURL.adminCaseworker(.value(profile.id!)).path, csrfToken: principal.csrfToken, fields(form, errors: errors) + [button("Save caseworker")]),
        ]), status: status)
    }

    private func validate(_ form: ProfileForm, principal: Principal, profile: CaseworkerProfile?, on db: any Database) async throws -> (Valid?, [FormError]) {
        var checks = FormChecks()
        let today = CalendarDate.today()
        let user = try await checks.user(form.userEmail, field: "userEmail", role: .caseworker, roleName: "caseworker", authorityID: principal.authorityID, required: true, on: db)
        if let linked = user ?? nil, let id = linked.id, id != profile?.userID,
           let other = try await CaseworkerProfile.query(on: db).filter(\.$userID == id).first() {
            checks.errors.append(FormError(field: "userEmail", message: "That account already has a caseworker profile (\(other.name))"))
        }
        let name = checks.text(form.name ?? (user ?? nil)?.displayName, field: "name", missing: "Enter the caseworker's name", limit: 100)
        let agency = checks.yesNo(form.agency, field: "agency", missing: "Select whether they are agency staff")
        let trainee = checks.yesNo(form.trainee, field: "trainee", missing: "Select whether they are a trainee")
        let fteText = (form.fte ?? "").trimmingCharacters(in: .whitespaces)
        let fte = CouncilSettingsRules.fteHundredths(fteText)
        if fteText.isEmpty { checks.errors.append(FormError(field: "fte", message: "Enter the FTE, like 1.0 or 0.6")) }
        else if fte == nil || fte == 0 { checks.errors.append(FormError(field: "fte", message: "FTE must be a number from 0.01 to 1.00, in hundredths, like 0.8")) }
        let started = checks.date(form.startedOn, field: "startedOn", label: "they started", today: today, allowFuture: true)
        let ended = checks.optionalDate(form.endedOn, field: "endedOn", label: "they leave", notBefore: started, notBeforeLabel: "they started", today: today)
        guard checks.errors.isEmpty, let linked = user ?? nil, let userID = linked.id, let agency, let trainee, let fte, fte > 0, let started else { return (nil, checks.errors) }
        return (Valid(userID: userID, name: name, agency: agency, trainee: trainee, fte: Double(fte) / 100, startedOn: started, endedOn: ended), [])
    }

    /// Caseworkers are people: the audit names the fields changed, not their values.
    static func changedFields(_ p: CaseworkerProfile, _ v: Valid) -> [String] {
        var out: [String] = []
        if p.userID != v.userID { out.append("user") }
        if p.name != v.name { out.append("name") }
        if p.isAgency != v.agency { out.append("agency") }
        if p.isTrainee != v.trainee { out.append("trainee") }
        if p.fte != v.fte { out.append("fte") }
        if p.startedOn != v.startedOn { out.append("started_on") }
        if p.endedOn != v.endedOn { out.append("ended_on") }
        return out
    }

    static func apply(_ v: Valid, to p: CaseworkerProfile) {
        p.userID = v.userID; p.name = v.name; p.isAgency = v.agency; p.isTrainee = v.trainee; p.fte = v.fte
        p.startedOn = v.startedOn; p.endedOn = v.endedOn
    }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        let notice: String? = switch req.query[String.self, at: "saved"] { case "added": "Caseworker added"; case "changed": "Caseworker saved"; default: nil }
        return try await listPage(req, principal, notice: notice)
    }

    @Sendable func create(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(ProfileForm.self)) ?? ProfileForm()
        let (valid, errors) = try await validate(form, principal: principal, profile: nil, on: req.db)
        guard let valid else { return try await listPage(req, principal, form: form, errors: errors, status: .unprocessableEntity) }
        let profile = CaseworkerProfile()
        profile.authorityID = principal.authorityID
        Self.apply(valid, to: profile)
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await profile.create(on: db)
            return ([AuditEntry(action: "caseworker_profile.added", entityType: "caseworker_profile", entityID: profile.id?.uuidString,
                                detail: "agency=\(valid.agency) trainee=\(valid.trainee) fte \(valid.fte)")], ())
        }
        return req.redirect(to: SiteURL.adminCaseworkers.path(["saved": "added"]))
    }

    @Sendable func edit(_ req: Request, _ principal: Principal) async throws -> Response {
        let profile = try await profile(req, principal)
        return try await editPage(req, principal, profile: profile, form: try await form(profile, on: req.db))
    }

    @Sendable func update(_ req: Request, _ principal: Principal) async throws -> Response {
        let profile = try await profile(req, principal)
        let form = (try? req.content.decode(ProfileForm.self)) ?? ProfileForm()
        let (valid, errors) = try await validate(form, principal: principal, profile: profile, on: req.db)
        guard let valid else { return try await editPage(req, principal, profile: profile, form: form, errors: errors, status: .unprocessableEntity) }
        let changed = Self.changedFields(profile, valid)
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            Self.apply(valid, to: profile)
            try await profile.save(on: db)
            return ([AuditEntry(action: "caseworker_profile.changed", entityType: "caseworker_profile", entityID: profile.id?.uuidString,
                                detail: changed.isEmpty ? "no change" : "changed " + changed.joined(separator: ", "))], ())
        }
        return req.redirect(to: SiteURL.adminCaseworkers.path(["saved": "changed"]))
    }
}
