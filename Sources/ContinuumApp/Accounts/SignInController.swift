import Fluent
import Vapor
import GOVUK
import ContinuumDomain

struct SignInController {
    let config: AppConfiguration
    /// Verified against when the email is unknown, so both failures take the same time.
    let dummyHash: DummyPasswordHash

    struct SignInForm: Content { var email: String?; var password: String? }
    struct CodeForm: Content { var code: String? }

    func register(_ routes: any RoutesBuilder) {
        routes.publicRoute(.GET, .signIn, use: showSignIn)
        routes.publicRoute(.POST, .signIn, use: signIn)
        routes.twoFactorStep(.GET, .signInTwoFactor, allow: [.needsTwoFactorCode], use: showTwoFactor)
        routes.twoFactorStep(.POST, .signInTwoFactor, allow: [.needsTwoFactorCode], use: checkTwoFactor)
        routes.twoFactorStep(.POST, .signOut, allow: [.full, .needsTwoFactorCode, .needsTwoFactorSetup], use: signOut)
    }

    private func preAuthCSRF(_ req: Request) -> (token: String, isNew: Bool) {
        if let existing = req.cookies[SessionToken.preAuthCSRFCookie(secure: req.application.continuumConfiguration.secureCookies)]?.string, existing.count >= 32 { return (existing, false) }
        return (SessionToken.random(), true)
    }

    private func signInPage(_ req: Request, email: String = "", errors: [FormError] = [], status: HTTPResponseStatus = .ok, notice: String? = nil) async -> Response {
        let csrf = preAuthCSRF(req)
        let page = SignInPages.signIn(chrome: await req.anonymousChrome(), csrf: csrf.token, email: email, errors: errors, notice: notice)
        let response = Response.html(page, status: status)
        if csrf.isNew { response.cookies[SessionToken.preAuthCSRFCookie(secure: req.application.continuumConfiguration.secureCookies)] = SessionToken.cookie(csrf.token, secure: config.secureCookies, maxAge: nil) }
        return response
    }

    @Sendable func showSignIn(_ req: Request) async throws -> Response {
        if let principal = req.principal, principal.stage == .full { return req.redirect(to: SiteURL.home.path) }
        let notice = (try? req.query.get(String.self, at: "signed-out")) != nil ? "You have signed out." : nil
        return await signInPage(req, notice: notice)
    }

    @Sendable func signIn(_ req: Request) async throws -> Response {
        let form = (try? req.content.decode(SignInForm.self)) ?? SignInForm()
        let email = User.normalise(email: form.email ?? "")
        let password = form.password ?? ""
        var errors: [FormError] = []
        if email.isEmpty { errors.append(FormError(field: "email", message: "Enter your email address")) }
        if password.isEmpty { errors.append(FormError(field: "password", message: "Enter your password")) }
        if !errors.isEmpty { return await signInPage(req, email: email, errors: errors, status: .unprocessableEntity) }

        // Recorded before it is judged, so parallel guesses can't all slip under the limit (issue 13 item 7).
        let throttle = SignInThrottle(db: req.db)
        let decision = try await throttle.begin(emailKey: email, socketAddress: req.socketAddress)
        guard case .allowed(let attempt) = decision else {
            let detail = decision == .accountLocked ? "too many failed attempts" : "too many failed attempts from this address"
            try await AuditLog.record(AuditEntry(action: "sign_in.locked", entityType: "user", entityID: nil, detail: detail),
                                      by: .anonymous(req, attemptedEmail: email), on: req.db)
            let response = await signInPage(req, email: email, errors: [FormError(field: "email", message: decision.message ?? "")], status: .tooManyRequests)
            response.headers.replaceOrAdd(name: "Retry-After", value: String(decision.retryAfter))
            return response
        }

        let user = try await User.query(on: req.db).filter(\.$email == email).first()
        // An account still waiting for its set-up link has no password: verify against the dummy hash so it
        // fails in the same time as any wrong password.
        let storedHash = user.map { PendingPassword.isPending($0.passwordHash) ? nil : $0.passwordHash } ?? nil
        let verified = try await req.password.async.verify(password, created: storedHash ?? dummyHash.value) && storedHash != nil
        guard let user, verified, !user.isDisabled else {
            // The attempt's row already counts as a failure.
            try await AuditLog.record(AuditEntry(action: "sign_in.failed", entityType: "user", entityID: user?.id?.uuidString),
                                      by: .anonymous(req, attemptedEmail: email), on: req.db)
            return await signInPage(req, email: email, errors: [FormError(field: "email", message: "Enter a correct email address and password")], status: .unprocessableEntity)
        }

        let needsCode = user.totpEnabled
        let needsSetup = !user.totpEnabled && config.enforceTwoFactor && user.role.requiresTwoFactor && !user.twoFactorExempt
        let token = SessionToken.random()
        let userID = try user.requireID()
        let actor = AuditActor(userID: userID, name: user.email, role: user.roleRaw, socketAddress: req.socketAddress)
        let cookieName = SessionToken.cookieName(secure: config.secureCookies)
        let oldToken = req.cookies[cookieName]?.string
        try await AuditLog.transaction(on: req.db, actor: actor) { db in
            try await SignInThrottle.markSucceeded(attempt, on: db)
            // Rotation: whatever session the browser held before is ended; only the new token works.
            if let oldToken {
                try await UserSession.query(on: db).filter(\.$tokenHash == SessionToken.hash(oldToken)).set(\.$endedAt, to: Date()).update()
            }
            try await UserSession(tokenHash: SessionToken.hash(token), userID: userID, now: Date(), twoFactorPassed: !(needsCode || needsSetup),
                                  csrfToken: SessionToken.random(), socketAddress: req.socketAddress).create(on: db)
            return ([AuditEntry(action: "sign_in.succeeded", entityType: "user", entityID: userID.uuidString)], ())
        }
        let destination: SiteURL = needsCode ? .signInTwoFactor : needsSetup ? .accountTwoFactor : .home
        let response = req.redirect(to: destination.path)
        response.cookies[cookieName] = SessionToken.sessionCookie(token, secure: config.secureCookies)
        response.cookies[SessionToken.preAuthCSRFCookie(secure: req.application.continuumConfiguration.secureCookies)] = SessionToken.cookie("", secure: config.secureCookies, maxAge: 0)
        return response
    }

    @Sendable func showTwoFactor(_ req: Request, _ principal: Principal) async throws -> Response {
        .html(SignInPages.twoFactor(chrome: await req.anonymousChrome(), csrf: principal.csrfToken, errors: []))
    }

    @Sendable func checkTwoFactor(_ req: Request, _ principal: Principal) async throws -> Response {
        let code = ((try? req.content.decode(CodeForm.self))?.code ?? "").trimmingCharacters(in: .whitespaces)
        func fail(_ message: String, status: HTTPResponseStatus = .unprocessableEntity) async -> Response {
            .html(SignInPages.twoFactor(chrome: await req.anonymousChrome(), csrf: principal.csrfToken, errors: [FormError(field: "code", message: message)]), status: status)
        }
        guard !code.isEmpty else { return await fail("Enter the security code from your authenticator app") }
        let throttle = SignInThrottle(db: req.db)
        let decision = try await throttle.begin(emailKey: principal.email, socketAddress: req.socketAddress)
        guard case .allowed(let attempt) = decision else {
            let response = await fail(decision.message ?? "", status: .tooManyRequests)
            response.headers.replaceOrAdd(name: "Retry-After", value: String(decision.retryAfter))
            return response
        }
        let box = req.application.totpSecretBox
        let token = SessionToken.random()
        // One transaction: the code is spent (a conditional update, so two requests racing with one code can't
        // both pass), the attempt stops counting as a failure, and the session moves on, or the failure is audited.
        let accepted = try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db -> ([AuditEntry], Bool) in
            guard let user = try await User.find(principal.userID, on: db) else { return ([], false) }
            guard try await TwoFactor.accept(code: code, for: user, box: box, on: db) else {
                return ([AuditEntry(action: "two_factor.failed", entityType: "user", entityID: principal.userID.uuidString)], false)
            }
            try await SignInThrottle.markSucceeded(attempt, on: db)
            // A fresh token once the second factor is passed, so a token seen before it is worth nothing.
            try await UserSession.query(on: db).filter(\.$id == principal.sessionID)
                .set(\.$twoFactorPassed, to: true).set(\.$tokenHash, to: SessionToken.hash(token)).update()
            return ([AuditEntry(action: "two_factor.passed", entityType: "user", entityID: principal.userID.uuidString)], true)
        }
        guard accepted else { return await fail("The security code is not correct or has expired") }
        let response = req.redirect(to: SiteURL.home.path)
        response.cookies[SessionToken.cookieName(secure: config.secureCookies)] = SessionToken.sessionCookie(token, secure: config.secureCookies)
        return response
    }

    @Sendable func signOut(_ req: Request, _ principal: Principal) async throws -> Response {
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await UserSession.query(on: db).filter(\.$id == principal.sessionID).set(\.$endedAt, to: Date()).update()
            return ([AuditEntry(action: "sign_out", entityType: "user", entityID: principal.userID.uuidString)], ())
        }
        let response = req.redirect(to: SiteURL.signIn.path(["signed-out": "1"]))
        response.cookies[SessionToken.cookieName(secure: config.secureCookies)] = SessionToken.cookie("", secure: config.secureCookies, maxAge: 0)
        return response
    }
}
