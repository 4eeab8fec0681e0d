import ContinuumDomain

/// The demo county's Section 19 history, September 2016 to `today`, built so that the census
/// reproduces the council paper's figures (issue 3, item 9) with coherent case histories:
/// - 1 October 2019: 48 on roll — 41 at a base (Kidderminster 14, Worcester 14, Redditch 13),
///   6 home tuition, 1 hospital — and none awaiting a decision;
/// - 15 January 2020: 84 — 55 with a base place (Kidderminster 22, Worcester 22, Redditch 11),
///   10 home tuition, 19 awaiting a decision;
/// - 2017-18: 122 children received provision at some time in the year;
/// - 80% of referrals for anxiety and mental health.
/// After 2020 it continues at a plausible caseload, ending with live work on `today`: referrals
/// awaiting decisions (one overdue), an accepted child still without provision, and autistic
/// children beyond four terms awaiting specialist places.
///
/// Deterministic: the same seed, day and calendar give the same history, and the history up to
/// about two years before `today` (where the live cases begin) doesn't change with `today`.
public enum MedicalEducationHistory {
    /// The demo county's teaching bases.
    public static let baseNames = HistoryPlanner.baseNames

    public static func generate(seed: UInt64 = 19, today: CalendarDate, calendar: SchoolCalendar) -> [HistoricalCase] {
        var planner = HistoryPlanner(seed: seed, today: today, calendar: calendar)
        planner.run()
        // Keys and reasons follow the order referrals arrived, so cases after today drop off the end.
        let plans = planner.cases.sorted { ($0.receivedOn, $0.sequence) < ($1.receivedOn, $1.sequence) }
        let reasons = HistoryReasons.assign(plans, seed: seed)
        let writer = HistoryCaseWriter(calendar: calendar, today: today, seed: seed)
        var names = HistoryRandom(seed: seed, stream: 3)
        var usedNames = Set<String>()
        var history: [HistoricalCase] = []
        for (number, plan) in plans.enumerated() {
            // Distinct names, so a coordinator searching the demo never finds two of the same child.
            let sex = names.chance(0.52) ? "M" : "F"
            var forename = "", surname = ""
            for _ in 0..<50 {
                forename = names.element(sex == "M" ? HistoryNames.boys : HistoryNames.girls)
                surname = names.element(HistoryNames.surnames)
                if usedNames.insert("\(forename) \(surname)").inserted { break }
            }
            let phase = AgeAndStage.yearGroup(dateOfBirth: plan.dateOfBirth, on: plan.receivedOn) <= 6 ? "Primary" : "Secondary"
            let child = HistoricalChild(forename: forename, surname: surname, sex: sex, dateOfBirth: plan.dateOfBirth,
                                        homeSchoolPhase: phase)
            if let item = writer.write(plan, key: key(number + 1), child: child, reason: reasons[number]) {
                history.append(item)
            }
        }
        return history
    }

    /// "MET-0001": the service's case reference, padded so keys sort in referral order.
    static func key(_ number: Int) -> String {
        let digits = String(number)
        return "MET-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
