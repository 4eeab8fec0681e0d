import Foundation

/// Where a Section 19 service's money comes from (MET-FIN-1: the sources are local; these are the model's).
public enum FundingSource: String, CaseIterable, Sendable, Codable {
    case dsgHNB = "DSG_HNB"
    case schoolContributions = "school_contributions"
    case laCore = "LA_core"
    case health
    case other

    public var label: String {
        switch self {
        case .dsgHNB: "Dedicated Schools Grant, High Needs Block"
        case .schoolContributions: "Schools' contributions"
        case .laCore: "Council core budget"
        case .health: "Health"
        case .other: "Other"
        }
    }
}

/// One funding line of the service's budget for a year, with the note saying how firm the figure is (MET-FIN-1).
public struct ServiceBudgetLine: Sendable, Equatable {
    public let source: FundingSource
    public let amount: Money
    /// Why the figure is what it is, e.g. "historical information" (SEED-1) where the basis is weak.
    public let basisNote: String
    /// S251-4: the line finance maps the service to (⚠ local mapping; nil until mapped).
    public let s251Line: String?

    public init(source: FundingSource, amount: Money, basisNote: String, s251Line: String? = nil) {
        self.source = source; self.amount = amount; self.basisNote = basisNote; self.s251Line = s251Line
    }
}

/// The Section 19 (Medical Education) service's budget for one financial year (MET-FIN-1): its lines and total.
public struct ServiceBudget: Sendable, Equatable {
    public let year: FinancialYear
    public let lines: [ServiceBudgetLine]

    public init(year: FinancialYear, lines: [ServiceBudgetLine]) { self.year = year; self.lines = lines }

    public var total: Money { Money.sum(lines.map(\.amount)) }

    public func total(from source: FundingSource) -> Money { Money.sum(lines.filter { $0.source == source }.map(\.amount)) }

    /// The year's cost, tagged with its year so a measure can tell a count from another year (MET-FIN-3).
    public var cost: YearCost { YearCost(year: year, amount: total, describes: "the \(year) budget, all sources") }
}
