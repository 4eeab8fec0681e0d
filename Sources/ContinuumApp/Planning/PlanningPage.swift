import Foundation
import GOVUK
import ContinuumDomain
import ContinuumPlanning

/// The planning page: the choices, then the scenarios side by side, the map, the distribution
/// of journey times, each child's change and the equality view.
enum PlanningPage {
    static func render(chrome: Chrome, query: PlanningQuery, view: PlanningView?, message: String?) -> HTMLPage {
        let e = query.errors
        func value(_ key: String, _ fallback: String) -> String { query.raw[key] ?? fallback }
        var content: [HTMLNode] = [
            h1("Site planning", caption: "Where to put teaching bases and hubs"),
            getForm(action: SiteURL.planning.path, [
                el("div", [.cls("app-search")], [
                    select(Field(name: "children", label: "Children", value: query.cohort.rawValue), options: PlanningQuery.Cohort.allCases.map { Option($0.rawValue, $0.label) }),
                    dateInput(Field(name: "from", label: "Referrals from", value: value("from", ""), hint: "Only for a period, for example 1 9 2025", error: e.message(for: "from"), widthClass: "govuk-input--width-10")),
                    dateInput(Field(name: "to", label: "Referrals to", value: value("to", ""), hint: "Only for a period, for example 31 8 2026", error: e.message(for: "to"), widthClass: "govuk-input--width-10")),
                ]),
                el("div", [.cls("app-search")], [
                    textInput(Field(name: "hubs", label: "Number of new hubs", value: value("hubs", String(query.hubs)), error: e.message(for: "hubs"),
                                    widthClass: "govuk-input--width-2", inputMode: "numeric")),
                    select(Field(name: "objective", label: "Choose hubs for", value: query.objective.rawValue),
                           options: [Option("median", "The least travel overall"), Option("coverage", "The most children within the time below")]),
                    textInput(Field(name: "within", label: "Time limit in minutes", value: value("within", String(query.within)), error: e.message(for: "within"),
                                    widthClass: "govuk-input--width-3", inputMode: "numeric")),
                ]),
                checkboxes(Field(name: "keep", label: "Today's bases"), options: [Option("bases", "Keep today's bases open and add the new hubs to them")],
                           selected: query.keepBases ? ["bases"] : []),
                textarea(Field(name: "sites", label: "Other sites to consider (optional)", value: value("sites", ""),
                               hint: "One per line as name, comma, postcode. For example: Former library, WR10 1AA", error: e.message(for: "sites")), rows: 3),
                button("Compare", secondary: true),
            ]),
        ]
        if let message { content.append(p(message)) }
        guard let v = view else { return HTMLPage(title: "Site planning", chrome: chrome, errors: e, content: content) }
        let chosen = query.within
        content += [
            p("\(v.located) children located by their home postcode" + (v.unlocated > 0 ? "; \(v.unlocated) without a known postcode are left out" : "")
              + ". Candidate sites: the \(v.baseCount) bases, \(v.typedCount) typed in and \(v.schoolCount) schools."),
            insetText("Travel-time model: \(v.travelModel). Road-network times from OpenStreetMap need a road extract for the county, which this installation has not been given, so this page uses the straight-line model."),
            table(caption: "Scenarios compared with today", headers: ["Scenario", "Mean minutes", "90th percentile", "Within 15", "Within 30", "Within 45", "Within \(chosen)", "Longer journeys", "Shorter journeys"],
                  numericColumns: Set(1...8), rows: v.scenarios.map { s in
                      [TableCell(text: s.name), TableCell(text: s.figures.meanMinutes.map { String(format: "%.1f", $0) } ?? "—"),
                       TableCell(text: s.figures.percentile90Minutes.map { String(format: "%.1f", $0) } ?? "—"),
                       TableCell(text: String(s.figures.within15)), TableCell(text: String(s.figures.within30)), TableCell(text: String(s.figures.within45)),
                       TableCell(text: String(s.withinChosen)), TableCell(text: String(s.longer)), TableCell(text: String(s.shorter))]
                  }),
            p("The hub sites chosen: " + v.hubNames.joined(separator: ", ") + ". " + v.hubSummary),
            h2("Map"),
            el("div", [.cls("app-chart")], [.raw(v.map)]),
            h2("How long journeys are"),
            el("div", [.cls("app-chart")], [.raw(v.distributionChart)]),
            table(caption: "Children by minutes to the nearest site", captionSize: "s", headers: ["Minutes", "Today", "With the hubs"], numericColumns: [1, 2],
                  rows: v.distributionToday.labels.indices.map { i in
                      [TableCell(text: v.distributionToday.labels[i]), TableCell(text: String(v.distributionToday.counts[i]), numeric: true),
                       TableCell(text: String(v.distributionHubs.counts[i]), numeric: true)]
                  }),
            v.journeys.isEmpty ? .empty : h2("Each child's journey with the hubs"),
            v.journeys.isEmpty ? .empty : details(summary: "Show all \(v.journeys.count) children, longest increase first", [
                table(caption: "Minutes to the nearest site, today and with the hubs", captionSize: "s", headers: ["Child", "Today", "With the hubs", "Change"],
                      rows: v.journeys.map { j in
                          [TableCell(link(j.name, href: SiteURL.child(.value(ChildID(j.childID))).path)), TableCell(text: j.today), TableCell(text: j.withHubs), TableCell(text: j.change)]
                      }),
            ]),
            h2("Equality: journeys by group"),
            p("The council must consider the impact on disabled children. Mean minutes to the nearest site today and with the new hubs; groups under 10 children are shown as \"<10\"."),
            table(caption: "By reason for referral", captionSize: "s", headers: ["Reason", "Children", "Today (mean minutes)", "With hubs (mean minutes)"], numericColumns: [1, 2, 3],
                  rows: v.byReason.map(equalityRow)),
            table(caption: "By SEN status", captionSize: "s", headers: ["SEN status", "Children", "Today (mean minutes)", "With hubs (mean minutes)"], numericColumns: [1, 2, 3],
                  rows: v.bySEN.map(equalityRow)),
            p([txt("Operators can run the same analysis on any file with "), el("code", [.cls("app-code")], text: "continuum plan sites"), txt(".")]),
        ]
        return HTMLPage(title: "Site planning", chrome: chrome, errors: e, content: content)
    }

    private static func equalityRow(_ r: (group: String, children: String, today: Double, hubs: Double)) -> [TableCell] {
        [TableCell(text: r.group), TableCell(text: r.children, numeric: true), TableCell(text: String(format: "%.1f", r.today), numeric: true),
         TableCell(text: String(format: "%.1f", r.hubs), numeric: true)]
    }
}
