import Foundation

// Outreach commissioning (issue 16 part 3; money-and-engagement.md OUT-1 to OUT-5).

/// OUT-1: who an outreach provider is (issue 16 item 3: special school outreach, a voluntary-sector body, an NHS service).
public enum OutreachProviderType: String, CaseIterable, Codable, Sendable {
    case specialSchoolOutreach = "special_school_outreach"
    case voluntarySector = "voluntary_sector"
    case nhsService = "nhs_service"

    public var label: String {
        switch self {
        case .specialSchoolOutreach: "Special school outreach"
        case .voluntarySector: "Voluntary-sector body"
        case .nhsService: "NHS service"
        }
    }
}

/// A provider's details, checked.
public struct OutreachProviderEntry: Sendable, Equatable {
    public let name: String
    public let type: OutreachProviderType
    public let contactName: String?
    public let contactEmail: String?
    public let areas: String?

    public static func make(name rawName: String?, type rawType: String?, contactName: String?, contactEmail rawEmail: String?, areas: String?,
                            existingNames: Set<String>) -> Result<OutreachProviderEntry, FieldProblems> {
        var checks = FieldChecks(today: CalendarDate(year: 2000, month: 1, day: 1))
        let name = checks.text(rawName, field: "name", missing: "Enter the provider's name", limit: 200)
        if !name.isEmpty && existingNames.contains(name.lowercased()) { checks.add("name", "A provider called \(name) already exists") }
        let type = OutreachProviderType(rawValue: rawType ?? "")
        if type == nil { checks.add("type", "Select the type of provider") }
        let contact = checks.optionalText(contactName, field: "contact", limit: 200)
        let email = checks.optionalText(rawEmail, field: "email", limit: 254)
        if let email, !(email.contains("@") && !email.hasPrefix("@") && !email.hasSuffix("@") && !email.contains(" ")) {
            checks.add("email", "Enter an email address in the correct format, like name@example.com")
        }
        let areas = checks.optionalText(areas, field: "areas", limit: 500)
        guard checks.isEmpty, let type else { return .failure(FieldProblems(checks.problems)) }
        return .success(OutreachProviderEntry(name: name, type: type, contactName: contact, contactEmail: email, areas: areas))
    }
}

/// OUT-1 stages: design → open → close → scoring → moderation → decision → published outcome. Checked in one place.
public enum OutreachRoundStatus: String, CaseIterable, Codable, Sendable {
    case draft, open, closed, scoring, moderation, decided, published

    public var label: String {
        switch self {
        case .draft: "Draft"
        case .open: "Open for bids"
        case .closed: "Closed to bids"
        case .scoring: "Panel scoring"
        case .moderation: "Moderation"
        case .decided: "Awards decided"
        case .published: "Outcome published"
        }
    }

    /// The next stage in order, for the single "move on" button.
    public var following: OutreachRoundStatus? {
        let all = Self.allCases
        let index = all.firstIndex(of: self)!
        return index + 1 < all.count ? all[index + 1] : nil
    }

    /// The only place a round's status moves (ARCHITECTURE.md: one transition function per workflow).
    /// OUT-1: a round opens only with lots and criteria; OUT-3: moderation only once every panel member has scored
    /// (`allScored`); OUT-4: an outcome is published only after awards are decided.
    public func next(_ to: OutreachRoundStatus, hasLots: Bool, hasCriteria: Bool, hasPanel: Bool = true, allScored: Bool = true) -> Result<OutreachRoundStatus, FieldProblem> {
        guard following == to else {
            return .failure(FieldProblem("status", "A round that is \(label.lowercased()) cannot move to \(to.label.lowercased())"))
        }
        switch to {
        case .open:
            if !hasLots { return .failure(FieldProblem("status", "Add at least one lot before opening the round")) }
            if !hasCriteria { return .failure(FieldProblem("status", "Add criteria whose weights total 100% before opening the round")) }
        case .scoring:
            if !hasPanel { return .failure(FieldProblem("status", "Add at least one panel member before scoring starts")) }
        case .moderation:
            if !allScored { return .failure(FieldProblem("status", "Every panel member must score every bid before moderation")) }
        default: break
        }
        return .success(to)
    }

    /// Bids are taken only while open; scores only while scoring; agreed scores only in moderation; awards once moderated.
    public var takesBids: Bool { self == .open }
    public var takesScores: Bool { self == .scoring }
    public var takesModeration: Bool { self == .moderation }
    public var takesAwards: Bool { self == .moderation || self == .decided }
    /// OUT-3: scores are hidden from other assessors until moderation.
    public var scoresVisibleToPanel: Bool { self == .moderation || self == .decided || self == .published }
}

/// OUT-1 dates: open, close, evaluation (panel) and publication, in that order.
public struct OutreachRoundDates: Sendable, Equatable {
    public let opens: CalendarDate
    public let closes: CalendarDate
    public let evaluation: CalendarDate
    public let publication: CalendarDate

    public init(opens: CalendarDate, closes: CalendarDate, evaluation: CalendarDate, publication: CalendarDate) {
        self.opens = opens; self.closes = closes; self.evaluation = evaluation; self.publication = publication
    }
}

/// A new round's settings (OUT-1: name, round number, dates).
public struct OutreachRoundSettings: Sendable, Equatable {
    public let title: String
    public let roundNumber: Int
    public let dates: OutreachRoundDates

    public static func make(title rawTitle: String?, roundNumber rawNumber: String?, opens: String?, closes: String?, evaluation: String?,
                            publication: String?) -> Result<OutreachRoundSettings, FieldProblems> {
        var checks = FieldChecks(today: CalendarDate(year: 2000, month: 1, day: 1))
        let title = checks.text(rawTitle, field: "title", missing: "Enter the round's title", limit: 200)
        let rawNumber = (rawNumber ?? "").trimmingCharacters(in: .whitespaces)
        let number = rawNumber.isEmpty ? 1 : Int(rawNumber)
        if number == nil || number! < 1 || number! > 99 { checks.add("number", "The round number must be a whole number from 1 to 99") }
        func date(_ raw: String?, _ field: String, _ label: String) -> CalendarDate? {
            let entry = DateEntry(raw)
            if let message = FieldChecks.dateProblem(entry, label: label) { checks.add(field, message); return nil }
            return entry.date
        }
        let o = date(opens, "opens", "the round opens")
        let c = date(closes, "closes", "the round closes")
        let e = date(evaluation, "evaluation", "of the panel")
        let p = date(publication, "publication", "the outcome is published")
        if let o, let c, c < o { checks.add("closes", "The round must close on or after the day it opens, \(o.longFormat)") }
        if let c, let e, e < c { checks.add("evaluation", "The panel must sit on or after the day the round closes, \(c.longFormat)") }
        if let e, let p, p < e { checks.add("publication", "The outcome must be published on or after the panel, \(e.longFormat)") }
        guard checks.isEmpty, let number, let o, let c, let e, let p else { return .failure(FieldProblems(checks.problems)) }
        return .success(OutreachRoundSettings(title: title, roundNumber: number, dates: OutreachRoundDates(opens: o, closes: c, evaluation: e, publication: p)))
    }
}

/// OUT-1 `lots[]`: an area of need or a district, with its budget in pence.
public struct OutreachLotEntry: Sendable, Equatable {
    public let name: String
    public let budget: Money

    public static func make(name rawName: String?, budget rawBudget: String?, existingNames: Set<String>) -> Result<OutreachLotEntry, FieldProblems> {
        var checks = FieldChecks(today: CalendarDate(year: 2000, month: 1, day: 1))
        let name = checks.text(rawName, field: "lot", missing: "Enter the lot's area of need or district", limit: 120)
        if !name.isEmpty && existingNames.contains(name.lowercased()) { checks.add("lot", "This round already has a lot called \(name)") }
        let budget = checks.money(rawBudget, field: "budget", subject: "the lot's budget")
        if let budget, budget == .zero { checks.add("budget", "The lot's budget must be more than £0") }
        guard checks.isEmpty, let budget, budget > .zero else { return .failure(FieldProblems(checks.problems)) }
        return .success(OutreachLotEntry(name: name, budget: budget))
    }
}

/// OUT-1 `criteria[]`: name, weight %, max score, guidance. A round's weights total 100%.
public struct OutreachCriterion: Sendable, Equatable, Codable {
    public let name: String
    public let weightPercent: Int
    public let maxScore: Int
    public let guidance: String?

    public init(name: String, weightPercent: Int, maxScore: Int, guidance: String? = nil) {
        self.name = name; self.weightPercent = weightPercent; self.maxScore = maxScore; self.guidance = guidance
    }

    public static let largestMaxScore = 100

    public static func make(name rawName: String?, weight rawWeight: String?, maxScore rawMax: String?, guidance: String?,
                            existing: [OutreachCriterion]) -> Result<OutreachCriterion, FieldProblems> {
        var checks = FieldChecks(today: CalendarDate(year: 2000, month: 1, day: 1))
        let name = checks.text(rawName, field: "criterion", missing: "Enter the criterion's name", limit: 120)
        if !name.isEmpty && existing.contains(where: { $0.name.lowercased() == name.lowercased() }) { checks.add("criterion", "This round already has a criterion called \(name)") }
        let used = existing.reduce(0) { $0 + $1.weightPercent }
        let weight = Int((rawWeight ?? "").trimmingCharacters(in: .whitespaces))
        if weight == nil || weight! < 1 || weight! > 100 { checks.add("weight", "The weight must be a whole number of percent from 1 to 100") }
        else if used + weight! > 100 { checks.add("weight", "The weights would total \(used + weight!)%: at most \(100 - used)% is left") }
        let max = Int((rawMax ?? "").trimmingCharacters(in: .whitespaces))
        if max == nil || max! < 1 || max! > largestMaxScore { checks.add("maxscore", "The highest score must be a whole number from 1 to \(largestMaxScore)") }
        let guidance = checks.optionalText(guidance, field: "guidance", limit: 1000)
        guard checks.isEmpty, let weight, let max else { return .failure(FieldProblems(checks.problems)) }
        return .success(OutreachCriterion(name: name, weightPercent: weight, maxScore: max, guidance: guidance))
    }

    /// A round can open once its weights total exactly 100%.
    public static func weightsComplete(_ criteria: [OutreachCriterion]) -> Bool {
        !criteria.isEmpty && criteria.reduce(0) { $0 + $1.weightPercent } == 100
    }
}

/// OUT-1 "next round": a second round reopens the lots the first did not award.
public enum OutreachReopening {
    /// The lots of `lots` with no award, in their order.
    public static func unawardedLots<ID: Hashable>(_ lots: [(id: ID, name: String, budget: Money)], awardedLotIDs: Set<ID>) -> [(id: ID, name: String, budget: Money)] {
        lots.filter { !awardedLotIDs.contains($0.id) }
    }

    /// A round can be reopened only once its outcome is published, and only if a lot went unawarded.
    public static func canReopen(status: OutreachRoundStatus, unawarded: Int) -> FieldProblem? {
        if status != .published { return FieldProblem("reopen", "A round's unawarded lots can be reopened only once its outcome is published") }
        if unawarded == 0 { return FieldProblem("reopen", "Every lot of this round was awarded: there is nothing to reopen") }
        return nil
    }
}
