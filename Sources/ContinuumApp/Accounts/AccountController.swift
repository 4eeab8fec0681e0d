import Fluent
import Vapor
import GOVUK

/// A person's own account: details and two-factor set-up (forced for staff before anything else).
struct AccountController {
    struct CodeForm: Content { var code: String? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, "account", roles: Roles.all, use: show)
        routes.twoFactorStep(.GET, "account", "two-factor", allow: [.needsTwoFactorSetup, .full], use: showSetup)
        routes.twoFactorStep(.POST, "account", "two-factor", allow: [.needsTwoFactorSetup, .full], use: completeSetup)
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let user = try await User.find(principal.userID, on: req.db) else { throw Abort(.notFound) }
        let chrome = try await req.chrome(for: principal, current: "/account")
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
                link("Change your password", href: "/account/password"),
                link(user.totpEnabled ? "Set up two-factor authentication again" : "Set up two-factor authentication", href: "/account/two-factor"),
            ]),
        ]))
    }

    private func setupPage(_ req: Request, _ principal: Principal, secret: String, errors: [FormError]) async throws -> HTMLPage {
        let chrome: Chrome = principal.stage == .full ? try await req.chrome(for: principal, current: "/account") : await req.anonymousChrome()
        let brand = try await req.application.branding.brand(for: principal.authorityID, on: req.db)
        return HTMLPage(title: "Set up two-factor authentication", chrome: chrome, errors: errors, content: [
            gridRow([("two-thirds", [
                h1("Set up two-factor authentication"),
                p("Continuum holds records about children, so staff accounts need a second step at sign-in."),
                el("ol", [.cls("govuk-list govuk-list--number")], [
                    el("li", [], text: "Open an authenticator app on your phone and add an account by entering a setup key."),
                    el("li", [], [txt("Enter this key: "), el("code", [.cls("app-code")], text: secret)]),
                    el("li", [], text: "Enter the 6-digit code the app shows."),
                ]),
                details(summary: "Your app asks for a link instead", [el("code", [.cls("app-code")], text: TwoFactor.otpauthURI(secret: secret, email: principal.email, issuer: "Continuum \(brand.name)"))]),
                postForm(action: "/account/two-factor", csrfToken: principal.csrfToken, [
                    textInput(Field(name: "code", label: "Security code", error: errors.message(for: "code"), autocomplete: "one-time-code",
                                    widthClass: "govuk-input--width-10", inputMode: "numeric", spellcheck: false)),
                    button("Turn on two-factor authentication"),
                ]),
            ])]),
        ])
    }

    @Sendable func showSetup(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let user = try await User.find(principal.userID, on: req.db) else { throw Abort(.notFound) }
        // The pending secret is kept until it is confirmed, so reloading the page doesn't change the key,
        // and an existing authenticator keeps working until the new one is proven.
        let secret: String
        if let pending = user.pendingTOTPSecret {
            secret = pending
        } else {
            secret = TwoFactor.newSecret()
            user.pendingTOTPSecret = secret
            try await user.save(on: req.db)
        }
        return .html(try await setupPage(req, principal, secret: secret, errors: []))
    }

    @Sendable func completeSetup(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let user = try await User.find(principal.userID, on: req.db) else { throw Abort(.notFound) }
        let code = (try? req.content.decode(CodeForm.self))?.code ?? ""
        guard let secret = user.pendingTOTPSecret else { return req.redirect(to: "/account/two-factor") }
        guard TwoFactor.codeMatches(code, secret: secret) else {
            let message = code.isEmpty ? "Enter the 6-digit code from your authenticator app" : "The security code is not correct; check the key and try again"
            return .html(try await setupPage(req, principal, secret: secret, errors: [FormError(field: "code", message: message)]), status: .unprocessableEntity)
        }
        let userID = try user.requireID()
        let codes = try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            user.totpSecret = secret
            user.pendingTOTPSecret = nil
            user.totpEnabled = true
            user.version += 1
            try await user.save(on: db)
            try await UserSession.query(on: db).filter(\.$id == principal.sessionID).set(\.$twoFactorPassed, to: true).update()
            let codes = try await TwoFactor.newRecoveryCodes(for: userID, on: db)
            return ([AuditEntry(action: "two_factor.enabled", entityType: "user", entityID: userID.uuidString)], codes)
        }
        let signedIn = Principal(userID: principal.userID, email: principal.email, displayName: principal.displayName, role: principal.role,
                                 authorityID: principal.authorityID, schoolID: principal.schoolID, sessionID: principal.sessionID,
                                 csrfToken: principal.csrfToken, stage: .full, socketAddress: principal.socketAddress)
        let chrome = try await req.chrome(for: signedIn, current: "/account")
        return .html(HTMLPage(title: "Two-factor authentication is on", chrome: chrome, content: [
            panel(title: "Two-factor authentication is on", body: "You will be asked for a code each time you sign in."),
            h2("Your recovery codes"),
            p("Each code works once, if you lose your device. Keep them somewhere safe: they will not be shown again."),
            list(codes.map { el("code", [.cls("app-code")], text: $0) }),
            p([link("Continue to Continuum", href: "/")]),
        ]))
    }
}
