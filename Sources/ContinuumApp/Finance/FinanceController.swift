import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The High Needs Block position for finance officers (issue 15 items 3 and 8): the year's allocation
/// against the placements' costs to date and to 31 March, by s251 line. No health detail is shown;
/// placements appear as counts and amounts by setting type, never by child.
struct FinanceController {
    static let roles: Set<Role> = [.administrator, .finance]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .finance, roles: Self.roles, use: show)
    }

    struct Query: Content { var year: String? }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let today = CalendarDate.today()
        let raw = ((try? req.query.decode(Query.self))?.year ?? "").trimmingCharacters(in: .whitespaces)
        var errors: [FormError] = []
        var year = FinancialYear(containing: today)
        if !raw.isEmpty {
            if let chosen = FinancialYear(raw) { year = chosen }
            else { errors.append(FormError(field: "year", message: "Financial year must be like \(year), the year it starts and the next year's last two digits")) }
        }
        let position = try await HighNeedsQuery.position(authorityID: principal.authorityID, year: year, asAt: today, on: req.db)
        let byType = try await Self.placementsByType(authorityID: principal.authorityID, year: year, on: req.db)
        try await AuditLog.record(AuditEntry(action: "finance.view", entityType: "report", detail: "year=\(year)"), by: principal.auditActor, on: req.db)
        return .html(HTMLPage(title: "High Needs Block", chrome: try await req.chrome(for: principal, current: .finance), errors: errors,
                              content: FinancePages.position(year: year, raw: errors.isEmpty ? year.description : raw, error: errors.message(for: "year"),
                                                             position: position, byType: byType)))
    }

    /// Placements touching the year, counted and costed by setting type (HNB-4's comparison): one query.
    static func placementsByType(authorityID: UUID, year: FinancialYear, on db: any Database) async throws -> [(PlacementType, Int, Money)] {
        let placements = try await Placement.query(on: db).filter(\.$authority.$id == authorityID)
            .filter(\.$startsOn <= year.end)
            .group(.or) { $0.filter(\.$endsOn == nil).filter(\.$endsOn >= year.start) }
            .all()
        var totals: [PlacementType: (Int, Money)] = [:]
        for placement in placements {
            guard let type = placement.settingType else { continue }
            let due = (try? TopUpProRata.due(annual: placement.annual, start: placement.startsOn, end: placement.endsOn, year: year).get())?.amount ?? .zero
            let current = totals[type] ?? (0, .zero)
            totals[type] = (current.0 + 1, current.1 + due)
        }
        return PlacementType.allCases.compactMap { type in totals[type].map { (type, $0.0, $0.1) } }
    }
}

enum FinancePages {
    static func position(year: FinancialYear, raw: String, error: String?, position: HighNeedsPosition?,
                         byType: [(PlacementType, Int, Money)]) -> [HTMLNode] {
        var content: [HTMLNode] = [
            h1("High Needs Block \(year)", caption: "Finance"),
            p([link("Top-up payment runs", href: SiteURL.financePaymentRuns.path), txt(" · "),
               link("Top-up awards", href: SiteURL.financeTopUpAwards.path), txt(" · "),
               link("Allocation runs", href: SiteURL.financeAllocationRuns.path), txt(" · "), link("Safety Valve agreement", href: SiteURL.financeSafetyValve.path),
               txt(" · "), link("DSG management plan", href: SiteURL.financeDSGPlan.path),
               txt(" · "), link("Sufficiency of specialist places", href: SiteURL.financeSufficiency.path),
               txt(" · "), link("Section 19 service budget", href: SiteURL.financeMETBudget.path)]),
            getForm(action: SiteURL.finance.path, [
                el("div", [.cls("app-search")], [
                    textInput(Field(name: "year", label: "Financial year", value: raw, hint: "For example, \(year)", error: error, widthClass: "govuk-input--width-5")),
                    button("Show year", secondary: true),
                ]),
            ]),
            // S251-3: a reconciliation aid, not the return itself.
            insetText("Management information from the placements Continuum holds, not the statutory s251 return. "
                      + "Top-up is pro rata: the annual amount × days in the placement within the period ÷ the days in the financial year "
                      + "(the default; councils that divide by 190 school days or 38 weeks set their own, TOPUP-5). "
                      + "Each placement's amount is rounded to the penny and totals are the sums of those amounts."),
        ]
        guard let position else {
            content.append(p("No allocation is set for \(year). Finance sets it with:"))
            content.append(p([el("code", [.cls("app-code")], text: "continuum finance allocation --financial-year \(year) --high-needs 54000000.00 [--transfer-in 1000000.00] [--opening-balance -23000000.00]")]))
            return content + placements(byType, year: year)
        }
        content.append(summaryList([
            SummaryRow("Allocation after deductions", text: position.allocation.highNeeds.display),
            SummaryRow("Block transfer in", text: position.allocation.transferIn.display),
            SummaryRow("Spent to date (to \(min(position.asAt, year.end).longFormat))", text: position.spentToDate.display),
            SummaryRow("Forecast outturn to 31 March", text: position.forecastOutturn.display),
            SummaryRow("In-year balance", balance(position.inYearBalance)),
            SummaryRow("Cumulative balance brought forward", balance(position.allocation.openingCumulative)),
            SummaryRow("Closing cumulative balance (forecast)", balance(position.closingCumulativeForecast)),
        ]))
        let lines = S251LineList.forYear(year) ?? S251LineList.current
        content.append(el("div", [.cls("app-chart")], [.raw(BarChart.svg(
            title: "Forecast outturn by s251 line, \(year)", id: "s251-chart",
            bars: position.lineCodes.map { BarChart.Bar(label: $0, value: position.byLine[$0]!.forecastOutturn.pence, text: position.byLine[$0]!.forecastOutturn.display) }))]))
        content.append(table(caption: "Spend by s251 line, \(year)", headers: ["Line", "Description", "Spent to date", "Forecast outturn"], numericColumns: [2, 3],
                             rows: position.lineCodes.map { code in
                                 let figures = position.byLine[code]!
                                 return [TableCell(text: code), TableCell(text: lines.line(code)?.title ?? "Not a line of this year's list"),
                                         TableCell(text: figures.spentToDate.display, numeric: true), TableCell(text: figures.forecastOutturn.display, numeric: true)]
                             }))
        return content + placements(byType, year: year)
    }

    /// A balance with its sign in words as well as its figure, so colour is never the only cue.
    private static func balance(_ amount: Money) -> HTMLNode {
        group([txt(amount.display + " "), amount < .zero ? tag("Deficit", .red) : tag("Surplus or balanced", .green)])
    }

    private static func placements(_ byType: [(PlacementType, Int, Money)], year: FinancialYear) -> [HTMLNode] {
        guard !byType.isEmpty else { return [p("No placements are recorded for \(year). Load them with continuum import placements FILE.csv.")] }
        return [table(caption: "Placements in \(year) by type of setting", headers: ["Type of setting", "Placements", "Cost in the year"], numericColumns: [1, 2],
                      rows: byType.map { [TableCell(text: $0.0.label), TableCell(text: String($0.1), numeric: true), TableCell(text: $0.2.display, numeric: true)] })]
    }
}
