import GOVUK
import ContinuumDomain

/// The DSG management plan page: the financial summary with its chart, the children and young people
/// tables, the workstream log and the engagement record, each with the form that adds to it.
enum DSGPlanPages {
    /// Savings are entered for the plan's projected years: next year to the horizon.
    static func savingYears(current: FinancialYear) -> [FinancialYear] {
        (1...DSGPlanQuery.yearsAhead).map { FinancialYear(startYear: current.startYear + $0) }
    }

    static func savingField(_ year: FinancialYear) -> String { "saving-\(year)" }

    static func plan(_ report: DSGPlanReport, forms: DSGPlanController.Forms, errors: [FormError], csrf: String) -> [HTMLNode] {
        var content: [HTMLNode] = [
            h1("DSG management plan", caption: "Finance"),
            p("The Dedicated Schools Grant deficit management plan in the structure of DfE's template (DSGMP-2), for Schools Forum at least termly and for DfE. "
              + "Continuum computes the High Needs Block figures and the children and young people tables from the placements and plans it holds; "
              + "finance adds the workstreams and the engagement record here."),
            p([link("Download the plan as a workbook (.xlsx)", href: SiteURL.financeDSGPlanWorkbook.path)]),
            el("ul", [.cls("govuk-list")], DSGPlanWorkbook.Table.allCases.map { table in
                el("li", [], [link("\(table.title) (CSV)", href: SiteURL.financeDSGPlanCSV(table).path)])
            }),
        ]
        if let sv = report.safetyValve {
            content.append(insetText("\(sv): the mitigated scenario is measured against the agreement's in-year targets (SV-3), shown beside each year they are set for."))
        }
        content += financial(report)
        content += children(report)
        content += workstreams(report, form: forms.workstream, errors: errors, csrf: csrf)
        content += engagement(report, form: forms.engagement, errors: errors, csrf: csrf)
        return content
    }

    private static func basisLabel(_ basis: DSGPlan.FinancialRow.Basis) -> String {
        switch basis {
        case .actual: "Actual"
        case .forecast: "Forecast"
        case .projected: "Projected"
        }
    }

    private static func financial(_ report: DSGPlanReport) -> [HTMLNode] {
        let rows = report.financial
        var content: [HTMLNode] = [h2("Financial summary: High Needs Block")]
        content.append(el("div", [.cls("app-chart")], [.raw(TrajectoryChart.svg(rows))]))
        content.append(table(caption: "High Needs Block by financial year", captionSize: "s",
                             headers: ["Year", "Basis", "Income", "Spend, unmitigated", "Savings", "Spend, mitigated", "Cumulative balance, unmitigated",
                                       "Cumulative balance, mitigated", "Safety Valve in-year target"],
                             numericColumns: [2, 3, 4, 5, 6, 7, 8],
                             rows: rows.map { row in
                                 [TableCell(text: row.year.description), TableCell(text: basisLabel(row.basis)),
                                  TableCell(text: row.income.display + (row.incomeAssumed ? " (carried forward)" : ""), numeric: true),
                                  TableCell(text: row.unmitigatedSpend.display, numeric: true), TableCell(text: row.savings.display, numeric: true),
                                  TableCell(text: row.mitigatedSpend.display, numeric: true),
                                  TableCell(text: row.unmitigatedCumulative.display, numeric: true), TableCell(text: row.mitigatedCumulative.display, numeric: true),
                                  TableCell(text: row.safetyValveTarget?.display ?? "None set", numeric: true)]
                             }))
        content.append(details(summary: "How these figures are made", [p(DSGPlan.financeMethod), p(DSGPlan.trendMethod)]))
        return content
    }

    private static func children(_ report: DSGPlanReport) -> [HTMLNode] {
        var content: [HTMLNode] = [h2("Children and young people with EHC plans")]
        let tables = report.cypActual + report.cypForecast
        guard !tables.isEmpty else { return content + [p("No EHC plans in force are held yet.")] }
        content.append(table(caption: "EHC plans in force at the January census, by age band", captionSize: "s",
                             headers: ["Age band"] + tables.map { "January \($0.censusYear)" + ($0.basis == .actual ? "" : " (projected)") },
                             numericColumns: Set(1...tables.count),
                             rows: DSGPlan.AgeBand.allCases.map { band in
                                 [TableCell(text: band.label)] + tables.map { TableCell(text: String($0.count(band)), numeric: true) }
                             } + [[TableCell(text: "All ages")] + tables.map { TableCell(text: String($0.total), numeric: true) }]))
        if let latest = report.cypActual.last {
            let types = report.cypTypes
            content.append(table(caption: "EHC plans in force in January \(latest.censusYear), by type of setting", captionSize: "s",
                                 headers: ["Type of setting"] + DSGPlan.AgeBand.allCases.map(\.label), numericColumns: Set(1...DSGPlan.AgeBand.allCases.count),
                                 rows: types.map { type in
                                     [TableCell(text: type?.label ?? "No placement recorded")]
                                         + DSGPlan.AgeBand.allCases.map { TableCell(text: String(latest.count($0, type)), numeric: true) }
                                 }))
        }
        content.append(details(summary: "How these counts are made", [p(DSGPlan.cypMethod)]))
        return content
    }

    private static func workstreams(_ report: DSGPlanReport, form: [String: String], errors: [FormError], csrf: String) -> [HTMLNode] {
        let years = savingYears(current: report.current)
        var content: [HTMLNode] = [h2("Workstream log", id: "workstreams")]
        if report.workstreams.isEmpty {
            content.append(p("No workstreams yet. Each mitigation is a workstream with the savings it is expected to make each year."))
        } else {
            content.append(table(caption: "Workstreams and their savings", captionSize: "s",
                                 headers: ["Workstream", "Lead", "Status", "RAG"] + years.map { "Saving \($0)" }, numericColumns: Set(4..<(4 + years.count)),
                                 rows: report.workstreams.map { item in
                                     [TableCell(text: item.title + (item.svCondition.map { " (Safety Valve condition: \($0))" } ?? "")), TableCell(text: item.lead),
                                      TableCell(text: item.status.label), TableCell(SafetyValvePages.ragTag(item.rag))]
                                         + years.map { TableCell(text: item.savings[$0]?.display ?? "£0.00", numeric: true) }
                                 }))
        }
        content.append(h2("Add a workstream", size: "s"))
        content.append(postForm(action: SiteURL.financeDSGPlanWorkstreams.path, csrfToken: csrf, [
            textInput(Field(name: "title", label: "Workstream", value: form["title"] ?? "", hint: "For example, Increase local special school places", error: errors.message(for: "title"))),
            textInput(Field(name: "lead", label: "Lead", value: form["lead"] ?? "", hint: "A role, like Head of SEND commissioning", error: errors.message(for: "lead"))),
            dateInput(Field(name: "starts", label: "Start date", value: form["starts"] ?? "", hint: "For example, 1 4 2027", error: errors.message(for: "starts"))),
            dateInput(Field(name: "ends", label: "End date (optional)", value: form["ends"] ?? "", hint: "Leave blank for an ongoing workstream", error: errors.message(for: "ends"))),
            select(Field(name: "status", label: "Status", value: form["status"] ?? DSGPlan.WorkstreamStatus.planned.rawValue, error: errors.message(for: "status")),
                   options: DSGPlan.WorkstreamStatus.allCases.map { Option($0.rawValue, $0.label) }),
            radios(Field(name: "rag", label: "RAG rating", value: form["rag"] ?? "", error: errors.message(for: "rag")),
                   options: RAG.allCases.map { Option($0.rawValue, $0.rawValue.capitalized) }, inline: true),
            textInput(Field(name: "sv_condition", label: "Safety Valve condition it answers (optional)", value: form["sv_condition"] ?? "", error: errors.message(for: "sv_condition"))),
        ] + years.map { year in
            textInput(Field(name: savingField(year), label: "Saving in \(year), in pounds (optional)", value: form[savingField(year)] ?? "",
                            hint: "For example, 1200000.00", error: errors.message(for: savingField(year)), widthClass: "govuk-input--width-10", inputMode: "decimal"))
        } + [button("Add the workstream")]))
        return content
    }

    private static func engagement(_ report: DSGPlanReport, form: [String: String], errors: [FormError], csrf: String) -> [HTMLNode] {
        var content: [HTMLNode] = [h2("Stakeholder engagement record", id: "engagement")]
        let rows = DSGPlanWorkbook.table(.engagement, report).dropFirst()
        if rows.isEmpty {
            content.append(p("No engagement recorded yet. Record each Schools Forum item, consultation and co-production activity by the group engaged, never by name."))
        } else {
            content.append(table(caption: "Engagement by audience", captionSize: "s", headers: ["Audience", "Date", "Method", "What was asked or said", "What changed"],
                                 rows: rows.map { cells in cells.map { cell in
                                     if case let .text(text) = cell { return TableCell(text: CalendarDate(iso: text)?.longFormat ?? text) }
                                     return TableCell(text: "")
                                 } }))
        }
        content.append(h2("Record engagement", size: "s"))
        content.append(postForm(action: SiteURL.financeDSGPlanEngagement.path, csrfToken: csrf, [
            select(Field(name: "audience", label: "Who was engaged", value: form["audience"] ?? "", error: errors.message(for: "audience")),
                   options: [Option("", "Select the group")] + DSGPlan.Audience.allCases.map { Option($0.rawValue, $0.label) }),
            dateInput(Field(name: "held", label: "Date", value: form["held"] ?? "", hint: "For example, 14 10 2026", error: errors.message(for: "held"))),
            textInput(Field(name: "method", label: "How", value: form["method"] ?? "", hint: "For example, Schools Forum meeting, survey, workshop", error: errors.message(for: "method"))),
            textarea(Field(name: "summary", label: "What was asked or said", value: form["summary"] ?? "", error: errors.message(for: "summary"))),
            textarea(Field(name: "outcome", label: "What changed as a result", value: form["outcome"] ?? "", error: errors.message(for: "outcome"))),
            button("Record the engagement"),
        ]))
        return content
    }
}

/// The deficit trajectory (issue 15 item 8): the cumulative High Needs balance by year, unmitigated and
/// mitigated, as two lines; the table beside it holds every figure.
enum TrajectoryChart {
    static func svg(_ rows: [DSGPlan.FinancialRow]) -> String {
        let width = 720, height = 280, left = 90, right = 20, top = 16, bottom = 56
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let values: [Int64] = rows.flatMap { [$0.unmitigatedCumulative.pence, $0.mitigatedCumulative.pence] } + [0]
        let low = values.min() ?? 0, high = values.max() ?? 0
        let span = max(high - low, 1)
        func y(_ pence: Int64) -> Int { top + Int((high - pence) * Int64(plotHeight) / span) }
        func x(_ index: Int) -> Int { left + (rows.count <= 1 ? plotWidth / 2 : index * plotWidth / (rows.count - 1)) }
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"trajectory-title\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\">",
                     "<title id=\"trajectory-title\">Cumulative High Needs Block balance by financial year, unmitigated and mitigated</title>"]
        for step in 0...4 {
            let pence = low + span * Int64(step) / 4
            parts.append("<line x1=\"\(left)\" y1=\"\(y(pence))\" x2=\"\(width - right)\" y2=\"\(y(pence))\" stroke=\"#b1b4b6\" stroke-width=\"1\"></line>")
            parts.append("<text x=\"\(left - 6)\" y=\"\(y(pence) + 4)\" font-size=\"12\" text-anchor=\"end\" fill=\"#0b0c0c\">£\(String(format: "%.1f", Double(pence) / 100_000_000))m</text>")
        }
        parts.append("<line x1=\"\(left)\" y1=\"\(y(0))\" x2=\"\(width - right)\" y2=\"\(y(0))\" stroke=\"#0b0c0c\" stroke-width=\"2\"></line>")
        for (series, colour, dash) in [(\DSGPlan.FinancialRow.unmitigatedCumulative, "#d4351c", " stroke-dasharray=\"6 4\""), (\DSGPlan.FinancialRow.mitigatedCumulative, "#1d70b8", "")] {
            let points = rows.enumerated().map { "\(x($0.offset)),\(y($0.element[keyPath: series].pence))" }.joined(separator: " ")
            parts.append("<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"3\"\(dash)></polyline>")
        }
        for (index, row) in rows.enumerated() {
            parts.append("<text x=\"\(x(index))\" y=\"\(height - bottom + 18)\" font-size=\"12\" text-anchor=\"middle\" fill=\"#0b0c0c\">\(row.year)</text>")
        }
        parts.append("<text x=\"\(left)\" y=\"\(height - 8)\" font-size=\"12\" fill=\"#d4351c\">Dashed red: unmitigated</text>")
        parts.append("<text x=\"\(left + 200)\" y=\"\(height - 8)\" font-size=\"12\" fill=\"#1d70b8\">Solid blue: mitigated</text>")
        parts.append("</svg>")
        return parts.joined()
    }
}
