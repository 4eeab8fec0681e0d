import Foundation
import GOVUK
import ContinuumDomain

/// What a role's home page holds (issue 12 item 6): headline figures, then lists of things that need
/// the person today. Built by one loader per role in a fixed number of queries; rendered here.
struct HomeView {
    struct Figure { let label: String; let value: String; var href: SiteURL? = nil }
    struct Item {
        let title: String
        let href: SiteURL?
        let detail: String
        let when: String
        let status: (text: String, colour: TagColour)
        /// The child the item names, if any: the page's audit row lists them (ListAudit).
        var childID: UUID? = nil
    }
    struct Section {
        let heading: String
        let caption: String
        let empty: String
        var items: [Item]
        var more: (count: Int, href: SiteURL)? = nil
    }

    var lead: String
    var figures: [Figure] = []
    var sections: [Section] = []
    var notes: [HTMLNode] = []

    func render() -> [HTMLNode] {
        var nodes: [HTMLNode] = [p(lead, lead: true)]
        if !figures.isEmpty {
            nodes.append(el("ul", [.cls("app-card-grid"), Attr("aria-label", "Headline figures")], figures.map { figure in
                el("li", [.cls("app-card")], [
                    el("span", [.cls("app-card__value")], text: figure.value),
                    figure.href.map { el("a", [.cls("app-card__label govuk-link"), Attr("href", $0.path)], text: figure.label) } ?? el("span", [.cls("app-card__label")], text: figure.label),
                ])
            }))
        }
        for section in sections { nodes += Self.nodes(for: section) }
        return nodes + notes
    }

    /// One section: its heading, then its table or the words for an empty list. Other pages show a home section too
    /// (the EHC backlog shows the NEET plan holders).
    static func nodes(for section: Section) -> [HTMLNode] {
        var nodes: [HTMLNode] = [h2(section.heading)]
        if section.items.isEmpty { return nodes + [p(section.empty)] }
        nodes.append(table(caption: section.caption, captionSize: "s", headers: ["What", "Detail", "When", "Status"], rows: section.items.map { item in
            [TableCell(item.href.map { link(item.title, href: $0.path) } ?? txt(item.title)), TableCell(text: item.detail), TableCell(text: item.when),
             TableCell(tag(item.status.text, item.status.colour))]
        }))
        if let more = section.more, more.count > 0 { nodes.append(p([link("See all \(more.count + section.items.count)", href: more.href.path)])) }
        return nodes
    }

    /// Lists on a home page show the most pressing few; the full list is a link away.
    static let listLimit = 10

    /// "Overdue by 3 days" / "Due today" / "Due in 4 days": the same words on every home page.
    static func due(_ date: CalendarDate?, today: CalendarDate) -> (when: String, status: (text: String, colour: TagColour)) {
        guard let date else { return ("As soon as practicable", ("No fixed date", .grey)) }
        let days = today.days(to: date)
        if days < 0 { return (date.longFormat, ("Overdue by \(-days) day\(days == -1 ? "" : "s")", .red)) }
        if days == 0 { return (date.longFormat, ("Due today", .orange)) }
        return (date.longFormat, ("Due in \(days) day\(days == 1 ? "" : "s")", days <= 7 ? .yellow : .blue))
    }
}
