public struct SummaryRow {
    public let key: String
    public let value: HTMLNode
    public let action: (href: String, label: String)?
    public init(_ key: String, _ value: HTMLNode, action: (href: String, label: String)? = nil) {
        self.key = key; self.value = value; self.action = action
    }
    public init(_ key: String, text: String) { self.init(key, txt(text)) }
}

public func summaryList(_ rows: [SummaryRow]) -> HTMLNode {
    el("dl", [.cls("govuk-summary-list")], rows.map { row in
        el("div", [.cls("govuk-summary-list__row")], [
            el("dt", [.cls("govuk-summary-list__key")], text: row.key),
            el("dd", [.cls("govuk-summary-list__value")], [row.value]),
            row.action.map { action in
                el("dd", [.cls("govuk-summary-list__actions")], [
                    el("a", [.cls("govuk-link"), Attr("href", action.href)], [
                        txt(action.label), el("span", [.cls("govuk-visually-hidden")], text: " " + row.key.lowercased()),
                    ]),
                ])
            } ?? .empty,
        ])
    })
}
