import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The census "as at" any date. Officers see exact figures; finance and elected members see the
/// same tables with small numbers suppressed (SECURITY.md). The summary, the chart and the tables are
/// all rendered from one `SuppressedFigures`, so the chart can't show what a table hides.
struct CensusController {
    static let roles: Set<Role> = [.administrator, .caseworker, .metCoordinator, .finance, .electedMember]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .medicalEducationPart(.census), roles: Self.roles, use: show)
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let raw = (try? req.query.get(String.self, at: "at")) ?? ""
        var errors: [FormError] = []
        let at: CalendarDate
        if raw.isEmpty { at = CalendarDate.today() }
        else if let parsed = DateInput.parse(raw) { at = parsed }
        else { at = CalendarDate.today(); errors.append(FormError(field: "at", message: "Census date must be a real date, for example 15 1 2020")) }
        let census = try await ServiceSnapshot.load(authorityID: principal.authorityID, on: req.db).census(at: at)
        try await AuditLog.record(AuditEntry(action: "census.view", entityType: "report", detail: "at=\(at)"), by: principal.auditActor, on: req.db)
        let figures = SmallNumberSuppression.apply(req.smallNumberPolicy(for: principal), to: census.disclosureTable)
        return .html(HTMLPage(title: "Section 19 census", chrome: try await req.chrome(for: principal, current: .medicalEducation), errors: errors,
                              content: Self.content(census: census, figures: figures, raw: raw, error: errors.message(for: "at"))))
    }

    static func content(census: Census, figures: SuppressedFigures, raw: String, error: String?) -> [HTMLNode] {
        let at = census.at
        func breakdown(_ caption: String, _ header: String, _ rows: [(label: String, key: String)]) -> HTMLNode {
            table(caption: caption, headers: [header, "Children"], numericColumns: [1],
                  rows: rows.map { [TableCell(text: $0.label), TableCell(text: figures.text($0.key), numeric: true)] })
        }
        let provisions = ProvisionType.allCases.map { (label: $0.label, key: "roll.\($0.rawValue)") }
        let chart = BarChart.svg(title: "Children on roll by provision on \(at.longFormat)",
                                 bars: provisions.map { ($0.label, figures[$0.key]) }, figures: figures)
        return [
            h1("Census on \(at.longFormat)", caption: "Medical Education Team"),
            getForm(action: SiteURL.medicalEducationPart(.census).path, [
                el("div", [.cls("app-search")], [
                    dateInput(Field(name: "at", label: "Census date", value: raw, hint: "For example, 15 1 2020", error: error, widthClass: "govuk-input--width-10")),
                    button("Show census", secondary: true),
                ]),
            ]),
            SuppressionNote.paragraph(figures),
            summaryList([
                SummaryRow("Children counted", text: figures.text("total")),
                SummaryRow("Receiving provision", text: figures.text("receiving")),
                SummaryRow("Referred, awaiting a decision", text: figures.text("awaiting")),
                SummaryRow("Received provision this academic year", text: figures.text("year")),
            ]),
            el("div", [.cls("app-chart")], [.raw(chart)]),
            breakdown("On roll by main provision", "Provision", provisions),
            breakdown("Base places by teaching base", "Teaching base", census.bases.keys.sorted().map { ($0, "base.\($0)") }),
            breakdown("By reason for referral", "Reason", ReferralReason.allCases.map { ($0.label, "reason.\($0.rawValue)") }),
            breakdown("By key stage", "Key stage", Census.keyStages.map { ($0.label, "ks.\($0.key)") }),
            figures.suppresses ? .empty : p([txt("Also available to operators as "), el("code", [.cls("app-code")], text: "continuum report census --at \(at) --format json"), txt(".")]),
        ]
    }
}
