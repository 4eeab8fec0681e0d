/// The Section 19 census "as at" a date, computed from case histories. A child is counted once:
/// in `onRoll` under their main provision if any episode covers the date, otherwise in
/// `awaitingDecision` if referred and not yet decided on that date.
public struct Census: Sendable, Equatable {
    public struct Episode: Sendable, Equatable {
        public let type: ProvisionType
        public let baseName: String?
        public let hoursPerWeek: Double
        public let start: CalendarDate
        public let end: CalendarDate?
        public init(type: ProvisionType, baseName: String?, hoursPerWeek: Double, start: CalendarDate, end: CalendarDate?) {
            self.type = type; self.baseName = baseName; self.hoursPerWeek = hoursPerWeek; self.start = start; self.end = end
        }
        func covers(_ date: CalendarDate) -> Bool { start <= date && (end.map { date <= $0 } ?? true) }
    }

    public struct Case: Sendable, Equatable {
        public let childKey: String
        public let reason: ReferralReason
        public let dateOfBirth: CalendarDate
        public let referredOn: CalendarDate
        /// When the referral stopped waiting: decided (accepted or declined) or withdrawn.
        public let settledOn: CalendarDate?
        public let episodes: [Episode]
        public init(childKey: String, reason: ReferralReason, dateOfBirth: CalendarDate, referredOn: CalendarDate, settledOn: CalendarDate?, episodes: [Episode]) {
            self.childKey = childKey; self.reason = reason; self.dateOfBirth = dateOfBirth; self.referredOn = referredOn
            self.settledOn = settledOn; self.episodes = episodes
        }
    }

    public let at: CalendarDate
    public let total: Int
    public let onRoll: [ProvisionType: Int]
    public let bases: [String: Int]
    public let awaitingDecision: Int
    public let academicYearTotal: Int
    public let byReason: [ReferralReason: Int]
    public let byKeyStage: [String: Int]

    public static func compute(at date: CalendarDate, cases: [Case], baseNames: [String] = []) -> Census {
        var onRoll = Dictionary(uniqueKeysWithValues: ProvisionType.allCases.map { ($0, 0) })
        var bases = Dictionary(uniqueKeysWithValues: baseNames.map { ($0, 0) })
        var byReason: [ReferralReason: Int] = [:]
        var byKeyStage: [String: Int] = [:]
        var counted = Set<String>(), awaiting = Set<String>(), yearChildren = Set<String>()
        let yearStart = CalendarDate(year: date.academicYearStart, month: 9, day: 1)

        // Children on roll first, so a child with a pending second referral is still counted once.
        for item in cases {
            let active = item.episodes.filter { $0.covers(date) }
            if item.episodes.contains(where: { $0.start <= date && ($0.end.map { $0 >= yearStart } ?? true) }) { yearChildren.insert(item.childKey) }
            guard let main = active.min(by: { ($0.hoursPerWeek, -$0.type.censusPriority) > ($1.hoursPerWeek, -$1.type.censusPriority) }),
                  !counted.contains(item.childKey) else { continue }
            counted.insert(item.childKey)
            onRoll[main.type, default: 0] += 1
            if main.type == .base, let name = main.baseName { bases[name, default: 0] += 1 }
            byReason[item.reason, default: 0] += 1
            byKeyStage[keyStageKey(item.dateOfBirth, on: date), default: 0] += 1
        }
        for item in cases where !counted.contains(item.childKey) && !awaiting.contains(item.childKey) {
            guard item.referredOn <= date, item.settledOn.map({ $0 > date }) ?? true else { continue }
            awaiting.insert(item.childKey)
            byReason[item.reason, default: 0] += 1
            byKeyStage[keyStageKey(item.dateOfBirth, on: date), default: 0] += 1
        }
        return Census(at: date, total: counted.count + awaiting.count, onRoll: onRoll, bases: bases, awaitingDecision: awaiting.count,
                      academicYearTotal: yearChildren.count, byReason: byReason, byKeyStage: byKeyStage)
    }

    static func keyStageKey(_ dob: CalendarDate, on date: CalendarDate) -> String {
        AgeAndStage.keyStage(dateOfBirth: dob, on: date)?.number.map { "ks\($0)" } ?? "other"
    }

    /// One JSON object, keys in the documented order; counts of zero are shown, not omitted.
    public func json() -> String {
        func object(_ pairs: [(String, Int)]) -> String { "{" + pairs.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}" }
        let roll = object(ProvisionType.allCases.map { ($0.rawValue, onRoll[$0] ?? 0) })
        let baseObject = object(bases.keys.sorted().map { ($0, bases[$0]!) })
        let reasons = object(ReferralReason.allCases.map { ($0.rawValue, byReason[$0] ?? 0) })
        let stages = object(["ks1", "ks2", "ks3", "ks4", "other"].map { ($0, byKeyStage[$0] ?? 0) })
        return "{\"at\":\"\(at)\",\"total\":\(total),\"on_roll\":\(roll),\"bases\":\(baseObject),\"awaiting_decision\":\(awaitingDecision),"
            + "\"academic_year_total\":\(academicYearTotal),\"by_reason\":\(reasons),\"by_key_stage\":\(stages)}"
    }

    /// The same figures as `measure,value` rows for a spreadsheet, exact (see `csv(_:)` in CensusFigures.swift).
    public func csv() -> String { csv(SmallNumberSuppression.apply(nil, to: disclosureTable)) }
}
