import ContinuumDomain

/// Gives each demo referral its reason category. The paper says about 80% are for anxiety and
/// mental health; drawing each reason independently would only average that, so every run of
/// ten referrals (in order of receipt) has exactly eight, and the other two go preferentially to
/// the children whose provision suggests a physical need (hospital, home tuition).
enum HistoryReasons {
    static let anxietyShare = 0.8

    static func assign(_ plans: [PlannedCase], seed: UInt64) -> [ReferralReason] {
        var random = HistoryRandom(seed: seed, stream: 4)
        var reasons = Array(repeating: ReferralReason.anxietyMentalHealth, count: plans.count)
        for blockStart in stride(from: 0, to: plans.count, by: 10) {
            var candidates = Array(blockStart..<min(blockStart + 10, plans.count))
            var others = candidates.count - Int((Double(candidates.count) * anxietyShare).rounded())
            while others > 0, !candidates.isEmpty {
                let index = candidates.remove(at: random.pick(weights: candidates.map { weight(plans[$0]) }))
                reasons[index] = physicalReason(plans[index], &random)
                others -= 1
            }
        }
        return reasons
    }

    /// How likely a case is to be one of the non-anxiety referrals in its block.
    private static func weight(_ plan: PlannedCase) -> Int {
        guard plan.outcome == .accepted else { return 2 }
        if plan.awaitingSpecialistPlace { return 5 }
        switch plan.type {
        case .hospital: return 8
        case .home: return 4
        case .virtual: return 3
        case .base, .outreach: return 1
        }
    }

    /// A reason that fits the provision: hospital tuition for treatment, home tuition for low
    /// immunity or mobility, "other" for the autistic children awaiting specialist places.
    private static func physicalReason(_ plan: PlannedCase, _ random: inout HistoryRandom) -> ReferralReason {
        if plan.awaitingSpecialistPlace { return .other }
        let choices: [(ReferralReason, Int)]
        switch (plan.outcome, plan.type) {
        case (.accepted, .hospital): choices = [(.hospitalTreatment, 70), (.postOperative, 30)]
        case (.accepted, .home): choices = [(.lowImmunity, 35), (.reducedMobility, 25), (.postOperative, 25), (.other, 15)]
        case (.accepted, .virtual): choices = [(.lowImmunity, 60), (.other, 40)]
        case (.accepted, _): choices = [(.reducedMobility, 30), (.postOperative, 20), (.lowImmunity, 10), (.other, 40)]
        default: choices = [(.lowImmunity, 1), (.reducedMobility, 1), (.postOperative, 1), (.hospitalTreatment, 1), (.other, 1)]
        }
        return choices[random.pick(weights: choices.map(\.1))].0
    }
}
