/// Previous/next pagination with the current page in words, so it reads well to screen readers.
public struct PageLinks: Sendable {
    public let page: Int
    public let pageCount: Int
    public let hrefForPage: @Sendable (Int) -> String
    public init(page: Int, pageCount: Int, hrefForPage: @escaping @Sendable (Int) -> String) {
        self.page = page; self.pageCount = pageCount; self.hrefForPage = hrefForPage
    }
}

public func pagination(_ links: PageLinks) -> HTMLNode {
    guard links.pageCount > 1 else { return .empty }
    var items: [HTMLNode] = []
    if links.page > 1 {
        items.append(el("div", [.cls("govuk-pagination__prev")], [
            el("a", [.cls("govuk-link govuk-pagination__link"), Attr("href", links.hrefForPage(links.page - 1)), Attr("rel", "prev")], text: "Previous page"),
        ]))
    }
    items.append(el("p", [.cls("govuk-body govuk-pagination__status")], text: "Page \(links.page) of \(links.pageCount)"))
    if links.page < links.pageCount {
        items.append(el("div", [.cls("govuk-pagination__next")], [
            el("a", [.cls("govuk-link govuk-pagination__link"), Attr("href", links.hrefForPage(links.page + 1)), Attr("rel", "next")], text: "Next page"),
        ]))
    }
    return el("nav", [.cls("govuk-pagination"), Attr("aria-label", "Pagination")], items)
}
