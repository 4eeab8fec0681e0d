import Foundation
import ContinuumDomain

/// The DSG management plan as DfE's template lays it out (DSGMP-2: seven tabs), and its tables as CSV
/// files. The tables are built once as cells, so the workbook, the CSVs and the page can't disagree.
enum DSGPlanWorkbook {
    typealias Cell = XLSXWorkbook.Cell

    /// The tables offered as CSV, each named for its file.
    enum Table: String, CaseIterable {
        case financialSummary = "financial-summary"
        case childrenAndYoungPeople = "children-and-young-people"
        case workstreams
        case engagement

        var title: String {
            switch self {
            case .financialSummary: "Financial summary"
            case .childrenAndYoungPeople: "Children and young people with EHC plans"
            case .workstreams: "Workstream log"
            case .engagement: "Stakeholder engagement record"
            }
        }
    }

    static func workbook(_ report: DSGPlanReport) throws -> XLSXWorkbook {
        try XLSXWorkbook(sheets: DSGPlan.Tab.allCases.map { tab in XLSXWorkbook.Sheet(name: tab.title, rows: rows(tab, report)) })
    }

    static func rows(_ tab: DSGPlan.Tab, _ report: DSGPlanReport) -> [[Cell]] {
        switch tab {
        case .cover:
            return [
                [.text("Dedicated Schools Grant management plan")],
                [.text("Local authority"), .text(report.authorityName)],
                [.text("LA code"), .text(report.laCode)],
                [.text("As at"), .text(report.asAt.description)],
                [.text("Template"), .text("The structure of DfE's DSG deficit management plan template (DSGMP-2)")],
                [.text("Status"), .text("Draft, computed by Continuum from the records it holds")],
                [.text("Safety Valve agreement"), .text(report.safetyValve ?? "None recorded")],
            ]
        case .introduction:
            return [
                [.text("What this plan is")],
                [.text("The authority's plan to bring the Dedicated Schools Grant back into balance, for Schools Forum (at least termly) and DfE (DSGMP-1).")],
                [.text("What Continuum computes")],
                [.text("The High Needs Block figures, the children and young people with EHC plans by age band and setting, the workstream log and the engagement record, from the placements, plans and entries it holds.")],
                [.text("What the authority adds")],
                [.text("The other funding blocks, the narrative on outcomes, and sign-off.")],
            ]
        case .summaryNarrative:
            var rows: [[Cell]] = [[.text("Financial plan")]]
            if let last = report.financial.last {
                rows.append([.text("Cumulative High Needs balance by the end of \(last.year), unmitigated"), .money(last.unmitigatedCumulative)])
                rows.append([.text("Cumulative High Needs balance by the end of \(last.year), mitigated"), .money(last.mitigatedCumulative)])
            }
            rows.append([.text("High needs trends: EHC plans in force at the January census")])
            rows += report.census.map { [.text("January \($0.censusYear)"), .count($0.plans)] }
            rows.append([.text("Outcomes")])
            rows.append([.text("Entered by the authority.")])
            return rows
        case .financialSummary: return table(.financialSummary, report) + [[], [.text("Method")], [.text(DSGPlan.financeMethod)]]
        case .childrenAndYoungPeople: return table(.childrenAndYoungPeople, report) + [[], [.text("Method")], [.text(DSGPlan.cypMethod)], [.text(DSGPlan.trendMethod)]]
        case .governance: return [[.text("Workstream log")]] + table(.workstreams, report)
        case .stakeholderEngagement: return table(.engagement, report)
        }
    }

    static func table(_ table: Table, _ report: DSGPlanReport) -> [[Cell]] {
        switch table {
        case .financialSummary:
            let header: [Cell] = ["financial_year", "block", "basis", "income", "unmitigated_spend", "savings", "mitigated_spend",
                                  "unmitigated_in_year", "mitigated_in_year", "unmitigated_cumulative", "mitigated_cumulative",
                                  "safety_valve_target_in_year", "income_carried_forward"].map(Cell.text)
            return [header] + report.financial.map { row in
                [.text(row.year.description), .text("High Needs"), .text(row.basis.rawValue), .money(row.income), .money(row.unmitigatedSpend),
                 .money(row.savings), .money(row.mitigatedSpend), .money(row.unmitigatedInYear), .money(row.mitigatedInYear),
                 .money(row.unmitigatedCumulative), .money(row.mitigatedCumulative), row.safetyValveTarget.map(Cell.money) ?? .empty,
                 .text(row.incomeAssumed ? "yes" : "no")]
            }
        case .childrenAndYoungPeople:
            let header: [Cell] = ["census_year", "basis", "age_band", "placement_type", "plans"].map(Cell.text)
            let types = report.cypTypes
            return [header] + (report.cypActual + report.cypForecast).flatMap { census in
                DSGPlan.AgeBand.allCases.flatMap { band in
                    types.map { type -> [Cell] in
                        [.count(census.censusYear), .text(census.basis.rawValue), .text(band.rawValue), .text(type?.rawValue ?? "not-recorded"),
                         .count(census.count(band, type))]
                    }
                }
            }
        case .workstreams:
            let years = report.years
            let header: [Cell] = (["title", "lead", "start", "end", "status", "rag", "safety_valve_condition"] + years.map { "saving_\($0)" }).map(Cell.text)
            return [header] + report.workstreams.map { item in
                [.text(item.title), .text(item.lead), .text(item.startsOn.description), .text(item.endsOn?.description ?? ""), .text(item.status.rawValue),
                 .text(item.rag.rawValue), .text(item.svCondition ?? "")] + years.map { item.savings[$0].map(Cell.money) ?? .empty }
            }
        case .engagement:
            let header: [Cell] = ["audience", "date", "method", "summary", "outcome"].map(Cell.text)
            // Grouped in the template's six sub-sections, then by date.
            let order = Dictionary(uniqueKeysWithValues: DSGPlan.Audience.allCases.enumerated().map { ($1, $0) })
            let sorted = report.engagement.sorted { (order[$0.audience]!, $0.heldOn) < (order[$1.audience]!, $1.heldOn) }
            return [header] + sorted.map { [.text($0.audience.label), .text($0.heldOn.description), .text($0.method), .text($0.summary), .text($0.outcome)] }
        }
    }

    /// A table as CSV text (RFC 4180, with cells no spreadsheet will evaluate).
    static func csv(_ rows: [[Cell]]) -> String {
        rows.map { row in
            row.map { cell -> String in
                switch cell {
                case let .text(text): CSVCell.escape(text)
                case let .number(text): text
                case .empty: ""
                }
            }.joined(separator: ",")
        }.joined(separator: "\r\n") + "\r\n"
    }
}
