import Foundation

/// The DSG deficit management plan (DSGMP-1 to DSGMP-4): the template's tabs, its age bands and audiences,
/// and the forecasts Continuum can compute from the plans and placements it holds, each with its method.
public enum DSGPlan {
    // DSGMP-2: the template's tabs (guidance v2's contents list; the template is now at v10).
    public enum Tab: Int, CaseIterable, Sendable {
        case cover, introduction, summaryNarrative, financialSummary, childrenAndYoungPeople, governance, stakeholderEngagement

        /// The sheet name in the workbook (Excel allows 31 characters).
        public var title: String {
            switch self {
            case .cover: "Cover"
            case .introduction: "Introduction"
            case .summaryNarrative: "Summary narrative"
            case .financialSummary: "Financial summary"
            case .childrenAndYoungPeople: "Children and young people"
            case .governance: "Governance and management"
            case .stakeholderEngagement: "Stakeholder engagement"
            }
        }
    }

    // DSGMP-4: PlanCYPRow's age bands, SEN2's: age on 31 August before the January census.
    public enum AgeBand: String, CaseIterable, Sendable {
        case under5 = "<5", from5to10 = "5–10", from11to15 = "11–15", from16to19 = "16–19", from20to25 = "20–25"

        /// Nil past 25: an EHC plan ends by the young person's 26th birthday.
        public init?(age: Int) {
            switch age {
            case ..<5: self = .under5
            case 5...10: self = .from5to10
            case 11...15: self = .from11to15
            case 16...19: self = .from16to19
            case 20...25: self = .from20to25
            default: return nil
            }
        }

        public var label: String { self == .under5 ? "Under 5" : "Aged " + rawValue }

        /// The age the band is read at: 31 August before the census's January (SEN2's convention).
        public static func age(dateOfBirth: CalendarDate, censusYear: Int) -> Int {
            AgeAndStage.age(dateOfBirth: dateOfBirth, on: CalendarDate(year: censusYear - 1, month: 8, day: 31))
        }
    }

    // DSGMP-2 (7): the stakeholder engagement record's six sub-sections.
    public enum Audience: String, CaseIterable, Sendable {
        case schoolsForum = "schools-forum", educationInstitutions = "education-institutions", parentsAndCarers = "parents-and-carers"
        case childrenAndYoungPeople = "children-and-young-people", electedMembers = "elected-members", healthPartners = "health-partners"

        public var label: String {
            switch self {
            case .schoolsForum: "Schools Forum"
            case .educationInstitutions: "Education institutions"
            case .parentsAndCarers: "Parents and carers"
            case .childrenAndYoungPeople: "Children and young people"
            case .electedMembers: "Elected members"
            case .healthPartners: "Health partners"
            }
        }
    }

    // DSGMP-4: Workstream(status); its RAG is SV-8's RAG.
    public enum WorkstreamStatus: String, CaseIterable, Sendable {
        case planned, inProgress = "in-progress", complete, paused

        public var label: String {
            switch self {
            case .planned: "Planned"
            case .inProgress: "In progress"
            case .complete: "Complete"
            case .paused: "Paused"
            }
        }
    }

    /// The plans in force at one January census.
    public struct CensusCount: Hashable, Sendable {
        public let censusYear: Int
        public let plans: Int
        public init(censusYear: Int, plans: Int) { self.censusYear = censusYear; self.plans = plans }
    }

    public static let trendMethod = "Plans in force at each January census Continuum holds, fitted by a least-squares straight line "
        + "and read at each later January; each fitted count is rounded half-up to a whole plan and is never below zero."

    /// The least-squares line through the census counts, read at `censusYear`, rounded half-up; flat when
    /// there is one census, nil when there is none. Exact: the fit is done in integers.
    public static func trend(_ counts: [CensusCount], at censusYear: Int) -> Int? {
        guard !counts.isEmpty else { return nil }
        let n = counts.count
        let sx = counts.reduce(0) { $0 + $1.censusYear }, sy = counts.reduce(0) { $0 + $1.plans }
        let sxx = counts.reduce(0) { $0 + $1.censusYear * $1.censusYear }, sxy = counts.reduce(0) { $0 + $1.censusYear * $1.plans }
        let d = n * sxx - sx * sx
        // y(x) = ȳ + b(x − x̄), b = (nΣxy − ΣxΣy) / (nΣx² − (Σx)²): over the common denominator n·d.
        guard d != 0 else { return max(0, roundHalfUp(sy, n)) }
        let numerator = sy * d + (n * sxy - sx * sy) * (n * censusYear - sx)
        return max(0, roundHalfUp(numerator, n * d))
    }

    static func roundHalfUp(_ numerator: Int, _ denominator: Int) -> Int {
        let (q, r) = numerator.quotientAndRemainder(dividingBy: denominator)
        guard r != 0 else { return q }
        let away = 2 * r.magnitude >= denominator.magnitude
        guard away else { return q }
        return (numerator < 0) != (denominator < 0) ? q - 1 : q + 1
    }

    /// One year of the financial summary for the High Needs Block (DSGMP-3's finance tab).
    public struct FinancialRow: Hashable, Sendable {
        public enum Basis: String, Sendable { case actual, forecast, projected }
        public let year: FinancialYear
        public let basis: Basis
        public let income: Money
        /// True when no allocation is set for the year, so the latest one set is carried forward.
        public let incomeAssumed: Bool
        public let unmitigatedSpend: Money
        public let savings: Money
        public var mitigatedSpend: Money { unmitigatedSpend - savings }
        public var unmitigatedInYear: Money { income - unmitigatedSpend }
        public var mitigatedInYear: Money { income - mitigatedSpend }
        public let unmitigatedCumulative: Money
        public let mitigatedCumulative: Money
        /// SV-3: where a Safety Valve agreement sets an in-year target for the year, the mitigated scenario is measured against it.
        public let safetyValveTarget: Money?
    }

    /// What the financial summary is computed from, all read from Continuum's own records.
    public struct FinanceInputs: Sendable {
        /// The years' allocations (high needs after deductions + transfer in) and each year's opening cumulative balance.
        public var income: [FinancialYear: Money]
        public var openingCumulative: [FinancialYear: Money]
        /// The placements' pro-rata cost in each year up to the current one (actual for past years, the
        /// forecast outturn of the commitments for the current year).
        public var placementCost: [FinancialYear: Money]
        /// Savings per year summed over the workstreams.
        public var savings: [FinancialYear: Money]
        public var safetyValveTargets: [FinancialYear: Money]
        public var census: [CensusCount]

        public init(income: [FinancialYear: Money], openingCumulative: [FinancialYear: Money], placementCost: [FinancialYear: Money],
                    savings: [FinancialYear: Money] = [:], safetyValveTargets: [FinancialYear: Money] = [:], census: [CensusCount]) {
            self.income = income; self.openingCumulative = openingCumulative; self.placementCost = placementCost
            self.savings = savings; self.safetyValveTargets = safetyValveTargets; self.census = census
        }
    }

    public static let financeMethod = "Years before this one are the placements' actual pro-rata cost; this year is the forecast outturn "
        + "of the placements in force, open ones to 31 March. Later years scale this year's cost by the trend in plans "
        + "(the fitted count at each year's January over this year's), so the mix of placements and their unit costs are held. "
        + "The mitigated scenario takes off the workstreams' savings from next year on. Where no allocation is set for a year "
        + "the latest one set is carried forward. The High Needs Block only: Continuum does not hold the other blocks."

    /// The financial summary from `first` to `horizon` (DSGMP-3), with `current` the year holding today.
    public static func financialSummary(_ inputs: FinanceInputs, first: FinancialYear, current: FinancialYear, horizon: FinancialYear) -> [FinancialRow] {
        guard first <= horizon else { return [] }
        let base = inputs.placementCost[current] ?? .zero
        // The January census inside the financial year (2026-27 holds January 2027).
        let fittedNow = trend(inputs.census, at: current.startYear + 1) ?? 0
        var rows: [FinancialRow] = []
        var year = first
        var lastIncome: Money?
        var unmitigatedCumulative = inputs.openingCumulative[first] ?? .zero
        var mitigatedCumulative = unmitigatedCumulative
        while year <= horizon {
            let setIncome = inputs.income[year]
            if let setIncome { lastIncome = setIncome }
            let income = setIncome ?? lastIncome ?? .zero
            let basis: FinancialRow.Basis = year < current ? .actual : (year == current ? .forecast : .projected)
            let spend: Money
            if year <= current {
                spend = inputs.placementCost[year] ?? .zero
            } else if fittedNow > 0, let fitted = trend(inputs.census, at: year.startYear + 1) {
                spend = base.scaled(by: fitted, over: fittedNow)
            } else {
                spend = base
            }
            let savings = year > current ? (inputs.savings[year] ?? .zero) : .zero
            // A year with its own opening balance set restarts the running balance from it.
            if year != first, let opening = inputs.openingCumulative[year], year <= current {
                unmitigatedCumulative = opening; mitigatedCumulative = opening
            }
            unmitigatedCumulative += income - spend
            mitigatedCumulative += income - (spend - savings)
            rows.append(FinancialRow(year: year, basis: basis, income: income, incomeAssumed: setIncome == nil, unmitigatedSpend: spend,
                                     savings: savings, unmitigatedCumulative: unmitigatedCumulative, mitigatedCumulative: mitigatedCumulative,
                                     safetyValveTarget: inputs.safetyValveTargets[year]))
            year = year.next
        }
        return rows
    }

    /// Children and young people with plans by age band and type of setting at one census (DSGMP-3's CYP tab).
    /// A nil type is a plan with no placement recorded in Continuum.
    public struct CYPTable: Sendable {
        public let censusYear: Int
        public let basis: FinancialRow.Basis
        public let counts: [AgeBand: [PlacementType?: Int]]
        public var total: Int { counts.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
        public func count(_ band: AgeBand) -> Int { counts[band]?.values.reduce(0, +) ?? 0 }
        public func count(_ band: AgeBand, _ type: PlacementType?) -> Int { counts[band]?[type] ?? 0 }
        public init(censusYear: Int, basis: FinancialRow.Basis, counts: [AgeBand: [PlacementType?: Int]]) {
            self.censusYear = censusYear; self.basis = basis; self.counts = counts
        }
    }

    public static let cypMethod = "Actual years count the plans in force on each January census day, by age on the 31 August before it "
        + "and by the type of setting of the placement open that day. Forecast years scale each cell of the latest census by the "
        + "fitted trend in plans, rounding each cell half-up, so totals are the sums of the rounded cells."

    /// The latest actual table scaled to each later census year by the trend.
    public static func cypForecast(latest: CYPTable, census: [CensusCount], through lastCensusYear: Int) -> [CYPTable] {
        guard let fittedLatest = trend(census, at: latest.censusYear), fittedLatest > 0, latest.censusYear < lastCensusYear else { return [] }
        return ((latest.censusYear + 1)...lastCensusYear).compactMap { year in
            guard let fitted = trend(census, at: year) else { return nil }
            let counts = latest.counts.mapValues { byType in byType.mapValues { roundHalfUp($0 * fitted, fittedLatest) } }
            return CYPTable(censusYear: year, basis: .projected, counts: counts)
        }
    }
}
