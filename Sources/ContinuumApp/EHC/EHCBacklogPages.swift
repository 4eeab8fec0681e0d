import Foundation
import GOVUK
import ContinuumDomain

enum EHCBacklogPages {
    static func dashboard(chrome: Chrome, backlog: EHCBacklog, extra: Int, page: Int, pageSize: Int, planReview: HomeView.Section? = nil) -> HTMLPage {
        let today = backlog.today
        let overdue = backlog.open.filter { $0.next?.isOverdue(on: today) == true }.count
        let pageCount = max(1, (backlog.open.count + pageSize - 1) / pageSize)
        let shown = backlog.open.dropFirst((min(page, pageCount) - 1) * pageSize).prefix(pageSize)
        var content: [HTMLNode] = [
            h1("EHC assessments and reviews", caption: "Backlog on \(today.longFormat)"),
            summaryList([
                SummaryRow("Open requests and assessments", text: String(backlog.byStageAndWeeks.reduce(0) { $0 + $1.counts.reduce(0, +) })),
                SummaryRow("Open cases past a statutory date", text: String(overdue)),
                SummaryRow("Not allocated to a caseworker", text: String(backlog.unallocated)),
                SummaryRow("Re-assessments under way (14-week clock, reg 27)", text: "\(backlog.reassessments.open), of which \(backlog.reassessments.overdue) past a statutory date"),
                SummaryRow("Plans in force", text: String(backlog.plansInForce)),
                SummaryRow("Annual reviews overdue", text: String(backlog.reviewsOverdue)),
                SummaryRow("Annual reviews due in the next 8 weeks", text: String(backlog.reviewsDueIn8Weeks)),
                SummaryRow("Phase transfers next September", text: "\(backlog.phaseTransfers.secondary) into school, junior, middle or secondary (amended plan before 15 February), \(backlog.phaseTransfers.post16) into post-16 (before 31 March); \(backlog.phaseTransfers.notReviewed) not yet reviewed since 1 September"),
            ]),
            responseTimeSummary(backlog.responseTime),
            p([link("Timeliness, forecast and staffing", href: SiteURL.ehcPerformance.path), txt(" (the same figures, without names, are shared with finance and elected members).")]),
        ]
        content.append(stageTable(backlog, SmallNumberSuppression.apply(nil, to: backlog.disclosureTable)))
        content.append(table(caption: "Open cases, overdue first", headers: ["Child", "Stage", "Weeks open", "Next statutory step", "Due", "Caseworker"],
                             rows: shown.map { item in
            let due: HTMLNode
            if let next = item.next, let date = next.due {
                due = next.isOverdue(on: today) ? group([txt(date.longFormat + " "), tag("Overdue \(date.days(to: today)) days", .red)]) : txt(date.longFormat)
            } else { due = txt("As soon as practicable") }
            return [TableCell(link(item.childName, href: SiteURL.ehcCase(.value(EHCCaseID(item.id))).path)), TableCell(text: item.stage.description), TableCell(text: String(item.weeksOpen), numeric: true),
                    TableCell(text: item.next?.what ?? "—"), TableCell(due), TableCell(text: item.caseworker ?? "Not allocated")]
        }))
        if pageCount > 1 { content.append(pagination(PageLinks(page: min(page, pageCount), pageCount: pageCount, hrefForPage: { SiteURL.ehc.path(["page": String($0)]) }))) }
        if let planReview { content += HomeView.nodes(for: planReview) }
        content.append(caseloadTable(backlog))
        return HTMLPage(title: "EHC assessments and reviews", chrome: chrome, content: content)
    }

    static func responseTimeSummary(_ summary: FamilyResponseTime.Summary?) -> HTMLNode {
        guard let s = summary else { return .empty }
        let target = FamilyResponseTime.targetWorkingDays
        guard s.messages > 0 else { return p("No messages from families in the last 12 weeks.") }
        return summaryList([
            SummaryRow("Families' messages, last 12 weeks", text: String(s.messages)),
            SummaryRow("Answered within \(target) working days", text: "\(s.withinTarget) of \(s.answered) answered" + (s.medianWorkingDays.map { "; median \($0) working days" } ?? "")),
            SummaryRow("Waiting more than \(target) working days for a reply", s.overdueUnanswered > 0 ? tag("\(s.overdueUnanswered) waiting", .red) : txt("None")),
        ])
    }

    /// The same summary from suppressed figures: each count as the reader may see it, and no median
    /// when it rests on a hidden count.
    static func responseTimeSummary(_ summary: FamilyResponseTime.Summary?, _ f: SuppressedFigures) -> HTMLNode {
        guard let s = summary else { return .empty }
        guard f.suppresses else { return responseTimeSummary(summary) }
        let target = FamilyResponseTime.targetWorkingDays
        guard s.messages > 0 else { return p("No messages from families in the last 12 weeks.") }
        let median = f["msg.answered"].isHidden ? "" : s.medianWorkingDays.map { "; median \($0) working days" } ?? ""
        return summaryList([
            SummaryRow("Families' messages, last 12 weeks", text: f.text("msg.messages")),
            SummaryRow("Answered within \(target) working days", text: "\(f.text("msg.within")) of \(f.text("msg.answered")) answered" + median),
            SummaryRow("Waiting more than \(target) working days for a reply", text: s.overdueUnanswered == 0 ? "None" : "\(f.text("msg.overdue")) waiting"),
        ])
    }

    static func stageTable(_ backlog: EHCBacklog, _ f: SuppressedFigures) -> HTMLNode {
        table(caption: "Open requests and assessments by stage and weeks since the request", headers: ["Stage"] + EHCBacklog.weekBands.map(\.label) + ["Total"],
              numericColumns: Set(1...EHCBacklog.weekBands.count + 1),
              rows: backlog.byStageAndWeeks.enumerated().map { i, row in
                  [TableCell(text: row.stage.description)] + row.counts.indices.map { TableCell(text: f.text("stage.r\(i).c\($0)"), numeric: true) }
                      + [TableCell(text: f.text("stage.r\(i).total"), numeric: true)]
              })
    }

    /// Named caseloads: council staff only. Finance and members see `caseloadSummary` instead.
    static func caseloadTable(_ backlog: EHCBacklog) -> HTMLNode {
        table(caption: "Caseloads", headers: ["Caseworker", "Contract", "Open cases", "Past a statutory date"], numericColumns: [2, 3],
              rows: backlog.caseloads.map { c in
                  [TableCell(text: c.name), TableCell(text: c.agency ? "Agency" : c.trainee ? "Trainee" : "Permanent"),
                   TableCell(text: String(c.open), numeric: true), TableCell(text: String(c.overdue), numeric: true)]
              })
    }

    /// Staffing without a name or an individual caseload: what finance and elected members see.
    static func caseloadSummary(_ backlog: EHCBacklog, _ f: SuppressedFigures) -> HTMLNode {
        let agency = backlog.caseloads.filter(\.agency).count, trainees = backlog.caseloads.filter { $0.trainee && !$0.agency }.count
        return summaryList([
            SummaryRow("Caseworkers", text: "\(backlog.caseloads.count) (\(agency) agency, \(trainees) trainee)"),
            SummaryRow("Open cases allocated to a caseworker", text: f.text("load.open")),
            SummaryRow("Of those, past a statutory date", text: f.text("load.overdue")),
        ])
    }

    static func performance(chrome: Chrome, backlog: EHCBacklog, extra: Int, figures f: SuppressedFigures) -> HTMLPage {
        let today = backlog.today
        var content: [HTMLNode] = [h1("EHC plans: timeliness and backlog", caption: "Figures on \(today.longFormat); no child is named on this page"),
                                   SuppressionNote.paragraph(f)]
        /// A percentage is printed only when the counts it implies (within and outside 20 weeks) are shown.
        func pct(_ prefix: String, _ value: Double?) -> Double?? {
            f["\(prefix).within"].isHidden || f["\(prefix).late"].isHidden ? .none : .some(value)
        }
        if let last = backlog.lastYear {
            let shown: String
            switch pct("year", last.summary.pctExcludingExceptions) {
            case .none: shown = ""
            case .some(let value): shown = " (" + (value.map { String(format: "%.1f%%", $0) } ?? "no plans") + ")"
            }
            content.append(summaryList([
                SummaryRow("New plans issued in \(last.year)", text: f.text("year.issued")),
                SummaryRow("Issued within 20 weeks (excluding exceptions)", text: f.text("year.within") + shown),
                SummaryRow("Plans with an exception (left out of the percentage)", text: f.text("year.exceptions")),
            ]))
        }
        let points = backlog.trend.enumerated().map { i, m in
            TrendChart.Point(month: m.month, issued: f.text("m\(i).issued"), pct: pct("m\(i)", m.pct) ?? nil)
        }
        content.append(el("div", [.cls("app-chart")], [.raw(TrendChart.svg(title: "Percentage of new EHC plans issued within 20 weeks, by month issued", points: points))]))
        content.append(details(summary: "The chart's figures as a table", [
            table(caption: "New plans by month", captionSize: "s", headers: ["Month", "Plans issued", "Within 20 weeks (%)"], numericColumns: [1, 2],
                  rows: points.map { [TableCell(text: "\(CalendarDate.monthName($0.month.month)) \($0.month.year)"), TableCell(text: $0.issued, numeric: true),
                                      TableCell(text: $0.pct.map { String(format: "%.1f", $0) } ?? "—", numeric: true)] }),
        ]))
        content.append(EHCBacklogPages.stageTable(backlog, f))
        if let forecast = backlog.forecast {
            content.append(h2("When will the backlog clear?"))
            // Rates and a clearance date imply the counts behind them: shown only when those counts are.
            if ["forecast.intake", "forecast.completions", "forecast.backlog"].contains(where: { f[$0].isHidden }) {
                content.append(p("Open requests and assessments today: \(f.text("forecast.backlog")). The forecast is not shown because it rests on numbers too small to publish."))
            } else {
                let clear = forecast.clearanceDate(from: today).map { "the backlog clears by about \($0.longFormat) (\(forecast.weeksToClear()!) weeks)" } ?? "the backlog does not clear: it grows or stays level"
                let clearExtra = forecast.clearanceDate(from: today, extraCaseworkers: extra).map { "by about \($0.longFormat) (\(forecast.weeksToClear(extraCaseworkers: extra)!) weeks)" } ?? "not at all"
                content += [
                    p("Open requests and assessments today: \(forecast.backlog). Over the last \(EHCBacklog.forecastWindowWeeks) weeks the council received \(String(format: "%.1f", forecast.intakePerWeek)) requests a week and each of its \(forecast.caseworkers) caseworkers completed \(String(format: "%.2f", forecast.completionsPerCaseworkerWeek)) assessments a week."),
                    p("At current staffing \(clear). With \(extra) more caseworker\(extra == 1 ? "" : "s"), it clears \(clearExtra)."),
                    getForm(action: SiteURL.ehcPerformance.path, [
                        el("div", [.cls("app-search")], [
                            textInput(Field(name: "extra", label: "Extra caseworkers", value: String(extra), widthClass: "govuk-input--width-3", inputMode: "numeric")),
                            button("Recalculate", secondary: true),
                        ]),
                    ]),
                    details(summary: "How this forecast is made", [
                        p("Intake is the average number of requests received per week over the last 12 weeks. Productivity is the number of assessments completed (a plan issued, a decision not to assess or not to issue, or a withdrawal) per caseworker per week over the same weeks, counting today's caseworkers as if they had worked all 12 weeks. Each week the backlog changes by intake minus caseworkers × productivity; the clearance date is the backlog divided by that weekly reduction, rounded up to whole weeks. It assumes intake and productivity stay as they were; new or agency staff usually take time to reach full productivity."),
                    ]),
                ]
            }
            content.append(table(caption: "Past forecasts compared with what happened", captionSize: "s", headers: ["Forecast made", "Predicted backlog", "Actual backlog", "On"], numericColumns: [1, 2],
                                 rows: backlog.backtests.enumerated().map { i, t in
                                     [TableCell(text: t.madeOn.longFormat), TableCell(text: f.text("bt\(i).predicted"), numeric: true),
                                      TableCell(text: t.checkedOn <= today ? f.text("bt\(i).actual") : "Not yet known", numeric: true), TableCell(text: t.checkedOn.longFormat)] }))
        }
        content.append(responseTimeSummary(backlog.responseTime, f))
        // Caseworkers' names and individual caseloads are for council staff with case access only.
        content.append(f.suppresses ? caseloadSummary(backlog, f) : caseloadTable(backlog))
        return HTMLPage(title: "EHC plans: timeliness and backlog", chrome: chrome, content: content)
    }
}

/// A column chart of monthly percentages as server-rendered SVG, with a title for screen readers
/// and a table of the same figures beside it.
enum TrendChart {
    /// One month as the reader may see it: plans issued as printed, and the percentage when it may be shown.
    struct Point { let month: CalendarDate; let issued: String; let pct: Double? }

    static func svg(title: String, points: [Point]) -> String {
        let width = 720, height = 260, left = 44, bottom = 40, top = 10
        let plotHeight = height - bottom - top
        let step = points.isEmpty ? 0 : (width - left - 10) / points.count
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"trend-title\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" class=\"app-bar-chart\">",
                     "<title id=\"trend-title\">\(Escape.text(title))</title>"]
        for tick in stride(from: 0, through: 100, by: 25) {
            let y = top + plotHeight - plotHeight * tick / 100
            parts.append("<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(width - 10)\" y2=\"\(y)\" stroke=\"#b1b4b6\" stroke-width=\"1\"></line>")
            parts.append("<text x=\"\(left - 6)\" y=\"\(y + 5)\" font-size=\"13\" text-anchor=\"end\" fill=\"#0b0c0c\">\(tick)%</text>")
        }
        for (index, point) in points.enumerated() {
            let x = left + index * step + 2
            if let pct = point.pct {
                let h = Int(Double(plotHeight) * pct / 100)
                parts.append("<rect x=\"\(x)\" y=\"\(top + plotHeight - h)\" width=\"\(max(2, step - 4))\" height=\"\(h)\" fill=\"#1d70b8\"><title>\(CalendarDate.monthName(point.month.month)) \(point.month.year): \(String(format: "%.1f", pct))% of \(Escape.text(point.issued))</title></rect>")
            }
            if point.month.month == 1 || index == 0 {
                parts.append("<text x=\"\(x)\" y=\"\(height - 20)\" font-size=\"13\" fill=\"#0b0c0c\">\(CalendarDate.monthName(point.month.month).prefix(3)) \(point.month.year)</text>")
            }
        }
        parts.append("</svg>")
        return parts.joined()
    }
}
