import Foundation

/// TRAIN-3: `CancellationPolicy(tiers[] (min_notice, unit ∈ {working_days, days}, charge_pct))`.
/// LOCAL default (Hartlepool's terms): cancelled in writing at least 5 working days before the session, no charge;
/// later than that, the full price. A council sets its own tiers, written as "5wd:0,0wd:100" or "30d:10,20d:50,0d:100".
public struct TrainingCancellationPolicy: Hashable, Sendable, CustomStringConvertible {
    public enum Unit: String, Sendable, Hashable { case workingDays = "wd", days = "d" }

    public struct Tier: Hashable, Sendable {
        public let minNotice: Int
        public let unit: Unit
        public let chargePercent: Int
        public init(minNotice: Int, unit: Unit, chargePercent: Int) { self.minNotice = minNotice; self.unit = unit; self.chargePercent = chargePercent }
    }

    public let tiers: [Tier]

    public init(tiers: [Tier]) { self.tiers = tiers.sorted { $0.minNotice > $1.minNotice } }

    // TRAIN-3 (Hartlepool): at least 5 working days' notice, in writing; otherwise charged in full.
    public static let standard = TrainingCancellationPolicy(tiers: [Tier(minNotice: 5, unit: .workingDays, chargePercent: 0),
                                                                    Tier(minNotice: 0, unit: .workingDays, chargePercent: 100)])

    /// "5wd:0,0wd:100": the stored and typed form.
    public var description: String { tiers.map { "\($0.minNotice)\($0.unit.rawValue):\($0.chargePercent)" }.joined(separator: ",") }

    public var explanation: String {
        tiers.map { tier in
            let unit = tier.unit == .workingDays ? "working days" : "days"
            let charge = tier.chargePercent == 0 ? "no charge" : tier.chargePercent == 100 ? "the full price" : "\(tier.chargePercent)% of the price"
            return tier.minNotice == 0 ? "with less notice, \(charge)" : "cancelled \(tier.minNotice) \(unit) or more before the session, \(charge)"
        }.joined(separator: "; ")
    }

    public enum ParseProblem: Error, Hashable, Sendable, CustomStringConvertible {
        case empty
        case badTier(String)
        case mixedUnits
        case duplicateNotice(Int)

        public var description: String {
            switch self {
            case .empty: "Enter the cancellation tiers, like 5wd:0,0wd:100"
            case let .badTier(text): "\"\(text)\" is not a tier: write the notice, wd (working days) or d (days), a colon and the percentage charged, like 5wd:0"
            case .mixedUnits: "Use one unit for every tier: all working days (wd) or all days (d)"
            case let .duplicateNotice(n): "Two tiers have the same notice, \(n): give each a different notice"
            }
        }
    }

    public static func parse(_ raw: String) -> Result<TrainingCancellationPolicy, ParseProblem> {
        let parts = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { return .failure(.empty) }
        var tiers: [Tier] = []
        for part in parts {
            let halves = part.lowercased().split(separator: ":", omittingEmptySubsequences: false)
            guard halves.count == 2, let pct = Int(halves[1]), (0...100).contains(pct) else { return .failure(.badTier(part)) }
            let notice = String(halves[0])
            let unit: Unit = notice.hasSuffix("wd") ? .workingDays : .days
            guard notice.hasSuffix("d"), let n = Int(notice.dropLast(unit.rawValue.count)), (0...365).contains(n) else { return .failure(.badTier(part)) }
            if tiers.contains(where: { $0.minNotice == n }) { return .failure(.duplicateNotice(n)) }
            tiers.append(Tier(minNotice: n, unit: unit, chargePercent: pct))
        }
        if Set(tiers.map(\.unit)).count > 1 { return .failure(.mixedUnits) }
        return .success(TrainingCancellationPolicy(tiers: tiers))
    }

    /// Notice given: in working days, those after the day of cancelling up to and including the session's day (cancelling on a
    /// Monday for the next Monday gives 5); in days, the calendar days between.
    public func notice(cancelledOn: CalendarDate, sessionOn: CalendarDate, bankHolidays: BankHolidays = .englandAndWales) -> Int {
        guard let unit = tiers.first?.unit, cancelledOn < sessionOn else { return 0 }
        switch unit {
        case .days: return cancelledOn.days(to: sessionOn)
        case .workingDays:
            var count = 0
            var day = cancelledOn.adding(days: 1)
            while day <= sessionOn {
                if bankHolidays.isWorkingDay(day) { count += 1 }
                day = day.adding(days: 1)
            }
            return count
        }
    }

    // TRAIN-3: the tier with the longest notice that was met sets the charge; notice shorter than every tier is charged in full.
    public func chargePercent(cancelledOn: CalendarDate, sessionOn: CalendarDate, bankHolidays: BankHolidays = .englandAndWales) -> Int {
        let given = notice(cancelledOn: cancelledOn, sessionOn: sessionOn, bankHolidays: bankHolidays)
        return tiers.first { given >= $0.minNotice }?.chargePercent ?? 100
    }
}

/// What a booking costs the school (TRAIN-2 `charge`, TRAIN-3).
public enum TrainingChargeRules {
    public struct Charge: Hashable, Sendable {
        public let amount: Money
        public let percent: Int
        public let reason: String
    }

    // TRAIN-3: a confirmed or attended place is charged at the buyer's price; no-shows are charged (waivers are possible);
    // a provider's cancellation is always refunded in full; a school's cancellation is charged by the policy's notice tiers;
    // a waiting or requested booking holds no place and costs nothing.
    public static func charge(status: TrainingBookingStatus, price: TrainingPrice, buyer: TrainingBuyer, policy: TrainingCancellationPolicy,
                              sessionOn: CalendarDate, cancelledOn: CalendarDate?, waived: Bool = false,
                              bankHolidays: BankHolidays = .englandAndWales) -> Charge {
        let full = price.price(for: buyer)
        func make(_ pct: Int, _ reason: String) -> Charge { Charge(amount: full.scaled(by: pct, over: 100), percent: pct, reason: reason) }
        switch status {
        case .requested, .waitlisted: return make(0, "No place held")
        case .confirmed: return make(100, "Place booked")
        case .attended: return make(100, "Attended")
        case .noShow: return waived ? make(0, "Did not attend; charge waived") : make(100, "Did not attend")
        case .cancelledByProvider: return make(0, "Cancelled by the council: refunded in full")
        case .cancelledByDelegate:
            // A waiting-list booking cancelled never held a place; the app passes .waitlisted for those.
            let pct = policy.chargePercent(cancelledOn: cancelledOn ?? sessionOn, sessionOn: sessionOn, bankHolidays: bankHolidays)
            let notice = policy.notice(cancelledOn: cancelledOn ?? sessionOn, sessionOn: sessionOn, bankHolidays: bankHolidays)
            let unit = policy.tiers.first?.unit == .days ? "days" : "working days"
            return make(pct, "Cancelled with \(notice) \(unit)' notice")
        }
    }
}

/// Uptake against the SEN cohort (TRAIN-5) and SENCO training in the last 12 months (TRAIN-6).
public enum TrainingUptake {
    public struct School: Hashable, Sendable {
        public let id: UUID
        public let urn: Int
        public let name: String
        public var pupils: Int = 0
        public var senSupport: Int = 0
        public var ehcPlans: Int = 0
        /// SEN support and EHC plan pupils by primary need.
        public var byNeed: [SENNeed: Int] = [:]
        public var staffTrained: Int = 0
        public var sessionsAttended: Int = 0
        public var lastTrainedOn: CalendarDate?
        /// Attended places in the year by the course's area.
        public var attendedByArea: [TrainingArea: Int] = [:]
        /// The last session a SENCO of the school attended, at any time.
        public var lastSENCOTrainedOn: CalendarDate?

        public init(id: UUID, urn: Int, name: String) { self.id = id; self.urn = urn; self.name = name }

        /// SEN pupils whose primary need the area's training answers.
        public func cohort(for area: TrainingArea) -> Int {
            byNeed.reduce(0) { $0 + (TrainingArea.forNeed($1.key) == area ? $1.value : 0) }
        }
    }

    /// LOCAL default for "many": 5 or more SEN support or EHC plan pupils with the area's primary need (a setting on the page).
    public static let defaultManyPupils = 5

    // TRAIN-5: "which schools with many SEMH pupils have had no SEMH training this year": the cohort at or above the threshold, and
    // no attended place on a course of that area in the academic year; the largest cohorts first.
    public static func gaps(_ schools: [School], area: TrainingArea, minimumPupils: Int) -> [School] {
        schools.filter { $0.cohort(for: area) >= minimumPupils && ($0.attendedByArea[area] ?? 0) == 0 }
            .sorted { ($0.cohort(for: area), $1.name) > ($1.cohort(for: area), $0.name) }
    }

    // TRAIN-6: a SENCO trained "in the last 12 months" attended a session on or after the same date a year earlier and not after today.
    public static func sencoTrainedRecently(_ last: CalendarDate?, today: CalendarDate) -> Bool {
        guard let last else { return false }
        return last >= today.adding(years: -1) && last <= today
    }

    public static func withoutSENCOTraining(_ schools: [School], today: CalendarDate) -> [School] {
        schools.filter { !sencoTrainedRecently($0.lastSENCOTrainedOn, today: today) }.sorted { $0.urn < $1.urn }
    }

    public static let csvHeader = "urn,school,sen_support,ehc_plans,staff_trained,sessions_attended,last_trained_on"
}
