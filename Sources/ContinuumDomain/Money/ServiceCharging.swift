import Foundation

/// How a Section 19 service charges schools for a year (MET-FIN-2's patterns; LOCAL, chosen per authority).
public enum ChargeBasis: String, CaseIterable, Sendable, Codable {
    case noCharge = "none"
    case perDay = "per_day"
    case perWeek = "per_week"
    case perTerm = "per_term"
    case perPupilFixed = "per_pupil_fixed"
    case ehcpOnly = "EHCP_only"
    case negotiated

    public var label: String {
        switch self {
        case .noCharge: "No charge to schools"
        case .perDay: "A rate per day on roll"
        case .perWeek: "A rate per week on roll"
        case .perTerm: "A rate per term on roll"
        case .perPupilFixed: "A fixed rate per pupil"
        case .ehcpOnly: "Pupils with an EHC plan only, per hour taught"
        case .negotiated: "Negotiated with each school"
        }
    }

    /// What the rate is multiplied by, stated on the page beside the charges.
    public var method: String {
        switch self {
        case .noCharge: "Nothing is charged (as Norfolk in 2006 and Calderdale for most pupils, MET-FIN-2)."
        case .perDay: "The rate × the child's days on roll in the financial year (calendar days, counted inclusively, as top-up counts days)."
        case .perWeek: "The rate × days on roll ÷ 7, rounded half-up to the penny."
        case .perTerm: "The rate × days on roll × 3 ÷ the days in the financial year (three terms a year, pro rata), rounded half-up to the penny."
        case .perPupilFixed: "The rate once for each child with any provision in the financial year."
        case .ehcpOnly: "For a child with an EHC plan only, the rate × hours of teaching delivered (as Calderdale, MET-FIN-2), rounded half-up to the penny; others are not charged."
        case .negotiated: "Agreed with each school outside Continuum: no charge is computed here."
        }
    }
}

/// The year's charging scheme (MET-FIN-2's `ChargeScheme`): a basis and its rate.
public struct ChargeScheme: Sendable, Equatable {
    public let year: FinancialYear
    public let basis: ChargeBasis
    public let rate: Money

    public init(year: FinancialYear, basis: ChargeBasis, rate: Money) { self.year = year; self.basis = basis; self.rate = rate }
}

/// One child's Section 19 provision in a financial year, as recorded, for the school that is charged.
public struct RecordedProvision: Sendable, Equatable {
    /// The child as finance sees them: a UPN or a reference, never a name or health detail.
    public let child: String
    /// The school charged: the child's home school (they stay on its roll, HN-9).
    public let school: String
    public let daysOnRoll: Int
    public let deliveredMinutes: Int
    public let hasEHCPlan: Bool

    public init(child: String, school: String, daysOnRoll: Int, deliveredMinutes: Int, hasEHCPlan: Bool) {
        self.child = child; self.school = school; self.daysOnRoll = daysOnRoll; self.deliveredMinutes = deliveredMinutes; self.hasEHCPlan = hasEHCPlan
    }
}

public struct SchoolCharge: Sendable, Equatable {
    public let school: String
    public let children: Int
    public let amount: Money
}

/// Charges to schools from the provision recorded (MET-FIN-2). A charge is a bill, never a condition:
/// an unpaid or disputed charge never delays or stops provision (MET-FIN-2; rulebook HN-1).
public enum ServiceCharging {
    // MET-FIN-2: each child's charge under the year's scheme, rounded half-up to the penny.
    public static func charge(_ provision: RecordedProvision, under scheme: ChargeScheme, in year: FinancialYear) -> Money {
        let days = max(0, provision.daysOnRoll)
        switch scheme.basis {
        case .noCharge, .negotiated: return .zero
        case .perDay: return scheme.rate.scaled(by: days, over: 1)
        case .perWeek: return scheme.rate.scaled(by: days, over: 7)
        case .perTerm: return scheme.rate.scaled(by: days * 3, over: year.days)
        case .perPupilFixed: return days > 0 || provision.deliveredMinutes > 0 ? scheme.rate : .zero
        case .ehcpOnly: return provision.hasEHCPlan ? scheme.rate.scaled(by: max(0, provision.deliveredMinutes), over: 60) : .zero
        }
    }

    /// Per school: the children provided for and the sum of their rounded charges, by school name.
    public static func bySchool(_ provision: [RecordedProvision], under scheme: ChargeScheme, in year: FinancialYear) -> [SchoolCharge] {
        var totals: [String: (Set<String>, Money)] = [:]
        for item in provision {
            var entry = totals[item.school] ?? ([], .zero)
            entry.0.insert(item.child)
            entry.1 += charge(item, under: scheme, in: year)
            totals[item.school] = entry
        }
        return totals.keys.sorted().map { SchoolCharge(school: $0, children: totals[$0]!.0.count, amount: totals[$0]!.1) }
    }

    /// Days on roll within the year up to `through`: the union of the episodes, counted inclusively.
    public static func daysOnRoll(_ spans: [(start: CalendarDate, end: CalendarDate?)], year: FinancialYear, through: CalendarDate) -> Int {
        let last = min(through, year.end)
        let clipped = spans.compactMap { span -> (Int, Int)? in
            let from = max(span.start, year.start), to = min(span.end ?? last, last)
            return from <= to ? (from.dayNumber, to.dayNumber) : nil
        }.sorted { $0.0 < $1.0 }
        var days = 0
        var covered = Int.min
        for (from, to) in clipped where to > covered {
            days += to - max(from, covered + 1) + 1
            covered = to
        }
        return days
    }

    /// The number of children on roll at each month end from April to `through` (MET-FIN-3's average roll).
    public static func monthEndRolls(_ spansByChild: [[(start: CalendarDate, end: CalendarDate?)]], year: FinancialYear, through: CalendarDate) -> [Int] {
        let monthEnds = (0..<12).map { offset -> CalendarDate in
            let first = year.start.adding(months: offset)
            return CalendarDate(year: first.year, month: first.month, day: CalendarDate.daysInMonth(year: first.year, month: first.month))
        }.filter { $0 <= min(through, year.end) }
        return monthEnds.map { end in
            spansByChild.filter { spans in spans.contains { $0.start <= end && ($0.end.map { end <= $0 } ?? true) } }.count
        }
    }
}
