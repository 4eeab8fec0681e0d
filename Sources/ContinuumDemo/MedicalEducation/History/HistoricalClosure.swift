import ContinuumDomain

/// How a demo case ended: the outcome the service reports on reintegration.
public struct HistoricalClosure: Sendable, Equatable {
    /// The outcome codes, in the order the issue lists them.
    public static let outcomes = [
        "returned_full_time", "returned_part_time", "specialist_provision", "post16", "moved_away", "other",
    ]

    /// On or after the last day of provision: the closing review is held once teaching has ended.
    public let closedOn: CalendarDate
    /// One of `outcomes`.
    public let outcome: String
    /// Only for children who finished Year 11 with the service (outcome "post16").
    public let gcse: GCSEGrades?
    /// The closing note, in words, for the case record.
    public let note: String

    public init(closedOn: CalendarDate, outcome: String, gcse: GCSEGrades?, note: String) {
        self.closedOn = closedOn
        self.outcome = outcome
        self.gcse = gcse
        self.note = note
    }
}
