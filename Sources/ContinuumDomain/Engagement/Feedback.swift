import Foundation

/// SURV-2: "you said, we did". An action the council publishes against a theme from its feedback.
public enum YouSaidWeDidStatus: String, CaseIterable, Codable, Sendable {
    case done
    case inProgress = "in_progress"
    case planned
    case notPossible = "not_possible"

    public var label: String {
        switch self {
        case .done: "Done"
        case .inProgress: "In progress"
        case .planned: "Planned"
        case .notPossible: "Not possible"
        }
    }
}

public struct YouSaidWeDid: Sendable, Equatable {
    public let youSaid: String
    public let weDid: String
    public let status: YouSaidWeDidStatus
    public let rationale: String?
    public let evidence: String?
    public let impactReviewOn: CalendarDate?

    /// SURV-2: the reason is required when a request could not be met (Worcestershire's practice);
    /// SURV-5: each action has an impact review date. Neither summary may carry personal data, which staff
    /// confirm (the page says so; the text is published).
    public static func make(youSaid: String?, weDid: String?, status: String?, rationale: String?, evidence: String?,
                            reviewOn: DateEntry, noPersonalData: Bool, today: CalendarDate) -> Result<YouSaidWeDid, FieldProblems> {
        var checks = FieldChecks(today: today)
        let said = checks.text(youSaid, field: "you-said", missing: "Enter what families said, as a summary", limit: 1000)
        let did = checks.text(weDid, field: "we-did", missing: "Enter what the council did or will do", limit: 1000)
        let status = YouSaidWeDidStatus(rawValue: status ?? "")
        if status == nil { checks.add("status", "Select the status of the action") }
        let why = checks.optionalText(rationale, field: "rationale", limit: 1000)
        if status == .notPossible && why == nil { checks.add("rationale", "Enter why the council could not do this: it is published with the action") }
        let evidence = checks.optionalText(evidence, field: "evidence", limit: 1000)
        let review = checks.optionalDate(reviewOn, field: "review", label: "the impact is to be reviewed", allowFuture: true)
        if !noPersonalData { checks.add("no-personal-data", "Confirm the summaries name no child, family or member of staff: they are published") }
        guard checks.isEmpty, let status else { return .failure(FieldProblems(checks.problems)) }
        return .success(YouSaidWeDid(youSaid: said, weDid: did, status: status, rationale: why, evidence: evidence, impactReviewOn: review))
    }
}

/// SURV-6: the groups a co-production activity involved, by group and never by name.
public enum CoProductionGroup: String, CaseIterable, Codable, Sendable {
    case parentCarerForum = "parent_carer_forum"
    case parentsCarers = "parents_carers"
    case youngPeople = "young_people"
    case schools
    case healthPartners = "health_partners"
    case socialCare = "social_care"
    case voluntarySector = "voluntary_sector"

    public var label: String {
        switch self {
        case .parentCarerForum: "Parent carer forum"
        case .parentsCarers: "Parents and carers"
        case .youngPeople: "Children and young people"
        case .schools: "Schools and SENCOs"
        case .healthPartners: "Health partners"
        case .socialCare: "Social care"
        case .voluntarySector: "Voluntary sector"
        }
    }
}

/// SURV-6 `CoProductionActivity(date, groups_involved, question_asked, what_changed, linked_milestone)`.
public struct CoProductionActivity: Sendable, Equatable {
    public let heldOn: CalendarDate
    public let groups: [CoProductionGroup]
    public let title: String
    public let asked: String
    public let changed: String?
    public let milestone: String?

    public static func make(heldOn: DateEntry, groups: [String], title: String?, asked: String?, changed: String?, milestone: String?,
                            today: CalendarDate) -> Result<CoProductionActivity, FieldProblems> {
        var checks = FieldChecks(today: today)
        let date = checks.date(heldOn, field: "held-on", label: "of the activity")
        let parsed = groups.compactMap(CoProductionGroup.init(rawValue:))
        if parsed.isEmpty || parsed.count != groups.count { checks.add("groups", "Select the groups who took part") }
        let title = checks.text(title, field: "title", missing: "Enter a title for the activity", limit: 200)
        let asked = checks.text(asked, field: "asked", missing: "Enter what was asked", limit: 2000)
        let changed = checks.optionalText(changed, field: "changed", limit: 2000)
        let milestone = checks.optionalText(milestone, field: "milestone", limit: 300)
        guard checks.isEmpty, let date else { return .failure(FieldProblems(checks.problems)) }
        return .success(CoProductionActivity(heldOn: date, groups: CoProductionGroup.allCases.filter(parsed.contains), title: title, asked: asked, changed: changed, milestone: milestone))
    }
}

/// SURV-5: themes from a managed list, used to code free-text answers.
public enum FeedbackTheme {
    public static func checkLabel(_ raw: String?, existing: [String]) -> Result<String, FieldProblems> {
        var checks = FieldChecks(today: CalendarDate(year: 2000, month: 1, day: 1))
        let label = checks.text(raw, field: "label", missing: "Enter the theme", limit: 80)
        if !label.isEmpty && existing.contains(where: { $0.caseInsensitiveCompare(label) == .orderedSame }) {
            checks.add("label", "The theme \u{201C}\(label)\u{201D} is already on the list")
        }
        return checks.isEmpty ? .success(label) : .failure(FieldProblems(checks.problems))
    }

    /// Suggested starting themes (SURV-4's question bank and SURV-6's Section 19 themes); councils edit the list.
    public static let starters = [
        "Kept informed", "Timescales", "Child's views heard", "Quality of the plan", "Provision delivered",
        "Health and care joined up", "Communication", "Speed of start", "Enough teaching", "Feeling safe at the base", "Reintegration",
    ]
}
