import Foundation

/// The three illness-absence measures for one child and academic year,
/// computed from the child's merged `SessionCodes` in one pass over the slots.
// Issue 4 item 2: illness_days, reached_15_on, longest_consecutive_days; rulebook HN-2: the 15-school-day trigger.
public struct IllnessMeasures: Hashable, Sendable {
    /// Sessions coded I.
    public let illnessSessions: Int
    /// The date of the session at which the running count of I sessions, in
    /// date order with AM before PM, reached the threshold; nil if it never did.
    public let reached15On: CalendarDate?
    /// The longest run of the child's school days on which every possible session is I.
    public let longestConsecutiveDays: Int

    /// 15 days as sessions. Rulebook HN-2 asks for the threshold to be configurable
    /// and reads "15 days" as "15 or more", so the 30th session is the trigger.
    // Rulebook HN-2: "Use ≥15, the more protective reading, and make the threshold configurable."
    public static let defaultThresholdSessions = 30

    public init(illnessSessions: Int, reached15On: CalendarDate?, longestConsecutiveDays: Int) {
        self.illnessSessions = illnessSessions
        self.reached15On = reached15On
        self.longestConsecutiveDays = longestConsecutiveDays
    }

    /// Sessions coded I ÷ 2, so a half day is 0.5.
    // Issue 4 item 2: "illness_days = the number of sessions coded I ÷ 2 (half days count 0.5)".
    public var illnessDays: Double { Double(illnessSessions) / 2 }

    /// Computes the measures from a child's marks merged across schools.
    ///
    /// A school day for the child is a date with at least one possible-session
    /// mark. Not-possible marks (X, Q, Y1–Y7, Z, #, D) and empty sessions count as
    /// neither I nor not-I, so they neither extend nor break a run; a date with
    /// no possible-session mark (weekend, holiday, no data) is skipped. So
    /// AM I + PM X is an all-I day, and AM I + PM / breaks the run.
    // Issue 4 item 2: "Dates with no possible-session mark … are skipped, not breaks."
    public static func compute(_ merged: SessionCodes, thresholdSessions: Int = defaultThresholdSessions) -> IllnessMeasures {
        IllnessMeasureState(computing: merged, urns: [], thresholdSessions: thresholdSessions).measures
    }
}
