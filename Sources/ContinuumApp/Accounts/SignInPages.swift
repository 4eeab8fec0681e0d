import GOVUK

enum SignInPages {
    static func signIn(chrome: Chrome, csrf: String, email: String, errors: [FormError], notice: String? = nil) -> HTMLPage {
        HTMLPage(title: "Sign in", chrome: chrome, errors: errors, banner: notice.map { notificationBanner(title: "Important", heading: $0, success: false) }, content: [
            gridRow([("two-thirds", [
                h1("Sign in"),
                postForm(action: SiteURL.signIn.path, csrfToken: csrf, [
                    textInput(Field(name: "email", label: "Email address", value: email, error: errors.message(for: "email"),
                                    type: "email", autocomplete: "email", spellcheck: false)),
                    textInput(Field(name: "password", label: "Password", error: errors.message(for: "password"),
                                    type: "password", autocomplete: "current-password")),
                    button("Sign in"),
                ]),
                p("If you have forgotten your password, ask your Continuum administrator to reset it."),
                p([txt("Parents and carers can "), link("ask for an EHC needs assessment without an account", href: SiteURL.ehcRequest.path), txt(".")]),
            ])]),
        ])
    }

    static func twoFactor(chrome: Chrome, csrf: String, errors: [FormError]) -> HTMLPage {
        HTMLPage(title: "Enter your security code", chrome: chrome, errors: errors, content: [
            gridRow([("two-thirds", [
                h1("Enter your security code"),
                p("Open your authenticator app and enter the 6-digit code it shows for Continuum. If you have lost your device, enter one of your recovery codes instead."),
                postForm(action: SiteURL.signInTwoFactor.path, csrfToken: csrf, [
                    textInput(Field(name: "code", label: "Security code or recovery code", error: errors.message(for: "code"),
                                    autocomplete: "one-time-code", widthClass: "govuk-input--width-10", inputMode: "text", spellcheck: false)),
                    button("Continue"),
                ]),
                postForm(action: SiteURL.signOut.path, csrfToken: csrf, [button("Cancel and sign out", secondary: true)]),
            ])]),
        ])
    }
}
