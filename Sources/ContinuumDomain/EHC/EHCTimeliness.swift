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
        let pct = summary.pctExcludingExceptions.map { value -> String in
            let tenths = Int((value * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)"
        } ?? "null"
        return "{\"year\":\(year),\"plans_issued\":\(summary.plansIssued),\"within_20_weeks\":\(summary.within),"
            + "\"exceptions\":\(summary.exceptions),\"pct_within_20_weeks_excluding_exceptions\":\(pct)}"
    }
}
