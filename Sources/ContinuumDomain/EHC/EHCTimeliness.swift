/// The 20-week timeliness measure behind `continuum report ehc-timeliness`
/// and the national statistics: the share of new plans issued within 20 weeks
/// of the request, counted in the calendar year the final plan was issued.
///
/// Exception cases are counted but kept out of the percentage, because the law
/// sets them no fixed deadline (rulebook EHC-6: report with and without them).
public enum EHCTimeliness: Sendable {
    /// One assessment: `final` is nil while no plan has been issued.
    public typealias Case = (request: CalendarDate, final: CalendarDate?, exception: EHCException?)
    /// `within` counts plans without an exception; `pctExcludingExceptions` is
    /// within ÷ (issued − exceptions) × 100 to one decimal place, nil when that denominator is 0.
    public typealias Summary = (plansIssued: Int, within: Int, exceptions: Int, pctExcludingExceptions: Double?)

    /// Nil when an exception applies: such a plan is neither in time nor late.
    // SEND Regulations 2014 reg 13(2)–(3): final plan within 20 weeks (request + 140 days) unless a reg 10(4) exception applies.
    public static func isWithin20Weeks(request: CalendarDate, finalIssued: CalendarDate,
                                       exception: EHCException?) -> Bool? {
        guard exception == nil else { return nil }
        return finalIssued <= request.adding(days: EHCTimeline.finalDays)
    }

    /// Plans whose final date falls in calendar `year`; cases with no final plan are ignored.
    public static func summary(cases: [Case], year: Int) -> Summary {
        var issued = 0, within = 0, exceptions = 0
        for item in cases {
            guard let final = item.final, final.year == year else { continue }
            issued += 1
            switch isWithin20Weeks(request: item.request, finalIssued: final, exception: item.exception) {
            case nil: exceptions += 1
            case true?: within += 1
            case false?: break
            }
        }
        return (issued, within, exceptions, percentage(within, of: issued - exceptions))
    }

    /// Plans whose final date falls in calendar `year` and was on or before request + 140 days,
    /// counting exception cases like any other (the "including exceptions" side of EHC-6).
    // SEND Regulations 2014 reg 13(2) and rulebook EHC-6: report 20-week compliance including exception cases too.
    public static func withinIncludingExceptions(cases: [Case], year: Int) -> Int {
        cases.reduce(0) { count, item in
            guard let final = item.final, final.year == year else { return count }
            return final <= item.request.adding(days: EHCTimeline.finalDays) ? count + 1 : count
        }
    }

    /// The measure both ways (rulebook EHC-6): `summary` excludes exception cases as before;
    /// `withinIncludingExceptions` counts every plan issued by request + 140 days, and
    /// `pctIncludingExceptions` is that ÷ plans issued × 100 to one decimal place (nil with no plans).
    public struct Report: Hashable, Sendable {
        public let plansIssued: Int
        public let within: Int
        public let exceptions: Int
        public let pctExcludingExceptions: Double?
        public let withinIncludingExceptions: Int
        public let pctIncludingExceptions: Double?

        public var summary: Summary { (plansIssued, within, exceptions, pctExcludingExceptions) }

        public init(summary: Summary, withinIncludingExceptions: Int) {
            plansIssued = summary.plansIssued; within = summary.within; exceptions = summary.exceptions
            pctExcludingExceptions = summary.pctExcludingExceptions
            self.withinIncludingExceptions = withinIncludingExceptions
            pctIncludingExceptions = EHCTimeliness.percentage(withinIncludingExceptions, of: summary.plansIssued)
        }
    }

    /// `summary(cases:year:)` and `withinIncludingExceptions(cases:year:)` together.
    public static func report(cases: [Case], year: Int) -> Report {
        Report(summary: summary(cases: cases, year: year), withinIncludingExceptions: withinIncludingExceptions(cases: cases, year: year))
    }

    /// `part ÷ whole × 100` to one decimal place, halves rounded up, computed in
    /// integers so a true 37.45 gives 37.5 rather than whatever binary floating
    /// point makes of it; nil when `whole` is not positive.
    public static func percentage(_ part: Int, of whole: Int) -> Double? {
        guard whole > 0 else { return nil }
        let tenths = (2 * 1000 * part + whole) / (2 * whole)
        return Double(tenths) / 10
    }

    /// The report's JSON line, keys in the order of issue 5:
    /// `{"year":2024,"plans_issued":N,"within_20_weeks":n,"exceptions":e,"pct_within_20_weeks_excluding_exceptions":x}`
    /// with `x` to one decimal place, or `null` when no plan without an exception was issued.
    public static func jsonLine(year: Int, summary: Summary) -> String {
        "{" + jsonFields(year: year, summary: summary) + "}"
    }

    /// The report's JSON line with both measures: the five keys of `jsonLine(year:summary:)`, unchanged,
    /// then `within_20_weeks_including_exceptions` and `pct_within_20_weeks_including_exceptions`
    /// (one decimal place, `null` when no plan was issued).
    // Rulebook EHC-6: report 20-week compliance both including and excluding exception cases.
    public static func jsonLine(year: Int, report: Report) -> String {
        "{" + jsonFields(year: year, summary: report.summary)
            + ",\"within_20_weeks_including_exceptions\":\(report.withinIncludingExceptions),"
            + "\"pct_within_20_weeks_including_exceptions\":\(oneDecimal(report.pctIncludingExceptions))}"
    }

    private static func jsonFields(year: Int, summary: Summary) -> String {
        "\"year\":\(year),\"plans_issued\":\(summary.plansIssued),\"within_20_weeks\":\(summary.within),"
            + "\"exceptions\":\(summary.exceptions),\"pct_within_20_weeks_excluding_exceptions\":\(oneDecimal(summary.pctExcludingExceptions))"
    }

    /// "37.4" from a value `percentage` produced (a whole number of tenths), "null" for nil.
    private static func oneDecimal(_ value: Double?) -> String {
        value.map { value -> String in
            let tenths = Int((value * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)"
        } ?? "null"
    }
}
