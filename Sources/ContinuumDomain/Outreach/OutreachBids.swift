import Foundation

/// OUT-2: a bid's price, capacity (schools and hours) and method statement, checked; and the hard deadline
/// (OUT-3, Southend: bids only through the portal, by a hard deadline).
public struct OutreachBidEntry: Sendable, Equatable {
    public let price: Money
    public let schools: Int
    public let hours: Int
    public let methodStatement: String

    public static let maxSchools = 500
    public static let maxHours = 100_000

    public static func make(price rawPrice: String?, schools rawSchools: String?, hours rawHours: String?, method rawMethod: String?,
                            lotBudget: Money) -> Result<OutreachBidEntry, FieldProblems> {
        var checks = FieldChecks(today: CalendarDate(year: 2000, month: 1, day: 1))
        let price = checks.money(rawPrice, field: "price", subject: "the price")
        if let price, price == .zero { checks.add("price", "The price must be more than £0") }
        else if let price, price > lotBudget { checks.add("price", "The price must be no more than the lot's budget of \(lotBudget.display)") }
        func count(_ raw: String?, _ field: String, _ subject: String, _ max: Int) -> Int? {
            let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
            if text.isEmpty { checks.add(field, "Enter the \(subject)"); return nil }
            guard let value = Int(text), value >= 1, value <= max else {
                checks.add(field, "The \(subject) must be a whole number from 1 to \(max.formatted())"); return nil
            }
            return value
        }
        let schools = count(rawSchools, "schools", "number of schools", maxSchools)
        let hours = count(rawHours, "hours", "number of hours", maxHours)
        let method = checks.text(rawMethod, field: "method", missing: "Enter the method statement", limit: 8000)
        guard checks.isEmpty, let price, let schools, let hours else { return .failure(FieldProblems(checks.problems)) }
        return .success(OutreachBidEntry(price: price, schools: schools, hours: hours, methodStatement: method))
    }

    /// OUT-3: a bid is refused once the round has closed, or before it opens. `today` is the London date.
    public static func windowProblem(status: OutreachRoundStatus, opens: CalendarDate, closes: CalendarDate, today: CalendarDate) -> FieldProblem? {
        if status == .open && today >= opens && today <= closes { return nil }
        if status == .draft || today < opens { return FieldProblem("price", "Bids for this round open on \(opens.longFormat)") }
        return FieldProblem("price", "Bids for this round closed on \(closes.longFormat): no more bids can be taken")
    }
}

/// OUT-3 `Score(bid, criterion, assessor, value ≤ max_score, comment)`.
public enum OutreachScoring {
    /// A score typed by a panel member: a whole number from 0 to the criterion's highest score.
    public static func score(_ raw: String?, criterion: OutreachCriterion, field: String) -> Result<Int, FieldProblem> {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .failure(FieldProblem(field, "Enter a score for \(criterion.name)")) }
        guard let value = Int(text), value >= 0, value <= criterion.maxScore else {
            return .failure(FieldProblem(field, "The score for \(criterion.name) must be a whole number from 0 to \(criterion.maxScore)"))
        }
        return .success(value)
    }

    /// OUT-3: weighted total = Σ weight × moderated score, normalised so a bid scoring every criterion's highest score
    /// gets 100. In hundredths of a point, rounded half up once, so the ranking never depends on floating point.
    /// Nil while a criterion has no score.
    public static func weightedHundredths(criteria: [OutreachCriterion], scores: [Int?]) -> Int? {
        guard criteria.count == scores.count, !criteria.isEmpty else { return nil }
        // Σ weight% × score × 100 / max as an exact fraction, rounded half up once at the end.
        var numerator = 0, denominator = 1
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        for (criterion, score) in zip(criteria, scores) {
            guard let score else { return nil }
            let termNumerator = criterion.weightPercent * score * 100, termDenominator = criterion.maxScore
            let common = denominator / gcd(denominator, termDenominator) * termDenominator
            numerator = numerator * (common / denominator) + termNumerator * (common / termDenominator)
            denominator = common
            let g = gcd(numerator, denominator)
            if g > 1 { numerator /= g; denominator /= g }
        }
        return (numerator * 2 + denominator) / (denominator * 2)
    }

    /// "72.50": a weighted total for pages.
    public static func display(_ hundredths: Int?) -> String {
        guard let hundredths else { return "Not scored" }
        let rest = hundredths % 100
        return "\(hundredths / 100).\(rest < 10 ? "0" : "")\(rest)"
    }

    /// The mean of the panel's raw scores, for the moderator's starting point (one decimal place).
    public static func meanDisplay(_ values: [Int]) -> String {
        guard !values.isEmpty else { return "–" }
        let tenths = (values.reduce(0, +) * 10 * 2 + values.count) / (values.count * 2)
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// OUT-3: each moderation records the agreed score and the reason for it.
    public static func moderation(score raw: String?, reason rawReason: String?, criterion: OutreachCriterion, field: String) -> Result<(score: Int, reason: String), FieldProblems> {
        var problems: [FieldProblem] = []
        var agreed: Int?
        switch score(raw, criterion: criterion, field: field) {
        case let .success(value): agreed = value
        case let .failure(problem): problems.append(FieldProblem(field, problem.message.replacingOccurrences(of: "Enter a score", with: "Enter the agreed score").replacingOccurrences(of: "The score", with: "The agreed score")))
        }
        let reason = (rawReason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { problems.append(FieldProblem(field + "-reason", "Enter the reason for the agreed score for \(criterion.name)")) }
        else if reason.count > 2000 { problems.append(FieldProblem(field + "-reason", "The reason must be 2,000 characters or fewer")) }
        guard problems.isEmpty, let agreed else { return .failure(FieldProblems(problems)) }
        return .success((agreed, reason))
    }
}

/// OUT-3 "partial awards are allowed, and the total awarded must stay within the lot budget".
public enum OutreachAwards {
    public static func check(amount raw: String?, bidPrice: Money, lotName: String, lotBudget: Money, alreadyAwarded: Money) -> Result<Money, FieldProblem> {
        var checks = FieldChecks(today: CalendarDate(year: 2000, month: 1, day: 1))
        guard let amount = checks.money(raw, field: "amount", subject: "the amount awarded") else { return .failure(checks.problems[0]) }
        if amount == .zero { return .failure(FieldProblem("amount", "The amount awarded must be more than £0")) }
        if amount > bidPrice { return .failure(FieldProblem("amount", "The amount awarded, \(amount.display), must be no more than the bid's price of \(bidPrice.display)")) }
        let total = alreadyAwarded + amount
        if total > lotBudget {
            let left = lotBudget - alreadyAwarded
            return .failure(FieldProblem("amount", "An award of \(amount.display) would take \(lotName) to \(total.display), over its budget of \(lotBudget.display) by \((total - lotBudget).display): \(left.display) is left"))
        }
        return .success(amount)
    }
}

/// OUT-5 `OutreachVisit.outcome`: what the support achieved.
public enum OutreachOutcome: String, CaseIterable, Codable, Sendable {
    case placementSustained = "placement_sustained"
    case ehcRequestAvoided = "ehc_request_avoided"
    case ehcRequestMade = "ehc_request_made"
    case exclusionAvoided = "exclusion_avoided"
    case other

    public var label: String {
        switch self {
        case .placementSustained: "Placement sustained"
        case .ehcRequestAvoided: "EHC needs assessment request avoided"
        case .ehcRequestMade: "EHC needs assessment request made"
        case .exclusionAvoided: "Exclusion avoided"
        case .other: "Other"
        }
    }
}

/// OUT-5 `OutreachVisit.type`.
public enum OutreachVisitType: String, CaseIterable, Codable, Sendable {
    case consultation, observation, training, modelling, directWork = "direct_work"
    public var label: String {
        switch self {
        case .consultation: "Consultation"
        case .observation: "Observation"
        case .training: "Training"
        case .modelling: "Modelling"
        case .directWork: "Direct work"
        }
    }
}

/// A visit a provider logs against its contract, checked.
public struct OutreachVisitEntry: Sendable, Equatable {
    public let date: CalendarDate
    public let type: OutreachVisitType
    public let hours: Int
    public let outcome: OutreachOutcome
    public let support: String

    public static func make(date rawDate: String?, type rawType: String?, hours rawHours: String?, outcome rawOutcome: String?, support: String?,
                            contractStart: CalendarDate, contractEnd: CalendarDate, today: CalendarDate) -> Result<OutreachVisitEntry, FieldProblems> {
        var checks = FieldChecks(today: today)
        let date = checks.date(DateEntry(rawDate), field: "visit", label: "of the visit", notBefore: contractStart, notBeforeLabel: "the contract started")
        if let date, date > contractEnd { checks.add("visit", "The date of the visit must be on or before \(contractEnd.longFormat), when the contract ends") }
        let type = OutreachVisitType(rawValue: rawType ?? "")
        if type == nil { checks.add("type", "Select the type of visit") }
        let hoursText = (rawHours ?? "").trimmingCharacters(in: .whitespaces)
        let hours = Int(hoursText)
        if hoursText.isEmpty { checks.add("hours", "Enter the hours of support") }
        else if hours == nil || hours! < 1 || hours! > 24 { checks.add("hours", "The hours of support must be a whole number from 1 to 24") }
        let outcome = OutreachOutcome(rawValue: rawOutcome ?? "")
        if outcome == nil { checks.add("outcome", "Select the outcome") }
        let support = checks.text(support, field: "support", missing: "Enter the support given", limit: 4000)
        guard checks.isEmpty, let date, let type, let hours, let outcome else { return .failure(FieldProblems(checks.problems)) }
        return .success(OutreachVisitEntry(date: date, type: type, hours: hours, outcome: outcome, support: support))
    }
}

/// OUT-5 `OutreachRequest(school, child_ref (consent), need_type, requested_by, date)`: a named pupil only with consent.
public struct OutreachRequestEntry: Sendable, Equatable {
    public let needs: String
    public let namesPupil: Bool

    public static func make(pupilNamed: Bool, consent rawConsent: String?, needs rawNeeds: String?, schoolChosen: Bool) -> Result<OutreachRequestEntry, FieldProblems> {
        var checks = FieldChecks(today: CalendarDate(year: 2000, month: 1, day: 1))
        if !schoolChosen { checks.add("school", "Select the school") }
        if pupilNamed && rawConsent != "yes" {
            checks.add("consent", "Confirm the parent or carer (or the young person) has agreed to the pupil being named to an outreach provider")
        }
        let needs = checks.text(rawNeeds, field: "needs", missing: "Enter what support is needed", limit: 2000)
        guard checks.isEmpty else { return .failure(FieldProblems(checks.problems)) }
        return .success(OutreachRequestEntry(needs: needs, namesPupil: pupilNamed))
    }
}

/// OUT-5 contract dates and value.
public enum OutreachContracts {
    public static func datesProblem(start: CalendarDate, end: CalendarDate) -> FieldProblem? {
        end < start ? FieldProblem("end", "The contract must end on or after it starts, \(start.longFormat)") : nil
    }

    /// Issue 16 item 3 reports: contracts ending within three months (today to today + 3 months, inclusive).
    public static func endsWithinThreeMonths(end: CalendarDate, today: CalendarDate) -> Bool {
        end >= today && end <= today.adding(months: 3)
    }
}
