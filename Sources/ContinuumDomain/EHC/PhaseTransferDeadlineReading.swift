/// How to read regulation 18(1)'s "before 15 February / 31 March".
///
/// ⚠ Rulebook AR-5 and section L item 8: the regulation says "before"; IPSEA and
/// councils say "by". Kept configurable and flagged for legal confirmation.
public enum PhaseTransferDeadlineReading: String, CaseIterable, Codable, Sendable {
    /// The statutory wording: the last compliant day is the day before (14 February / 30 March).
    case before
    /// The guidance wording: the named day itself is still on time.
    case by
}
