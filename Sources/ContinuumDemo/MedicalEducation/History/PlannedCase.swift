import ContinuumDomain

/// A case while the history is being planned: the dates that decide the census (referral,
/// settlement, the span of provision), before names, reasons and wording are added. Kept apart
/// from `HistoricalCase` because the planner moves these dates to hit the paper's figures.
struct PlannedCase: Sendable {
    enum Outcome: Sendable { case accepted, declined, withdrawn }

    /// Why the planner made the case; the writer words and shapes a few of them specially.
    enum Role: Sendable {
        case ordinary
        /// One of the 19 referrals the paper counts as awaiting a decision on 15 January 2020.
        case awaitingAtCensus
        /// Live near `today`: undecided long past the 5-school-day target while evidence is chased.
        case overdueDecision
        /// Live near `today`: a fresh referral not yet decided.
        case freshReferral
        /// Live near `today`: accepted with no provision yet, the breach HN-1 forbids.
        case acceptedWithoutProvision
        /// Live near `today`: an autistic child past four terms, awaiting a specialist place.
        case longPlacement
    }

    let sequence: Int
    var role: Role = .ordinary
    var outcome: Outcome
    var receivedOn: CalendarDate
    /// The decision (accepted or declined) or the withdrawal.
    var settledOn: CalendarDate
    /// First and last day of provision, accepted cases only.
    var start: CalendarDate?
    var end: CalendarDate?
    var dateOfBirth: CalendarDate
    /// The child's main provision, which the census counts them under.
    var type: ProvisionType
    var baseName: String?
    /// Autistic and awaiting a specialist place, so kept beyond four terms.
    var awaitingSpecialistPlace = false
    var urgent = false
    /// Covers a census date with an exact breakdown, so it keeps a single episode of `type`.
    var singleEpisode = false
    /// Left alone by the awaiting-decision fix-ups because it is counted on purpose.
    var heldAwaiting = false

    /// On roll on `date`: the whole span counts, as its episodes follow on without gaps in term.
    func covers(_ date: CalendarDate) -> Bool {
        guard outcome == .accepted, let start, let end else { return false }
        return start <= date && date <= end
    }
}
