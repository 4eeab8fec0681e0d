import Fluent
import SQLKit
import Vapor
import GOVUK

/// A person's own account: details and two-factor set-up (forced for staff before anything else).
struct AccountController {
    struct SetupForm: Content { var code: String?; var current: String? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .account, roles: Roles.all, use: show)
        routes.twoFactorStep(.GET, .accountTwoFactor, allow: [.needsTwoFactorSetup, .full], use: showSetup)
        routes.twoFactorStep(.POST, .accountTwoFactor, allow: [.needsTwoFactorSetup, .full], use: completeSetup)
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let user = try await User.find(principal.userID, on: req.db) else { throw Abort(.notFound) }
        let chrome = try await req.chrome(for: principal, current: .account)
        let twoFactorStatus: HTMLNode = user.totpEnabled ? tag("On", .green) : (user.twoFactorExempt ? tag("Off (demo account)", .grey) : tag("Off", .red))
        return .html(HTMLPage(title: "Your account", chrome: chrome, content: [
            h1("Your account"),
            summaryList([
                SummaryRow("Name", text: user.displayName),
                SummaryRow("Email address", text: user.email),
                SummaryRow("Role", text: principal.role.displayName),
                SummaryRow("Two-factor authentication", twoFactorStatus),
            ]),
            user.totpEnabled ? p("To replace your authenticator app or get new recovery codes, set up two-factor authentication again.") : .empty,
            list([
                link("Change your password", href: SiteURL.accountPassword.path),
                link(user.totpEnabled ? "Set up two-factor authentication again" : "Set up two-factor authentication", href: SiteURL.accountTwoFactor.path),
            ]),
        ]))
    }

    /// `replacing`: the account already has an authenticator, so the page also asks for proof (item 10).
    private func setupPage(_ req: Request, _ principal: Principal, secret: String, replacing: Bool, errors: [FormError]) async throws -> HTMLPage {
        let chrome: Chrome = principal.stage == .full ? try await req.chrome(for: principal, current: .account) : await req.anonymousChrome()
        let brand = try await req.application.branding.brand(for: principal.authorityID, on: req.db)
        return HTMLPage(title: "Set up two-factor authentication", chrome: chrome, errors: errors, content: [
            gridRow([("two-thirds", [
                h1("Set up two-factor authentication"),
                p("Continuum holds records about children, so staff accounts need a second step at sign-in."),
                replacing ? p("A new authenticator app replaces the one you use now. You get new recovery codes, and you are signed out on every other device.") : .empty,
                el("ol", [.cls("govuk-list govuk-list--number")], [
                    el("li", [], text: "Open an authenticator app on your phone and add an account by entering a setup key."),
                    el("li", [], [txt("Enter this key: "), el("code", [.cls("app-code")], text: secret)]),
                    el("li", [], text: "Enter the 6-digit code the app shows."),
                ]),
                details(summary: "Your app asks for a link instead", [el("code", [.cls("app-code")], text: TwoFactor.otpauthURI(secret: secret, email: principal.email, issuer: "Continuum \(brand.name)"))]),
                postForm(action: SiteURL.accountTwoFactor.path, csrfToken: principal.csrfToken, [
                    replacing ? textInput(Field(name: "current", label: "Your password or current security code",
                                                hint: "Your password, or the 6-digit code the authenticator app you use now shows",
                                                error: errors.message(for: "current"), type: "password", autocomplete: "current-password", spellcheck: false)) : .empty,
                    textInput(Field(name: "code", label: "Security code", error: errors.message(for: "code"), autocomplete: "one-time-code",
                                    widthClass: "govuk-input--width-10", inputMode: "numeric", spellcheck: false)),
                    button("Turn on two-factor authentication"),
                ]),
            ])]),
        ])
    }

    /// The key offered is derived, not stored (TOTPSecretBox.setupSecret): reloading shows the same key, an
    /// existing authenticator keeps working until the new one is proven, and this GET writes nothing.
    @Sendable func showSetup(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let user = try await User.find(principal.userID, on: req.db) else { throw Abort(.notFound) }
        let secret = req.application.totpSecretBox.setupSecret(userID: principal.userID, sessionID: principal.sessionID, version: user.version)
        return .html(try await setupPage(req, principal, secret: secret, replacing: user.totpEnabled, errors: []))
    }

    private enum Outcome: Sendable { case done([String]), stale, replayed }

    @Sendable func completeSetup(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let user = try await User.find(principal.userID, on: req.db) else { throw Abort(.notFound) }
        let box = req.application.totpSecretBox
        let form = (try? req.content.decode(SetupForm.self)) ?? SetupForm()
        let code = String((form.code ?? "").prefix(64)).trimmingCharacters(in: .whitespaces)
        let current = String((form.current ?? "").prefix(1024))
        let userID = try user.requireID()
        let version = user.version
        let secret = box.setupSecret(userID: userID, sessionID: principal.sessionID, version: version)
        let replacing = user.totpEnabled
        func page(_ errors: [FormError], status: HTTPResponseStatus = .unprocessableEntity) async throws -> Response {
            .html(try await setupPage(req, principal, secret: secret, replacing: replacing, errors: errors), status: status)
        }

        var proofStep: Int?
        if replacing {
            switch try await reauthenticate(req, principal, user: user, current: current) {
            case .proved(let step): proofStep = step
            case .refused(let errors, let status, let retryAfter):
                let response = try await page(errors, status: status)
                if let retryAfter { response.headers.replaceOrAdd(name: "Retry-After", value: retryAfter) }
                return response
            }
        }

        guard let newStep = TwoFactor.matchingSteps(code, secret: secret).first else {
            let message = code.isEmpty ? "Enter the 6-digit code from your authenticator app" : "The security code is not correct; check the key and try again"
            return try await page([FormError(field: "code", message: message)])
        }
        let sealed = try box.seal(secret, userID: userID)
        let outcome = try await turnOnAuthenticator(req, principal, userID: userID, version: version, sealed: sealed, newStep: newStep,
                                                    proofStep: proofStep, replacing: replacing)
        let codes: [String]
        switch outcome {
        case .done(let made): codes = made
        case .stale: return req.redirect(to: SiteURL.accountTwoFactor.path)
        case .replayed: return try await page([FormError(field: "current", message: "That security code has already been used. Wait for the next one, or enter your password")])
        }
        return try await recoveryCodesPage(req, principal, codes: codes)
    }

    private enum Reauthentication { case proved(step: Int?), refused([FormError], HTTPResponseStatus, retryAfter: String?) }

    /// Issue 13 item 10: a signed-in session alone must not swap the second factor (someone at an unlocked
    /// screen could take the account over for good): the password or a code from the current app is needed.
    /// A code used here is spent like any other; guesses count towards the sign-in throttle.
    /// `proved` carries the current app's step when a code was the proof, to be claimed with the change.
    private func reauthenticate(_ req: Request, _ principal: Principal, user: User, current: String) async throws -> Reauthentication {
        let box = req.application.totpSecretBox
        let userID = try user.requireID()
        var proofStep: Int?
        if current.isEmpty {
            return .refused([FormError(field: "current", message: "Enter your password or a security code from the authenticator app you use now")], .unprocessableEntity, retryAfter: nil)
        }
        let throttle = SignInThrottle(db: req.db)
        let decision = try await throttle.begin(emailKey: user.email, socketAddress: req.socketAddress)
        guard case .allowed(let attempt) = decision else {
            return .refused([FormError(field: "current", message: decision.message ?? "")], .tooManyRequests, retryAfter: String(decision.retryAfter))
        }
        var proved = false
        if let oldSecret = try await box.secret(of: user, on: req.db),
           let step = TwoFactor.matchingSteps(current, secret: oldSecret).first(where: { $0 > (user.totpLastStep ?? Int.min) }) {
            proofStep = step
            proved = true
        } else if !PendingPassword.isPending(user.passwordHash) {
            proved = try await req.password.async.verify(current, created: user.passwordHash)
        }
        guard proved else {
            try await AuditLog.record(AuditEntry(action: "two_factor.reauth_failed", entityType: "user", entityID: userID.uuidString,
                                                 detail: "replacing the authenticator"), by: principal.auditActor, on: req.db)
            return .refused([FormError(field: "current", message: "Your password or security code is not correct")], .unprocessableEntity, retryAfter: nil)
        }
        try await throttle.succeeded(attempt)
        return .proved(step: proofStep)
    }

    /// Turns the new key on in one audited transaction: claims the proving code, swaps the key if the
    /// account's version is unchanged, ends the account's other sessions and makes the recovery codes.
    private func turnOnAuthenticator(_ req: Request, _ principal: Principal, userID: UUID, version: Int, sealed: String, newStep: Int,
                                     proofStep: Int?, replacing: Bool) async throws -> Outcome {
        let sessionID = principal.sessionID
        let proof = proofStep
        return try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db -> ([AuditEntry], Outcome) in
            guard let sql = db as? any SQLDatabase else { return ([], .stale) }
            if let proof, !(try await TwoFactor.claim(step: proof, userID: userID, on: db)) { return ([], .replayed) }
            // One conditional update on the version: of two submissions racing, only one turns the key on. The
            // new code's step is recorded as used, so it can't sign in a second time.
            let changed = try await sql.update(User.schema)
                .set("totp_secret", to: sealed)
                .set(SQLIdentifier("pending_totp_secret"), to: SQLLiteral.null)
                .set("totp_enabled", to: true)
                .set("totp_last_step", to: newStep)
                .set("version", to: version + 1)
                .where("id", .equal, userID).where("version", .equal, version)
                .returning("id").all()
            guard changed.count == 1 else { return ([], .stale) }
            // Whoever held another session on this account (perhaps the reason for the new key) is out.
            let others = try await UserSession.query(on: db).filter(\.$user.$id == userID).filter(\.$id != sessionID).filter(\.$endedAt == nil).count()
            try await UserSession.query(on: db).filter(\.$user.$id == userID).filter(\.$id != sessionID).filter(\.$endedAt == nil)
                .set(\.$endedAt, to: Date()).update()
            try await UserSession.query(on: db).filter(\.$id == sessionID).set(\.$twoFactorPassed, to: true).update()
            let codes = try await TwoFactor.newRecoveryCodes(for: userID, on: db)
            let detail = (replacing ? "replaced the authenticator; " : "") + "\(others) other session\(others == 1 ? "" : "s") ended"
            return ([AuditEntry(action: "two_factor.enabled", entityType: "user", entityID: userID.uuidString, detail: detail)], .done(codes))
        }
    }

    /// The recovery codes, shown once, on a page with the chrome of the now fully signed-in session.
    private func recoveryCodesPage(_ req: Request, _ principal: Principal, codes: [String]) async throws -> Response {
        let signedIn = Principal(userID: principal.userID, email: principal.email, displayName: principal.displayName, role: principal.role,
                                 authorityID: principal.authorityID, schoolID: principal.schoolID, sessionID: principal.sessionID,
                                 csrfToken: principal.csrfToken, stage: .full, socketAddress: principal.socketAddress)
        let chrome = try await req.chrome(for: signedIn, current: .account)
        return .html(HTMLPage(title: "Two-factor authentication is on", chrome: chrome, content: [
            panel(title: "Two-factor authentication is on", body: "You will be asked for a code each time you sign in."),
            h2("Your recovery codes"),
            p("Each code works once, if you lose your device. Keep them somewhere safe: they will not be shown again."),
            list(codes.map { el("code", [.cls("app-code")], text: $0) }),
            p([link("Continue to Continuum", href: SiteURL.home.path)]),
        ]))
    }
}
