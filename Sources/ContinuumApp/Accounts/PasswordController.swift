import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Changing one's own password: the current one is checked, the new one must pass the policy,
/// and every other session of the account is ended.
struct PasswordController {
    struct ChangeForm: Content { var current: String?; var new: String?; var confirm: String? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .accountPassword, roles: Roles.all, use: show)
        routes.secure(.POST, .accountPassword, roles: Roles.all, use: change)
    }

    private func page(_ req: Request, _ principal: Principal, errors: [FormError]) async throws -> HTMLPage {
        HTMLPage(title: "Change your password", chrome: try await req.chrome(for: principal, current: .account), errors: errors, backLink: SiteURL.account.path, content: [
            gridRow([("two-thirds", [
                h1("Change your password"),
                postForm(action: SiteURL.accountPassword.path, csrfToken: principal.csrfToken, [
                    textInput(Field(name: "current", label: "Current password", error: errors.message(for: "current"), type: "password", autocomplete: "current-password")),
                    textInput(Field(name: "new", label: "New password", hint: "At least \(PasswordPolicy.minimumLength) characters. A few unrelated words make a strong password.",
                                    error: errors.message(for: "new"), type: "password", autocomplete: "new-password")),
                    textInput(Field(name: "confirm", label: "Confirm new password", error: errors.message(for: "confirm"), type: "password", autocomplete: "new-password")),
                    button("Change password"),
                ]),
            ])]),
        ])
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        .html(try await page(req, principal, errors: []))
    }

    @Sendable func change(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(ChangeForm.self)) ?? ChangeForm()
        guard let user = try await User.find(principal.userID, on: req.db) else { throw Abort(.notFound) }
        var errors: [FormError] = []
        let current = form.current ?? "", new = form.new ?? "", confirm = form.confirm ?? ""
        if current.isEmpty { errors.append(FormError(field: "current", message: "Enter your current password")) }
        else if !(try await req.password.async.verify(current, created: user.passwordHash)) {
            errors.append(FormError(field: "current", message: "Your current password is not correct"))
        }
        if new.isEmpty { errors.append(FormError(field: "new", message: "Enter a new password")) }
        else if let problem = PasswordPolicy.problems(new, email: user.email).first { errors.append(FormError(field: "new", message: problem)) }
        else if new == current { errors.append(FormError(field: "new", message: "New password must be different from your current password")) }
        if errors.isEmpty && new != confirm { errors.append(FormError(field: "confirm", message: "The passwords do not match")) }
        guard errors.isEmpty else { return .html(try await page(req, principal, errors: errors), status: .unprocessableEntity) }

        let hash = try await req.password.async.hash(new)
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            user.passwordHash = hash
            user.version += 1
            try await user.save(on: db)
            try await UserSession.query(on: db).filter(\.$user.$id == principal.userID).filter(\.$id != principal.sessionID)
                .filter(\.$endedAt == nil).set(\.$endedAt, to: Date()).update()
            return ([AuditEntry(action: "user.password_changed", entityType: "user", entityID: principal.userID.uuidString)], ())
        }
        return .html(HTMLPage(title: "Password changed", chrome: try await req.chrome(for: principal, current: .account), content: [
            panel(title: "Password changed", body: "Any other sessions on your account have been signed out."),
            p([link("Back to your account", href: SiteURL.account.path)]),
        ]))
    }
}
