import Fluent
import SQLKit
import Vapor
import GOVUK
import ContinuumDomain

/// The one-time set-up link (issue 12 item 2): a new person chooses a password, is signed in, and staff
/// go straight on to two-factor set-up. A used or expired link says so and names who can send another.
struct AccountSetupController {
    let config: AppConfiguration

    struct SetupForm: Content { var password: String?; var confirm: String? }

    func register(_ routes: any RoutesBuilder) {
        routes.publicRoute(.GET, .accountSetup(token: .key), use: show)
        routes.publicRoute(.POST, .accountSetup(token: .key), use: complete)
    }

    /// The link's row and its person, whatever its state; nil for a token that was never issued.
    private func lookup(_ req: Request) async throws -> (AccountSetupToken, User)? {
        guard let token = req.parameters.get("token"), token.count >= 20, token.count <= 100 else { return nil }
        guard let row = try await AccountSetupToken.query(on: req.db).filter(\.$tokenHash == SessionToken.hash(token)).with(\.$user).first() else { return nil }
        return (row, row.user)
    }

    private func csrf(_ req: Request) -> (token: String, isNew: Bool) {
        // Someone already signed in (or half-way through two-factor) in this browser: CSRFCheck expects their session's token.
        if let principal = req.principal { return (principal.csrfToken, false) }
        if let existing = req.cookies[SessionToken.preAuthCSRFCookie(secure: req.application.continuumConfiguration.secureCookies)]?.string, existing.count >= 32 { return (existing, false) }
        return (SessionToken.random(), true)
    }

    private func unusable(_ req: Request, _ state: AccountSetupToken.State?) async -> Response {
        let heading: String, body: String
        switch state {
        case .used?: heading = "This set-up link has already been used"; body = "Each link works once. If you chose a password with it, sign in. If not, ask your Continuum administrator for a new link."
        case .expired?: heading = "This set-up link has expired"; body = "Set-up links work for 72 hours. Ask your Continuum administrator to send you a new one."
        default: heading = "This set-up link is not valid"; body = "Check that you copied the whole link from the email. If it still does not work, ask your Continuum administrator for a new one."
        }
        let page = HTMLPage(title: heading, chrome: await req.anonymousChrome(), content: [
            gridRow([("two-thirds", [h1(heading), p(body), p([link("Go to sign in", href: SiteURL.signIn.path)])])]),
        ])
        return .html(page, status: state == nil ? .notFound : .gone)
    }

    private func form(_ req: Request, user: User, errors: [FormError], status: HTTPStatus = .ok) async -> Response {
        let token = csrf(req)
        let staff = user.role.requiresTwoFactor && config.enforceTwoFactor
        let page = HTMLPage(title: "Set up your account", chrome: await req.anonymousChrome(), errors: errors, content: [
            gridRow([("two-thirds", [
                h1("Set up your account", caption: user.role.displayName),
                p("You are setting up the Continuum account for \(user.email)."),
                staff ? p("Next you will set up two-factor authentication with an authenticator app on your phone, because Continuum holds records about children.") : .empty,
                postForm(action: req.url.path, csrfToken: token.token, [
                    textInput(Field(name: "password", label: "Choose a password", hint: "At least \(PasswordPolicy.minimumLength) characters. A few unrelated words make a strong password.",
                                    error: errors.message(for: "password"), type: "password", autocomplete: "new-password")),
                    textInput(Field(name: "confirm", label: "Confirm your password", error: errors.message(for: "confirm"), type: "password", autocomplete: "new-password")),
                    button("Set password and continue"),
                ]),
            ])]),
        ])
        let response = Response.html(page, status: status)
        if token.isNew { response.cookies[SessionToken.preAuthCSRFCookie(secure: req.application.continuumConfiguration.secureCookies)] = SessionToken.cookie(token.token, secure: config.secureCookies, maxAge: nil) }
        return response
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        guard let (row, user) = try await lookup(req) else { return await unusable(req, nil) }
        let state = row.state(at: Date())
        guard state == .usable, !user.isDisabled else { return await unusable(req, user.isDisabled ? .expired : state) }
        return await form(req, user: user, errors: [])
    }

    @Sendable func complete(_ req: Request) async throws -> Response {
        guard let (row, user) = try await lookup(req) else { return await unusable(req, nil) }
        let now = Date()
        guard row.state(at: now) == .usable, !user.isDisabled else { return await unusable(req, user.isDisabled ? .expired : row.state(at: now)) }
        let input = (try? req.content.decode(SetupForm.self)) ?? SetupForm()
        let password = input.password ?? "", confirm = input.confirm ?? ""
        var errors: [FormError] = []
        if password.isEmpty { errors.append(FormError(field: "password", message: "Enter a password")) }
        else if let problem = PasswordPolicy.problems(password, email: user.email).first { errors.append(FormError(field: "password", message: problem)) }
        else if password != confirm { errors.append(FormError(field: "confirm", message: "The passwords do not match")) }
        guard errors.isEmpty else { return await form(req, user: user, errors: errors, status: .unprocessableEntity) }

        let hash = try await req.password.async.hash(password)
        let userID = try user.requireID()
        let sessionToken = SessionToken.random()
        let needsTwoFactor = user.role.requiresTwoFactor && config.enforceTwoFactor && !user.twoFactorExempt
        let actor = AuditActor(userID: userID, name: user.email, role: user.roleRaw, socketAddress: req.socketAddress)
        let claimed = try await AuditLog.transaction(on: req.db, actor: actor) { db in
            // Claim the link with one conditional update: of two submissions racing, only the one whose update
            // changed the row goes on (a read then a write would let both through under READ COMMITTED).
            guard let sql = db as? any SQLDatabase else { return ([], false) }
            let claimed = try await sql.update(AccountSetupToken.schema).set("used_at", to: now)
                .where("id", .equal, try row.requireID()).where("used_at", .is, SQLLiteral.null).where("expires_at", .greaterThan, now)
                .returning("id").all()
            guard claimed.count == 1 else { return ([], false) }
            // The invitation's text held this link: it is spent now, so it is not kept in the outbox either.
            try await OutboxMessage.query(on: db).filter(\.$to == user.email).filter(\.$subject == UserInvitation.subject)
                .set(\.$body, to: UserInvitation.spentBody).update()
            user.passwordHash = hash
            user.version += 1
            try await user.save(on: db)
            try await UserSession(tokenHash: SessionToken.hash(sessionToken), userID: userID, now: now, twoFactorPassed: !needsTwoFactor,
                                  csrfToken: SessionToken.random(), socketAddress: req.socketAddress).create(on: db)
            return ([AuditEntry(action: "user.setup_completed", entityType: "user", entityID: userID.uuidString),
                     AuditEntry(action: "sign_in.succeeded", entityType: "user", entityID: userID.uuidString, detail: "through a set-up link")], true)
        }
        guard claimed else { return await unusable(req, .used) }
        let response = req.redirect(to: needsTwoFactor ? SiteURL.accountTwoFactor.path : SiteURL.home.path)
        response.cookies[SessionToken.cookieName(secure: config.secureCookies)] = SessionToken.sessionCookie(sessionToken, secure: config.secureCookies)
        response.cookies[SessionToken.preAuthCSRFCookie(secure: req.application.continuumConfiguration.secureCookies)] = SessionToken.cookie("", secure: config.secureCookies, maxAge: 0)
        return response
    }
}
