import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The census "as at" any date. Officers see exact figures; finance and elected members see the
/// same tables with small numbers suppressed (SECURITY.md).
struct CensusController {
    static let roles: Set<Role> = [.administrator, .caseworker, .metCoordinator, .finance, .electedMember]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, "medical-education", "census", roles: Self.roles, use: show)
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let raw = (try? req.query.get(String.self, at: "at")) ?? ""
        var errors: [FormError] = []
        let at: CalendarDate
        if raw.isEmpty { at = CalendarDate.today() }
        else if let parsed = DateInput.parse(raw) { at = parsed }
        else { at = CalendarDate.today(); errors.append(FormError(field: "at", message: "Census date must be a real date, like 2020-01-15")) }
        let census = try await ServiceSnapshot.load(authorityID: principal.authorityID, on: req.db).census(at: at)
        try await AuditLog.record(AuditEntry(action: "census.view", entityType: "report", detail: "at=\(at)"), by: principal.auditActor, on: req.db)
        let suppress = principal.role.isAggregateOnly
        func cells(_ values: [Int]) -> [String] { suppress ? SmallNumbers.suppress(values) : values.map(String.init) }
        func breakdown(_ caption: String, _ header: String, _ rows: [(String, Int)]) -> HTMLNode {
            let shown = cells(rows.map(\.1))
            return table(caption: caption, headers: [header, "Children"], numericColumns: [1],
                         rows: zip(rows, shown).map { [TableCell(text: $0.0.0), TableCell(text: $0.1, numeric: true)] })
        }
        let chart = BarChart.svg(title: "Children on roll by provision on \(at.longFormat)",
                                 bars: ProvisionType.allCases.map { ($0.label, census.onRoll[$0] ?? 0) }, suppressSmall: suppress)
        return .html(HTMLPage(title: "Section 19 census", chrome: try await req.chrome(for: principal, current: "/medical-education"), errors: errors, content: [
            h1("Census on \(at.longFormat)", caption: "Medical Education Team"),
            getForm(action: "/medical-education/census", [
                el("div", [.cls("app-search")], [
                    textInput(Field(name: "at", label: "Census date", value: raw, hint: "For example 2020-01-15", error: errors.message(for: "at"), widthClass: "govuk-input--width-10")),
                    button("Show census", secondary: true),
                ]),
            ]),
            suppress ? p("Numbers below 10 are shown as \"<10\" so that no child can be identified.") : .empty,
            summaryList([
                SummaryRow("Children counted", text: cells([census.total])[0]),
                SummaryRow("Receiving provision", text: cells([census.total - census.awaitingDecision])[0]),
                SummaryRow("Referred, awaiting a decision", text: cells([census.awaitingDecision])[0]),
                SummaryRow("Received provision this academic year", text: cells([census.academicYearTotal])[0]),
            ]),
            el("div", [.cls("app-chart")], [.raw(chart)]),
            breakdown("On roll by main provision", "Provision", ProvisionType.allCases.map { ($0.label, census.onRoll[$0] ?? 0) }),
            breakdown("Base places by teaching base", "Teaching base", census.bases.keys.sorted().map { ($0, census.bases[$0]!) }),
            breakdown("By reason for referral", "Reason", ReferralReason.allCases.map { ($0.label, census.byReason[$0] ?? 0) }),
            breakdown("By key stage", "Key stage", [("Key stage 1", "ks1"), ("Key stage 2", "ks2"), ("Key stage 3", "ks3"), ("Key stage 4", "ks4"), ("Other", "other")].map { ($0.0, census.byKeyStage[$0.1] ?? 0) }),
            p([txt("Also available to operators as "), el("code", [.cls("app-code")], text: "continuum report census --at \(at) --format json"), txt(".")]),
        ]))
    }
}

/// A horizontal bar chart as server-rendered SVG: labelled, with a text alternative, no script.
enum BarChart {
    static func svg(title: String, bars: [(String, Int)], suppressSmall: Bool) -> String {
        let width = 640, rowHeight = 34, labelWidth = 300
        let maxValue = max(1, bars.map(\.1).max() ?? 1)
        let height = bars.count * rowHeight + 10
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"chart-title\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" class=\"app-bar-chart\">",
                     "<title id=\"chart-title\">\(Escape.text(title))</title>"]
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight + 5
            let shown = suppressSmall && bar.1 > 0 && bar.1 < SmallNumbers.threshold ? SmallNumbers.suppressedLabel : String(bar.1)
            let barWidth = shown == SmallNumbers.suppressedLabel ? 0 : Int(Double(width - labelWidth - 60) * Double(bar.1) / Double(maxValue))
            parts.append("<text x=\"0\" y=\"\(y + 20)\" font-size=\"16\" fill=\"#0b0c0c\">\(Escape.text(bar.0))</text>")
            parts.append("<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(barWidth)\" height=\"22\" fill=\"#1d70b8\"></rect>")
            parts.append("<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(y + 20)\" font-size=\"16\" fill=\"#0b0c0c\">\(Escape.text(shown))</text>")
        }
        parts.append("</svg>")
        return parts.joined()
    }
}
