/// GOV.UK error summary: focusable, titled "There is a problem", each message a link to its field.
public func errorSummary(_ errors: [FormError]) -> HTMLNode {
    guard !errors.isEmpty else { return .empty }
    return el("div", [.cls("govuk-error-summary"), Attr("data-module", "govuk-error-summary"), Attr("tabindex", "-1"), Attr("role", "alert"), Attr("aria-labelledby", "error-summary-title")], [
        el("h2", [.cls("govuk-error-summary__title"), .id("error-summary-title")], text: "There is a problem"),
        el("div", [.cls("govuk-error-summary__body")], [
            el("ul", [.cls("govuk-list govuk-error-summary__list")], errors.map { error in
                el("li", [], [el("a", [Attr("href", "#\(error.field)")], text: error.message)])
            }),
        ]),
    ])
}
