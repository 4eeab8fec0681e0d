import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The Medical Education Team's teaching bases: name, address, postcode, capacity and the dates
/// each is open. A base closed today is not offered when provision is arranged. Capacity is shown
/// against occupancy, never a reason to wait (rulebook HN-1, R v East Sussex ex p Tandy).
struct TeachingBasesController {
    struct BaseForm: Content {
        var name: String?; var address: String?; var postcode: String?; var capacity: String?; var opensOn: String?; var closesOn: String?
    }
    struct Valid { let name: String; let address: String; let postcode: Postcode; let capacity: Int; let opensOn: CalendarDate; let closesOn: CalendarDate? }

    static let capacityRange = 1...500

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .adminBases, roles: Roles.administrators, use: list)
        routes.secure(.POST, .adminBases, roles: Roles.administrators, use: create)
        routes.secure(.GET, .adminBase(.key), roles: Roles.administrators, use: edit)
        routes.secure(.POST, .adminBase(.key), roles: Roles.administrators, use: update)
    }

    private func base(_ req: Request, _ principal: Principal) async throws -> TeachingBase {
        guard let id = req.parameters.get("baseID", as: UUID.self),
              let base = try await TeachingBase.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID).first() else { throw Abort(.notFound) }
        return base
    }

    static func form(_ base: TeachingBase) -> BaseForm {
        BaseForm(name: base.name, address: base.address, postcode: base.postcode, capacity: String(base.capacity), opensOn: base.opensOn?.description, closesOn: base.closesOn?.description)
    }

    private func fields(_ form: BaseForm, errors: [FormError]) -> [HTMLNode] {
        [
            textInput(Field(name: "name", label: "Name", value: form.name ?? "", hint: "For example, Kidderminster", error: errors.message(for: "name"))),
            textarea(Field(name: "address", label: "Address", value: form.address ?? "", error: errors.message(for: "address")), rows: 3),
            textInput(Field(name: "postcode", label: "Postcode", value: form.postcode ?? "", error: errors.message(for: "postcode"),
                            autocomplete: "postal-code", widthClass: "govuk-input--width-10")),
            textInput(Field(name: "capacity", label: "Capacity", value: form.capacity ?? "", hint: "The number of children the base can teach at once, from 1 to 500",
                            error: errors.message(for: "capacity"), widthClass: "govuk-input--width-4", inputMode: "numeric")),
            dateInput(Field(name: "opensOn", label: "Opening date", value: form.opensOn ?? "", hint: "For example, 4 1 2027",
                            error: errors.message(for: "opensOn"), widthClass: "govuk-input--width-10")),
            dateInput(Field(name: "closesOn", label: "Closing date (optional)", value: form.closesOn ?? "",
                            hint: "The last day the base is open. Leave blank if it is not closing.", error: errors.message(for: "closesOn"), widthClass: "govuk-input--width-10")),
        ]
    }

    private func listPage(_ req: Request, _ principal: Principal, form: BaseForm = BaseForm(), errors: [FormError] = [], notice: String? = nil,
                          status: HTTPStatus = .ok) async throws -> Response {
        let bases = try await TeachingBase.query(on: req.db).filter(\.$authority.$id == principal.authorityID).sort(\.$name).all()
        let today = CalendarDate.today()
        let content: [HTMLNode] = [
            notice.map { notificationBanner(heading: $0) } ?? .empty,
            h1("Teaching bases", caption: "Council settings"),
            table(caption: "Teaching bases", headers: ["Name", "Postcode", "Capacity", "Opens", "Closes", "Status", "Action"], numericColumns: [2],
                  rows: bases.map { b in
                      let status = b.status(on: today)
                      return [TableCell(text: b.name), TableCell(text: b.postcode), TableCell(text: String(b.capacity)), TableCell(text: AdminPages.dateText(b.opensOn)),
                              TableCell(text: AdminPages.dateText(b.closesOn)),
                              TableCell(tag(status.rawValue, status == .open ? .green : status == .closed ? .grey : .blue)),
                              TableCell(link("Change", href: SiteURL.adminBase(.value(b.id!)).path, visuallyHiddenSuffix: b.name))]
                  }),
            h2("Add a teaching base"),
            postForm(action: SiteURL.adminBases.path, csrfToken: principal.csrfToken, fields(form, errors: errors) + [button("Add teaching base")]),
            p([link("Back to council settings", href: SiteURL.adminAuthority.path)]),
        ]
        return .html(HTMLPage(title: "Teaching bases", chrome: try await req.chrome(for: principal, current: .adminAuthority), errors: errors, content: content), status: status)
    }

    private func editPage(_ req: Request, _ principal: Principal, base: TeachingBase, form: BaseForm, errors: [FormError] = [], status: HTTPStatus = .ok) async throws -> Response {
        .html(HTMLPage(title: "Change \(base.name)", chrome: try await req.chrome(for: principal, current: .adminAuthority), errors: errors, backLink: SiteURL.adminBases.path, content: [
            h1("Change a teaching base", caption: base.name),
            postForm(action: SiteURL.adminBase(.value(base.id!)).path, csrfToken: principal.csrfToken, fields(form, errors: errors) + [button("Save teaching base")]),
        ]), status: status)
    }

    private func validate(_ form: BaseForm, principal: Principal, excluding: UUID?, on db: any Database) async throws -> (Valid?, [FormError]) {
        var checks = FormChecks()
        let today = CalendarDate.today()
        let name = checks.text(form.name, field: "name", missing: "Enter the base's name", limit: 100)
        let address = checks.text(form.address, field: "address", missing: "Enter the base's address", limit: 300)
        let postcode = Postcode.normalise(form.postcode ?? "")
        if let message = Postcode.validationMessage(form.postcode ?? "") { checks.errors.append(FormError(field: "postcode", message: message)) }
        let capacityText = (form.capacity ?? "").trimmingCharacters(in: .whitespaces)
        let capacity = CouncilSettingsRules.wholeNumber(capacityText, in: Self.capacityRange)
        if capacityText.isEmpty { checks.errors.append(FormError(field: "capacity", message: "Enter the base's capacity")) }
        else if capacity == nil { checks.errors.append(FormError(field: "capacity", message: "Capacity must be a whole number from 1 to 500")) }
        let opens = checks.date(form.opensOn, field: "opensOn", label: "the base opens", today: today, allowFuture: true)
        let closes = checks.optionalDate(form.closesOn, field: "closesOn", label: "the base closes", notBefore: opens, notBeforeLabel: "the base opens", today: today)
        if !name.isEmpty {
            var same = TeachingBase.query(on: db).filter(\.$authority.$id == principal.authorityID).filter(\.$name == name)
            if let excluding { same = same.filter(\.$id != excluding) }
            if try await same.count() > 0 { checks.errors.insert(FormError(field: "name", message: "There is already a teaching base called \(name)"), at: 0) }
        }
        guard checks.errors.isEmpty, let postcode, let capacity, let opens else { return (nil, checks.errors) }
        return (Valid(name: name, address: address, postcode: postcode, capacity: capacity, opensOn: opens, closesOn: closes), [])
    }

    /// Before → after for each changed field: bases are places, not people.
    static func changes(_ base: TeachingBase, _ v: Valid) -> [String] {
        var out: [String] = []
        if base.name != v.name { out.append("name \(base.name) -> \(v.name)") }
        if base.address != v.address { out.append("address changed") }
        if base.postcode != v.postcode.value { out.append("postcode \(base.postcode) -> \(v.postcode.value)") }
        if base.capacity != v.capacity { out.append("capacity \(base.capacity) -> \(v.capacity)") }
        if base.opensOn != v.opensOn { out.append("opens_on \(base.opensOn?.description ?? "none") -> \(v.opensOn)") }
        if base.closesOn != v.closesOn { out.append("closes_on \(base.closesOn?.description ?? "none") -> \(v.closesOn?.description ?? "none")") }
        return out
    }

    static func apply(_ v: Valid, to base: TeachingBase) {
        base.name = v.name; base.address = v.address; base.postcode = v.postcode.value; base.capacity = v.capacity
        base.opensOn = v.opensOn; base.closesOn = v.closesOn
    }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        let notice: String? = switch req.query[String.self, at: "saved"] { case "added": "Teaching base added"; case "changed": "Teaching base saved"; default: nil }
        return try await listPage(req, principal, notice: notice)
    }

    @Sendable func create(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(BaseForm.self)) ?? BaseForm()
        let (valid, errors) = try await validate(form, principal: principal, excluding: nil, on: req.db)
        guard let valid else { return try await listPage(req, principal, form: form, errors: errors, status: .unprocessableEntity) }
        let base = TeachingBase(authorityID: principal.authorityID, name: valid.name, address: valid.address, postcode: valid.postcode.value, capacity: valid.capacity)
        Self.apply(valid, to: base)
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await base.create(on: db)
            return ([AuditEntry(action: "teaching_base.added", entityType: "teaching_base", entityID: base.id?.uuidString,
                                detail: "\(valid.name) \(valid.postcode) capacity \(valid.capacity) opens \(valid.opensOn)" + (valid.closesOn.map { " closes \($0)" } ?? ""))], ())
        }
        return req.redirect(to: SiteURL.adminBases.path(["saved": "added"]))
    }

    @Sendable func edit(_ req: Request, _ principal: Principal) async throws -> Response {
        let base = try await base(req, principal)
        return try await editPage(req, principal, base: base, form: Self.form(base))
    }

    @Sendable func update(_ req: Request, _ principal: Principal) async throws -> Response {
        let base = try await base(req, principal)
        let form = (try? req.content.decode(BaseForm.self)) ?? BaseForm()
        let (valid, errors) = try await validate(form, principal: principal, excluding: base.id, on: req.db)
        guard let valid else { return try await editPage(req, principal, base: base, form: form, errors: errors, status: .unprocessableEntity) }
        let changes = Self.changes(base, valid)
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            Self.apply(valid, to: base)
            try await base.save(on: db)
            return ([AuditEntry(action: "teaching_base.changed", entityType: "teaching_base", entityID: base.id?.uuidString,
                                detail: changes.isEmpty ? "no change" : changes.joined(separator: "; "))], ())
        }
        return req.redirect(to: SiteURL.adminBases.path(["saved": "changed"]))
    }
}
