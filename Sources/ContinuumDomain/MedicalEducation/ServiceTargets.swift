/// The authority's Section 19 service settings. Defaults are the documented ones; each is
/// configuration because the guidance sets none nationally.
public struct ServiceTargets: Sendable, Equatable {
    /// HN-4: alert when referral → decision exceeds this many school days (suggested default 5).
    public var decisionSchoolDays: Int = 5
    /// Acceptance → first provision, in school days (LOCAL; issue default 5).
    public var firstProvisionSchoolDays: Int = 5
    /// HN-12 (LOCAL, no national frequency): review every 6 school weeks.
    public var reviewIntervalSchoolDays: Int = 30
    /// The service's target length of provision: four terms, flagged unless an exception is recorded.
    public var longPlacementTerms: Int = 4
    /// HN-2: the 15-school-day trigger, ≥ (the more protective reading), configurable.
    public var absenceTriggerDays: Int = 15

    public init() {}

    /// HN-5: there is no statutory hours figure. Default benchmark: the DfE's recommended minimum
    /// weekly lesson time by key stage (KS1 21, KS2 23.5, KS3 24, KS4 25 hours; DES Circular 7/90).
    public var fullTimeHours: [KeyStage: Double] = [.earlyYears: 21, .ks1: 21, .ks2: 23.5, .ks3: 24, .ks4: 25, .post16: 25]

    public func fullTimeHours(for keyStage: KeyStage?) -> Double { keyStage.flatMap { fullTimeHours[$0] } ?? 25 }
}
