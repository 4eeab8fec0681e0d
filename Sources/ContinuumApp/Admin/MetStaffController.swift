import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The Medical Education Team's staff: teachers and teaching assistants by FTE, and the supply
/// bank (FTE 0). A member of staff is ended, not deleted, so past timetables keep their teacher;
/// ended staff are listed apart and no longer counted on the team page.
struct MetStaffController {
    struct StaffForm: Content {
        var name: String?; var kind: String?; var fte: String?; var qts: String?; var userEmail: String?; var startedOn: String?; var endedOn: String?
    }
    struct EndForm: Content { var lastDay: String? }
    struct Valid { let name: String; let kind: StaffMember.Kind; let fte: Double; let qts: Bool; let userID: UUID?; let startedOn: CalendarDate; let endedOn: CalendarDate? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .adminMetStaff, roles: Roles.administrators, use: list)
        routes.secure(.POST, .adminMetStaff, roles: Roles.administrators, use: create)
        routes.secure(.GET, .adminMetStaffMember(.key), roles: Roles.administrators, use: edit)
        routes.secure(.POST, .adminMetStaffMember(.key), roles: Roles.administrators, use: update)
        routes.secure(.POST, .adminMetStaffEnd(.key), roles: Roles.administrators, use: end)
    }

    private func member(_ req: Request, _ principal: Principal) async throws -> StaffMember {
        guard let id = req.parameters.get("staffID", as: UUID.self),
              let member = try await StaffMember.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID).first() else { throw Abort(.notFound) }
        return member
    }

    private func form(_ m: StaffMember, on db: any Database) async throws -> StaffForm {
        var email: String?
        if let id = m.userID { email = try await User.find(id, on: db)?.email }
        return StaffForm(name: m.name, kind: m.kind, fte: String(format: "%.2f", m.fte), qts: m.qts ? "yes" : "no", userEmail: email, startedOn: m.startedOn?.description, endedOn: m.endedOn?.description)
    }

    private func fields(_ form: StaffForm, errors: [FormError], editing: Bool) -> [HTMLNode] {
        var nodes: [HTMLNode] = [
            textInput(Field(name: "name", label: "Name", value: form.name ?? "", error: errors.message(for: "name"), autocomplete: "off", spellcheck: false)),
            radios(Field(name: "kind", label: "Role", value: form.kind ?? "", error: errors.message(for: "kind")),
                   options: StaffMember.Kind.allCases.map { Option($0.rawValue, $0.label, hint: $0 == .supply ? "Called on when needed: FTE 0" : nil) }),
            textInput(Field(name: "fte", label: "Full-time equivalent (FTE)", value: form.fte ?? "", hint: "From 0.00 to 1.00, like 0.6 or 0.83. Supply bank staff are 0.",
                            error: errors.message(for: "fte"), widthClass: "govuk-input--width-4", inputMode: "decimal")),
            radios(Field(name: "qts", label: "Qualified teacher status", value: form.qts ?? "", error: errors.message(for: "qts")),
                   options: [Option("yes", "Yes"), Option("no", "No")], inline: true),
            textInput(Field(name: "userEmail", label: "Continuum account email (optional)", value: form.userEmail ?? "",
                            hint: "Link a Medical Education teacher's account so their timetable and caseload show here", error: errors.message(for: "userEmail"),
                            type: "email", autocomplete: "off", spellcheck: false)),
            dateInput(Field(name: "startedOn", label: "Start date", value: form.startedOn ?? "", hint: "For example, 1 9 2026", error: errors.message(for: "startedOn"),
                            widthClass: "govuk-input--width-10")),
        ]
        if editing {
            nodes.append(dateInput(Field(name: "endedOn", label: "End date (optional)", value: form.endedOn ?? "", hint: "Their last day in the team. Leave blank while they are in the team.",
                                         error: errors.message(for: "endedOn"), widthClass: "govuk-input--width-10")))
        }
        return nodes
    }

    private func listPage(_ req: Request, _ principal: Principal, form: StaffForm = StaffForm(), errors: [FormError] = [], notice: String? = nil,
                          status: HTTPStatus = .ok) async throws -> Response {
        let staff = try await StaffMember.query(on: req.db).filter(\.$authority.$id == principal.authorityID).sort(\.$name).all()
        let today = CalendarDate.today()
        let current = staff.filter { !$0.hasEnded(by: today) }, ended = staff.filter { $0.hasEnded(by: today) }
        func row(_ s: StaffMember) -> [TableCell] {
            [TableCell(text: s.name), TableCell(text: s.kindValue.label), TableCell(text: String(format: "%.2f", s.fte)), TableCell(text: s.qts ? "Yes" : "No"),
             TableCell(text: AdminPages.dateText(s.startedOn)), TableCell(text: AdminPages.dateText(s.endedOn)),
             TableCell(link("Change", href: SiteURL.adminMetStaffMember(.value(s.id!)).path, visuallyHiddenSuffix: s.name))]
        }
        let headers = ["Name", "Role", "FTE", "QTS", "Started", "Ends", "Action"]
        var content: [HTMLNode] = [
            notice.map { notificationBanner(heading: $0) } ?? .empty,
            h1("Medical Education Team staff", caption: "Council settings"),
            table(caption: "Current staff", headers: headers, numericColumns: [2], rows: current.map(row)),
        ]
        content.append(ended.isEmpty ? p("No one has left the team.") : table(caption: "Staff who have left", headers: headers, numericColumns: [2], rows: ended.map(row)))
        content += [
            h2("Add a member of staff"),
            postForm(action: SiteURL.adminMetStaff.path, csrfToken: principal.csrfToken, fields(form, errors: errors, editing: false) + [button("Add member of staff")]),
            p([link("Back to council settings", href: SiteURL.adminAuthority.path)]),
        ]
        return .html(HTMLPage(title: "MET staff", chrome: try await req.chrome(for: principal, current: .adminAuthority), errors: errors, content: content), status: status)
    }

    private func editPage(_ req: Request, _ principal: Principal, member: StaffMember, form: StaffForm, endForm: EndForm? = nil, errors: [FormError] = [],
                          status: HTTPStatus = .ok) async throws -> Response {
        let id = member.id!
        return .html(HTMLPage(title: "Change \(member.name)", chrome: try await req.chrome(for: principal, current: .adminAuthority), errors: errors, backLink: SiteURL.adminMetStaff.path, content: [
            h1("Change a member of staff", caption: member.name),
            postForm(action: SiteURL.adminMetStaffMember(.value(id)).path, csrfToken: principal.csrfToken, fields(form, errors: errors, editing: true) + [button("Save member of staff")]),
            h2("They are leaving the team"),
            postForm(action: SiteURL.adminMetStaffEnd(.value(id)).path, csrfToken: principal.csrfToken, [
                textInput(Field(name: "lastDay", label: "Last day in the team", value: endForm?.lastDay ?? "", hint: "For example, 1 9 2026",
                                error: errors.message(for: "lastDay"), widthClass: "govuk-input--width-10")),
                button("End", warning: true),
            ]),
        ]), status: status)
    }

    private func validate(_ form: StaffForm, principal: Principal, member: StaffMember?, on db: any Database) async throws -> (Valid?, [FormError]) {
        var checks = FormChecks()
        let today = CalendarDate.today()
        let name = checks.text(form.name, field: "name", missing: "Enter the member of staff's name", limit: 100)
        let kind = form.kind.flatMap(StaffMember.Kind.init(rawValue:))
        if kind == nil { checks.errors.append(FormError(field: "kind", message: "Select the member of staff's role")) }
        let fteText = (form.fte ?? "").trimmingCharacters(in: .whitespaces)
        var fte: Int? = CouncilSettingsRules.fteHundredths(fteText)
        if fteText.isEmpty && kind == .supply { fte = 0 }
        else if fteText.isEmpty { checks.errors.append(FormError(field: "fte", message: "Enter the FTE, like 1.0 or 0.6")) }
        else if fte == nil { checks.errors.append(FormError(field: "fte", message: "FTE must be a number from 0.00 to 1.00, in hundredths, like 0.83")) }
        else if kind == .supply && fte != 0 { checks.errors.append(FormError(field: "fte", message: "Supply bank staff have an FTE of 0")); fte = nil }
        else if let k = kind, k != .supply, fte == 0 { checks.errors.append(FormError(field: "fte", message: "A \(k.label.lowercased())'s FTE must be more than 0; put staff without hours in the supply bank")); fte = nil }
        let qts = checks.yesNo(form.qts, field: "qts", missing: "Select whether they have qualified teacher status")
        let user = try await checks.user(form.userEmail, field: "userEmail", role: .metTeacher, roleName: "Medical Education teacher", authorityID: principal.authorityID, required: false, on: db)
        if let linked = user ?? nil, let linkedID = linked.id {
            var taken = StaffMember.query(on: db).filter(\.$authority.$id == principal.authorityID).filter(\.$userID == linkedID)
            if let id = member?.id { taken = taken.filter(\.$id != id) }
            if let other = try await taken.first() { checks.errors.append(FormError(field: "userEmail", message: "That account is already linked to \(other.name)")) }
        }
        let started = checks.date(form.startedOn, field: "startedOn", label: "they started", today: today, allowFuture: true)
        let ended = member == nil ? nil : checks.optionalDate(form.endedOn, field: "endedOn", label: "they leave", notBefore: started, notBeforeLabel: "they started", today: today)
        guard checks.errors.isEmpty, let kind, let fte, let qts, let user, let started else { return (nil, checks.errors) }
        return (Valid(name: name, kind: kind, fte: Double(fte) / 100, qts: qts, userID: user?.id, startedOn: started, endedOn: ended), [])
    }

    /// Staff are people: the audit names the fields changed, not their values.
    static func changedFields(_ m: StaffMember, _ v: Valid) -> [String] {
        var out: [String] = []
        if m.name != v.name { out.append("name") }
        if m.kind != v.kind.rawValue { out.append("kind") }
        if m.fte != v.fte { out.append("fte") }
        if m.qts != v.qts { out.append("qts") }
        if m.userID != v.userID { out.append("user") }
        if m.startedOn != v.startedOn { out.append("started_on") }
        if m.endedOn != v.endedOn { out.append("ended_on") }
        return out
    }

    static func apply(_ v: Valid, to m: StaffMember) {
        m.name = v.name; m.kind = v.kind.rawValue; m.fte = v.fte; m.qts = v.qts; m.userID = v.userID
        m.startedOn = v.startedOn; m.endedOn = v.endedOn
    }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        let notice: String? = switch req.query[String.self, at: "saved"] {
        case "added": "Member of staff added"; case "changed": "Member of staff saved"; case "ended": "End date recorded"; default: nil
        }
        return try await listPage(req, principal, notice: notice)
    }

    @Sendable func create(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(StaffForm.self)) ?? StaffForm()
        let (valid, errors) = try await validate(form, principal: principal, member: nil, on: req.db)
        guard let valid else { return try await listPage(req, principal, form: form, errors: errors, status: .unprocessableEntity) }
        let member = StaffMember(authorityID: principal.authorityID, name: valid.name, kind: valid.kind, fte: valid.fte, qts: valid.qts, userID: valid.userID)
        Self.apply(valid, to: member)
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await member.create(on: db)
            return ([AuditEntry(action: "met_staff.added", entityType: "met_staff", entityID: member.id?.uuidString, detail: "\(valid.kind.rawValue) fte \(valid.fte)")], ())
        }
        return req.redirect(to: SiteURL.adminMetStaff.path(["saved": "added"]))
    }

    @Sendable func edit(_ req: Request, _ principal: Principal) async throws -> Response {
        let member = try await member(req, principal)
        return try await editPage(req, principal, member: member, form: try await form(member, on: req.db))
    }

    @Sendable func update(_ req: Request, _ principal: Principal) async throws -> Response {
        let member = try await member(req, principal)
        let form = (try? req.content.decode(StaffForm.self)) ?? StaffForm()
        let (valid, errors) = try await validate(form, principal: principal, member: member, on: req.db)
        guard let valid else { return try await editPage(req, principal, member: member, form: form, errors: errors, status: .unprocessableEntity) }
        let changed = Self.changedFields(member, valid)
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            Self.apply(valid, to: member)
            try await member.save(on: db)
            return ([AuditEntry(action: "met_staff.changed", entityType: "met_staff", entityID: member.id?.uuidString,
                                detail: changed.isEmpty ? "no change" : "changed " + changed.joined(separator: ", "))], ())
        }
        return req.redirect(to: SiteURL.adminMetStaff.path(["saved": "changed"]))
    }

    @Sendable func end(_ req: Request, _ principal: Principal) async throws -> Response {
        let member = try await member(req, principal)
        let endForm = (try? req.content.decode(EndForm.self)) ?? EndForm()
        var checks = FormChecks()
        let ended = checks.date(endForm.lastDay, field: "lastDay", label: "they leave", notBefore: member.startedOn,
                                notBeforeLabel: "they started", today: CalendarDate.today(), allowFuture: true)
        guard checks.errors.isEmpty, let ended else {
            return try await editPage(req, principal, member: member, form: try await form(member, on: req.db), endForm: endForm, errors: checks.errors, status: .unprocessableEntity)
        }
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            member.endedOn = ended
            try await member.save(on: db)
            return ([AuditEntry(action: "met_staff.ended", entityType: "met_staff", entityID: member.id?.uuidString, detail: "ended_on \(ended)")], ())
        }
        return req.redirect(to: SiteURL.adminMetStaff.path(["saved": "ended"]))
    }
}
