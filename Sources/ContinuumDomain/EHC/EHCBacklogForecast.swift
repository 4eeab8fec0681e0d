/// When the open EHC caseload will clear, from recent weekly intake and completions.
///
/// Method (stated on the backlog page): over the last `window` weeks, average new requests per
/// week (intake) and cases closed per week per caseworker (productivity). At `caseworkers`
/// staff the backlog changes each week by intake − caseworkers × productivity; if that is
/// negative the backlog clears in backlog ÷ (caseworkers × productivity − intake) weeks,
/// rounded up; otherwise it never clears at that staffing.
public struct EHCBacklogForecast: Hashable, Sendable {
    public let backlog: Int
    public let intakePerWeek: Double
    public let completionsPerCaseworkerWeek: Double
    public let caseworkers: Int

    public init(backlog: Int, intakePerWeek: Double, completionsPerCaseworkerWeek: Double, caseworkers: Int) {
        self.backlog = backlog; self.intakePerWeek = intakePerWeek
        self.completionsPerCaseworkerWeek = completionsPerCaseworkerWeek; self.caseworkers = caseworkers
    }

    /// From counts over the window: `intake` requests received, `completions` cases closed
    /// (plan issued, refused, withdrawn, not issued), `caseworkerWeeks` summed over the weeks.
    public static func from(backlog: Int, intake: Int, completions: Int, caseworkerWeeks: Double, window: Int,
                            caseworkers: Int) -> EHCBacklogForecast {
        EHCBacklogForecast(backlog: backlog, intakePerWeek: window > 0 ? Double(intake) / Double(window) : 0,
                           completionsPerCaseworkerWeek: caseworkerWeeks > 0 ? Double(completions) / caseworkerWeeks : 0,
                           caseworkers: caseworkers)
    }

    /// Net weekly reduction with `extra` more caseworkers (negative when the backlog grows).
    public func weeklyReduction(extraCaseworkers extra: Int = 0) -> Double {
        Double(caseworkers + extra) * completionsPerCaseworkerWeek - intakePerWeek
    }

    static let horizonWeeks = 520

    /// Whole weeks until the backlog reaches zero; 0 when there is none; nil when it never does (within ten years).
    public func weeksToClear(extraCaseworkers extra: Int = 0) -> Int? {
        guard backlog > 0 else { return 0 }
        let reduction = weeklyReduction(extraCaseworkers: extra)
        guard reduction > 1e-9 else { return nil }
        let weeks = (Double(backlog) / reduction).rounded(.up)
        // Beyond ten years the forecast means nothing, and the date would overflow the calendar: "does not clear".
        return weeks <= Double(Self.horizonWeeks) ? Int(weeks) : nil
    }

    public func clearanceDate(from today: CalendarDate, extraCaseworkers extra: Int = 0) -> CalendarDate? {
        weeksToClear(extraCaseworkers: extra).map { today.adding(days: 7 * $0) }
    }

    /// The backlog predicted `weeks` ahead, floored at zero: what a past forecast is checked against.
    public func predictedBacklog(afterWeeks weeks: Int, extraCaseworkers extra: Int = 0) -> Int {
        max(0, Int((Double(backlog) - Double(weeks) * weeklyReduction(extraCaseworkers: extra)).rounded()))
    }
}
