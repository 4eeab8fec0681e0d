import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Administrators manage accounts in their own authority. Disabling an account ends its sessions at once.
struct UsersController {
    let bcryptCost: Int

    /// Per-role input type: the form decodes into this, never into the model (no mass assignment).
    struct NewUserForm: Content { var email: String?; var displayName: String?; var role: String?; var schoolURN: String? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, "admin", "users", roles: Roles.administrators, use: list)
        routes.secure(.GET, "admin", "users", "new", roles: Roles.administrators, use: newForm)
        routes.secure(.POST, "admin", "users", roles: Roles.administrators, use: create)
        routes.secure(.GET, "admin", "users", ":userID", roles: Roles.administrators, use: show)
        routes.secure(.POST, "admin", "users", ":userID", "disable", roles: Roles.administrators, use: disable)
        routes.secure(.POST, "admin", "users", ":userID", "enable", roles: Roles.administrators, use: enable)
    }

    private func scopedUser(_ req: Request, _ principal: Principal) async throws -> User {
        guard let id = req.parameters.get("userID", as: UUID.self),
              let user = try await User.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID).with(\.$school).first()
        else { throw Abort(.notFound) }
        return user
    }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        let users = try await User.query(on: req.db).filter(\.$authority.$id == principal.authorityID).with(\.$school).sort(\.$email).all()
        let chrome = try await req.chrome(for: principal, current: "/admin/users")
        return .html(HTMLPage(title: "Users", chrome: chrome, content: [
            h1("Users and roles"),
            p([link("Add a user", href: "/admin/users/new")]),
            table(caption: "\(users.count) users", headers: ["Email address", "Name", "Role", "School", "Two-factor", "Status"], rows: users.map { u in
                [TableCell(link(u.email, href: "/admin/users/\(u.id?.uuidString ?? "")")), TableCell(text: u.displayName), TableCell(text: u.role.displayName),
                 TableCell(text: u.school?.name ?? "—"), TableCell(u.totpEnabled ? tag("On", .green) : tag("Off", .grey)),
                 TableCell(u.isDisabled ? tag("Disabled", .red) : tag("Active", .green))]
            }),
        ]))
    }

    private func formPage(_ req: Request, _ principal: Principal, form: NewUserForm, errors: [FormError]) async throws -> HTMLPage {
        let chrome = try await req.chrome(for: principal, current: "/admin/users")
        return HTMLPage(title: "Add a user", chrome: chrome, errors: errors, backLink: "/admin/users", content: [
            gridRow([("two-thirds", [
                h1("Add a user"),
                postForm(action: "/admin/users", csrfToken: principal.csrfToken, [
                    textInput(Field(name: "email", label: "Email address", value: form.email ?? "", error: errors.message(for: "email"), type: "email", autocomplete: "off", spellcheck: false)),
                    textInput(Field(name: "displayName", label: "Full name", value: form.displayName ?? "", error: errors.message(for: "displayName"), autocomplete: "off")),
                    radios(Field(name: "role", label: "Role", value: form.role ?? "", error: errors.message(for: "role")),
                           options: Role.allCases.map { Option($0.rawValue, $0.displayName) }),
                    textInput(Field(name: "schoolURN", label: "School URN (school users only)", value: form.schoolURN ?? "", hint: "The 6-digit unique reference number from Get Information about Schools",
                                    error: errors.message(for: "schoolURN"), widthClass: "govuk-input--width-10", inputMode: "numeric")),
                    button("Add user"),
                ]),
            ])]),
        ])
    }

    @Sendable func newForm(_ req: Request, _ principal: Principal) async throws -> Response {
        .html(try await formPage(req, principal, form: NewUserForm(), errors: []))
    }

    @Sendable func create(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(NewUserForm.self)) ?? NewUserForm()
        let result = try await UserCreation.validate(email: form.email, displayName: form.displayName, role: form.role, schoolURN: form.schoolURN, on: req.db)
        guard case .valid(let input) = result else {
            if case .invalid(let errors) = result {
                return .html(try await formPage(req, principal, form: form, errors: errors), status: .unprocessableEntity)
            }
            throw Abort(.internalServerError)
        }
        let password = UserCreation.temporaryPassword()
        let hash = try await req.password.async.hash(password)
        let user = User(authorityID: principal.authorityID, email: input.email, displayName: input.displayName, role: input.role, schoolID: input.schoolID, passwordHash: hash)
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await user.create(on: db)
            return ([AuditEntry(action: "user.created", entityType: "user", entityID: user.id?.uuidString, detail: "role=\(input.role.rawValue)")], ())
        }
        let chrome = try await req.chrome(for: principal, current: "/admin/users")
        return .html(HTMLPage(title: "User added", chrome: chrome, content: [
            panel(title: "User added", body: input.email),
            p("Give this temporary password to the person through a separate, secure channel. It is shown only once."),
            p([el("code", [.cls("app-code")], text: password)]),
            input.role.requiresTwoFactor ? p("They will set up two-factor authentication when they first sign in.") : .empty,
            p([link("Back to users", href: "/admin/users")]),
        ]))
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let user = try await scopedUser(req, principal)
        let userID = try user.requireID()
        let sessions = try await UserSession.query(on: req.db).filter(\.$user.$id == userID).filter(\.$endedAt == nil).count()
        let chrome = try await req.chrome(for: principal, current: "/admin/users")
        let action = user.isDisabled ? "enable" : "disable"
        return .html(HTMLPage(title: user.email, chrome: chrome, backLink: "/admin/users", content: [
            h1(user.displayName, caption: "User"),
            summaryList([
                SummaryRow("Email address", text: user.email),
                SummaryRow("Role", text: user.role.displayName),
                SummaryRow("School", text: user.school?.name ?? "—"),
                SummaryRow("Two-factor authentication", user.totpEnabled ? tag("On", .green) : tag("Off", .grey)),
                SummaryRow("Status", user.isDisabled ? tag("Disabled", .red) : tag("Active", .green)),
                SummaryRow("Open sessions", text: String(sessions)),
            ]),
            p([link("See this user's audit trail", href: "/admin/audit?user=\(user.email.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")]),
            userID == principal.userID ? p("You cannot disable your own account.") :
                postForm(action: "/admin/users/\(userID.uuidString)/\(action)", csrfToken: principal.csrfToken, [
                    button(user.isDisabled ? "Enable account" : "Disable account and end sessions", secondary: user.isDisabled, warning: !user.isDisabled),
                ]),
        ]))
    }

    @Sendable func disable(_ req: Request, _ principal: Principal) async throws -> Response {
        let user = try await scopedUser(req, principal)
        let userID = try user.requireID()
        guard userID != principal.userID else { throw Abort(.badRequest, reason: "You cannot disable your own account.") }
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            user.disabledAt = Date()
            user.version += 1
            try await user.save(on: db)
            try await UserSession.query(on: db).filter(\.$user.$id == userID).filter(\.$endedAt == nil).set(\.$endedAt, to: Date()).update()
            return ([AuditEntry(action: "user.disabled", entityType: "user", entityID: userID.uuidString)], ())
        }
        return req.redirect(to: "/admin/users/\(userID.uuidString)")
    }

    @Sendable func enable(_ req: Request, _ principal: Principal) async throws -> Response {
        let user = try await scopedUser(req, principal)
        let userID = try user.requireID()
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            user.disabledAt = nil
            user.version += 1
            try await user.save(on: db)
            return ([AuditEntry(action: "user.enabled", entityType: "user", entityID: userID.uuidString)], ())
        }
        return req.redirect(to: "/admin/users/\(userID.uuidString)")
    }
}

/// Shared by the admin page and `continuum user create`, so both apply the same rules.
enum UserCreation {
    struct Input: Sendable { let email: String; let displayName: String; let role: Role; let schoolID: UUID? }
    enum Result: Sendable { case valid(Input); case invalid([FormError]) }

    static func validate(email rawEmail: String?, displayName rawName: String?, role rawRole: String?, schoolURN rawURN: String?, on db: any Database) async throws -> Result {
        var errors: [FormError] = []
        let email = User.normalise(email: rawEmail ?? "")
        if email.isEmpty { errors.append(FormError(field: "email", message: "Enter an email address")) }
        else if !isPlausibleEmail(email) { errors.append(FormError(field: "email", message: "Enter an email address in the correct format, like name@example.org")) }
        else if try await User.query(on: db).filter(\.$email == email).count() > 0 { errors.append(FormError(field: "email", message: "A user with this email address already exists")) }
        let name = (rawName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { errors.append(FormError(field: "displayName", message: "Enter the person's full name")) }
        else if name.count > 100 { errors.append(FormError(field: "displayName", message: "Full name must be 100 characters or fewer")) }
        let role = rawRole.flatMap { Role(rawValue: $0) ?? Role(argument: $0) }
        if role == nil { errors.append(FormError(field: "role", message: "Select a role")) }
        var schoolID: UUID?
        let urnText = (rawURN ?? "").trimmingCharacters(in: .whitespaces)
        if role == .schoolUser {
            if urnText.isEmpty { errors.append(FormError(field: "schoolURN", message: "Enter the school's URN for a school user")) }
            else if let urn = Int(urnText), let school = try await Establishment.query(on: db).filter(\.$urn == urn).first() { schoolID = school.id }
            else { errors.append(FormError(field: "schoolURN", message: "There is no establishment with URN \(urnText)")) }
        } else if !urnText.isEmpty {
            errors.append(FormError(field: "schoolURN", message: "Only school users have a school; leave the URN empty"))
        }
        guard errors.isEmpty, let role else { return .invalid(errors) }
        return .valid(Input(email: email, displayName: name, role: role, schoolID: schoolID))
    }

    static func isPlausibleEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !email.contains(" ") && email.count <= 254
    }

    static func temporaryPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<18).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
