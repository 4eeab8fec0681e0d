import ContinuumDomain

/// Every figure `/ehc/performance` prints, and every count its percentages and rates imply, as one
/// `DisclosureTable`, so finance and elected members get one suppression result for the whole page
/// (SECURITY.md: small numbers suppressed, with secondary suppression so totals don't reveal them).
extension EHCBacklog {
    /// Keys: year.{issued,within,late,exceptions}; m<i>.{issued,within,late,exceptions} for `trend[i]`;
    /// stage.r<i>.c<j>, stage.r<i>.total, stage.total; forecast.{intake,completions}; bt<i>.{predicted,actual};
    /// msg.{messages,answered,within,late,unanswered,overdue}; load.{open,overdue}.
    var disclosureTable: DisclosureTable {
        var table = DisclosureTable()
        // A month's percentage and its plans issued together give the plans within and outside 20 weeks.
        func plans(_ prefix: String, issued: Int, within: Int, exceptions: Int) {
            table.add("\(prefix).issued", issued)
            table.add("\(prefix).within", within)
            table.add("\(prefix).late", issued - within - exceptions)
            table.add("\(prefix).exceptions", exceptions)
            table.addLine(total: "\(prefix).issued", parts: ["\(prefix).within", "\(prefix).late", "\(prefix).exceptions"])
        }
        for (i, month) in trend.enumerated() { plans("m\(i)", issued: month.issued, within: month.within, exceptions: month.exceptions) }
        if let last = lastYear {
            plans("year", issued: last.summary.plansIssued, within: last.summary.within, exceptions: last.summary.exceptions)
            // The year's figures are the sum of its months in the chart.
            let months = trend.indices.filter { trend[$0].month.year == last.year }
            if months.count == 12 {
                for measure in ["issued", "within", "late", "exceptions"] {
                    table.addLine(total: "year.\(measure)", parts: months.map { "m\($0).\(measure)" })
                }
            }
        }
        table.addGrid("stage", rows: byStageAndWeeks.map(\.counts), rowTotals: true, columnTotals: false, grandTotal: true)
        if let forecast {
            // The rates printed imply the counts behind them.
            table.add("forecast.intake", Int((forecast.intakePerWeek * Double(EHCBacklog.forecastWindowWeeks)).rounded()))
            table.add("forecast.completions", Int((forecast.completionsPerCaseworkerWeek * Double(forecast.caseworkers * EHCBacklog.forecastWindowWeeks)).rounded()))
            table.add("forecast.backlog", forecast.backlog)
            // Usually the same children as the stage table's grand total; tied to it when it is.
            table.addLine(total: "forecast.backlog", parts: ["stage.total"])
        }
        for (i, test) in backtests.enumerated() {
            table.add("bt\(i).predicted", test.predicted)
            table.add("bt\(i).actual", test.actual)
        }
        if let s = responseTime {
            table.add("msg.messages", s.messages)
            table.add("msg.answered", s.answered)
            table.add("msg.within", s.withinTarget)
            table.add("msg.late", s.answered - s.withinTarget)
            table.add("msg.unanswered", s.messages - s.answered)
            table.add("msg.overdue", s.overdueUnanswered)
            table.addLine(total: "msg.answered", parts: ["msg.within", "msg.late"])
            table.addLine(total: "msg.messages", parts: ["msg.answered", "msg.unanswered"])
        }
        table.add("load.open", caseloads.reduce(0) { $0 + $1.open })
        table.add("load.overdue", caseloads.reduce(0) { $0 + $1.overdue })
        return table
    }
}
