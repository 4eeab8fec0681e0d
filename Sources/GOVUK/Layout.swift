/// The page template: skip link, council header (no crown, no GDS Transport), navigation,
/// sign-out as a POST form, error summary first in `main`, and the footer.
public struct NavItem: Sendable {
    public let label: String
    public let href: String
    public let isCurrent: Bool
    public init(_ label: String, href: String, isCurrent: Bool = false) { self.label = label; self.href = href; self.isCurrent = isCurrent }
}

public struct SignedInUser: Sendable {
    public let displayName: String
    public let roleName: String
    public let csrfToken: String
    public init(displayName: String, roleName: String, csrfToken: String) {
        self.displayName = displayName; self.roleName = roleName; self.csrfToken = csrfToken
    }
}

/// The paths the layout links to. The app passes its own (from its route enum), so no path is spelled here.
public struct ChromeLinks: Sendable {
    public var home: String, signOut: String, appCSS: String, brandCSS: String, printCSS: String
    public init(home: String, signOut: String, appCSS: String, brandCSS: String, printCSS: String) {
        self.home = home; self.signOut = signOut; self.appCSS = appCSS; self.brandCSS = brandCSS; self.printCSS = printCSS
    }
}

public struct Chrome: Sendable {
    public let serviceName: String
    public let authorityName: String
    public let links: ChromeLinks
    public let navigation: [NavItem]
    public let user: SignedInUser?
    /// Set while the installation holds the demo authority: every page then says so (issue 12).
    public var demoBanner: Bool
    public init(serviceName: String = "Continuum", authorityName: String, links: ChromeLinks, navigation: [NavItem] = [], user: SignedInUser? = nil, demoBanner: Bool = false) {
        self.serviceName = serviceName; self.authorityName = authorityName; self.links = links; self.navigation = navigation; self.user = user
        self.demoBanner = demoBanner
    }
}

public struct Page {
    public var title: String
    public var chrome: Chrome
    public var errors: [FormError]
    public var backLink: String?
    public var banner: HTMLNode?
    public var content: [HTMLNode]
    public var printable: Bool

    public init(title: String, chrome: Chrome, errors: [FormError] = [], backLink: String? = nil,
                banner: HTMLNode? = nil, printable: Bool = false, content: [HTMLNode]) {
        self.title = title; self.chrome = chrome; self.errors = errors; self.backLink = backLink
        self.banner = banner; self.content = content; self.printable = printable
    }

    /// GOV.UK: prefix the title with "Error: " when the page shows validation errors.
    public var documentTitle: String {
        (errors.isEmpty ? "" : "Error: ") + "\(title) – \(chrome.serviceName) – \(chrome.authorityName)"
    }
}

public func renderPage(_ page: Page) -> String {
    let head = el("head", [], [
        void("meta", [Attr("charset", "utf-8")]),
        el("title", [], text: page.documentTitle),
        void("meta", [Attr("name", "viewport"), Attr("content", "width=device-width, initial-scale=1")]),
        void("link", [Attr("rel", "stylesheet"), Attr("href", page.chrome.links.appCSS)]),
        void("link", [Attr("rel", "stylesheet"), Attr("href", page.chrome.links.brandCSS)]),
        page.printable ? void("link", [Attr("rel", "stylesheet"), Attr("href", page.chrome.links.printCSS), Attr("media", "print")]) : .empty,
    ])
    let body = el("body", [.cls("govuk-template__body")], [
        el("a", [Attr("href", "#main-content"), .cls("govuk-skip-link")], text: "Skip to main content"),
        header(page.chrome),
        page.chrome.demoBanner ? demoBanner() : .empty,
        el("div", [.cls("govuk-width-container")], [
            page.backLink.map { el("a", [Attr("href", $0), .cls("govuk-back-link")], text: "Back") } ?? .empty,
            el("main", [.cls("govuk-main-wrapper"), .id("main-content")], [
                errorSummary(page.errors),
                page.banner ?? .empty,
            ] + page.content),
        ]),
        footer(page.chrome),
    ])
    return "<!DOCTYPE html>\n<html lang=\"en-GB\" class=\"govuk-template\">" + render(head) + render(body) + "</html>"
}

private func header(_ chrome: Chrome) -> HTMLNode {
    el("header", [.cls("app-header")], [
        el("div", [.cls("govuk-width-container app-header__container")], [
            el("div", [.cls("app-header__brand")], [
                el("a", [Attr("href", chrome.links.home), .cls("app-header__link")], [
                    el("span", [.cls("app-header__authority")], text: chrome.authorityName),
                    el("span", [.cls("app-header__service")], text: chrome.serviceName),
                ]),
            ]),
            chrome.user.map { user in
                el("div", [.cls("app-header__account")], [
                    el("span", [.cls("app-header__user")], text: "\(user.displayName) (\(user.roleName))"),
                    el("form", [Attr("method", "post"), Attr("action", chrome.links.signOut), .cls("app-header__sign-out")], [
                        hiddenInput(name: "_csrf", value: user.csrfToken),
                        el("button", [Attr("type", "submit"), .cls("app-header__button")], text: "Sign out"),
                    ]),
                ])
            } ?? .empty,
        ]),
        chrome.navigation.isEmpty ? .empty : el("nav", [Attr("aria-label", "Menu"), .cls("app-navigation")], [
            el("ul", [.cls("govuk-width-container app-navigation__list")], chrome.navigation.map { item in
                el("li", [.cls("app-navigation__item" + (item.isCurrent ? " app-navigation__item--active" : ""))], [
                    el("a", [.cls("app-navigation__link"), Attr("href", item.href), Attr("aria-current", item.isCurrent ? "page" : nil)], text: item.label),
                ])
            }),
        ]),
    ])
}

/// The GOV.UK phase banner's pattern, worded for demo data so nobody enters a real child's details.
private func demoBanner() -> HTMLNode {
    el("div", [.cls("govuk-width-container")], [
        el("div", [.cls("govuk-phase-banner app-demo-banner")], [
            el("p", [.cls("govuk-phase-banner__content")], [
                el("strong", [.cls("govuk-tag govuk-phase-banner__content__tag")], text: "Demo"),
                el("span", [.cls("govuk-phase-banner__text")], text: "Demo data – not for real children. The demo accounts' password is published."),
            ]),
        ]),
    ])
}

private func footer(_ chrome: Chrome) -> HTMLNode {
    el("footer", [.cls("govuk-footer")], [
        el("div", [.cls("govuk-width-container")], [
            el("p", [.cls("govuk-body-s")], text: "\(chrome.serviceName) is open-source software run by \(chrome.authorityName). Records here are about children: look only at what your work needs; every view is recorded."),
        ]),
    ])
}
