public func h1(_ text: String, caption: String? = nil) -> HTMLNode {
    group([
        caption.map { el("span", [.cls("govuk-caption-l")], text: $0) } ?? .empty,
        el("h1", [.cls("govuk-heading-l")], text: text),
    ])
}

public func h2(_ text: String, size: String = "m", id: String? = nil) -> HTMLNode {
    el("h2", [.cls("govuk-heading-\(size)"), .id(id)], text: text)
}

public func p(_ text: String, lead: Bool = false) -> HTMLNode {
    el("p", [.cls(lead ? "govuk-body-l" : "govuk-body")], text: text)
}

public func p(_ children: [HTMLNode]) -> HTMLNode { el("p", [.cls("govuk-body")], children) }

public func link(_ text: String, href: String, visuallyHiddenSuffix: String? = nil) -> HTMLNode {
    el("a", [.cls("govuk-link"), Attr("href", href)], [
        txt(text),
        visuallyHiddenSuffix.map { el("span", [.cls("govuk-visually-hidden")], text: " " + $0) } ?? .empty,
    ])
}

public func list(_ items: [HTMLNode], bullet: Bool = false) -> HTMLNode {
    el("ul", [.cls(bullet ? "govuk-list govuk-list--bullet" : "govuk-list")], items.map { el("li", [], [$0]) })
}

public func insetText(_ text: String) -> HTMLNode { el("div", [.cls("govuk-inset-text")], text: text) }

public func warningText(_ text: String) -> HTMLNode {
    el("div", [.cls("govuk-warning-text")], [
        el("span", [.cls("govuk-warning-text__icon"), Attr("aria-hidden", "true")], text: "!"),
        el("strong", [.cls("govuk-warning-text__text")], [
            el("span", [.cls("govuk-visually-hidden")], text: "Warning"), txt(" " + text),
        ]),
    ])
}

public func notificationBanner(title: String = "Success", heading: String, success: Bool = true) -> HTMLNode {
    el("div", [.cls("govuk-notification-banner" + (success ? " govuk-notification-banner--success" : "")),
               Attr("role", success ? "alert" : "region"), Attr("aria-labelledby", "govuk-notification-banner-title")], [
        el("div", [.cls("govuk-notification-banner__header")], [
            el("h2", [.cls("govuk-notification-banner__title"), .id("govuk-notification-banner-title")], text: title),
        ]),
        el("div", [.cls("govuk-notification-banner__content")], [
            el("p", [.cls("govuk-notification-banner__heading")], text: heading),
        ]),
    ])
}

public func panel(title: String, body: String) -> HTMLNode {
    el("div", [.cls("govuk-panel govuk-panel--confirmation")], [
        el("h1", [.cls("govuk-panel__title")], text: title),
        el("div", [.cls("govuk-panel__body")], text: body),
    ])
}

public func details(summary: String, _ content: [HTMLNode]) -> HTMLNode {
    el("details", [.cls("govuk-details")], [
        el("summary", [.cls("govuk-details__summary")], [el("span", [.cls("govuk-details__summary-text")], text: summary)]),
        el("div", [.cls("govuk-details__text")], content),
    ])
}

public func gridRow(_ columns: [(width: String, content: [HTMLNode])]) -> HTMLNode {
    el("div", [.cls("govuk-grid-row")], columns.map { column in
        el("div", [.cls("govuk-grid-column-\(column.width)")], column.content)
    })
}
