import Foundation

// Surveys tied to the journey (issue 16 part 1; rulebook money-and-engagement.md SURV-4, SURV-6).

/// Who a survey is for (SURV-4 `audience`). A child or young person answers a version of their own, with
/// plain words and fewer questions.
public enum SurveyAudience: String, CaseIterable, Codable, Sendable {
    case parentCarer = "parent_carer"
    case childYoungPerson = "child_young_person"
    case school
    case healthPartner = "health_partner"
    case practitioner

    public var label: String {
        switch self {
        case .parentCarer: "Parents and carers"
        case .childYoungPerson: "Children and young people"
        case .school: "Schools and SENCOs"
        case .healthPartner: "Health partners"
        case .practitioner: "Practitioners"
        }
    }
}

/// The case stage a survey follows (SURV-4 `trigger`; SURV-6 for Section 19; TRAIN-5 for training).
public enum SurveyTrigger: String, CaseIterable, Codable, Sendable {
    case manual
    case afterDecisionToAssess = "after_decision_to_assess"
    case afterFinalPlan = "after_final_plan"
    case afterAnnualReview = "after_annual_review"
    case afterS19End = "after_s19_end"
    case afterReintegration = "after_reintegration"
    case afterTraining = "after_training"

    public var label: String {
        switch self {
        case .manual: "Sent by hand to a list"
        case .afterDecisionToAssess: "EHC: after the decision to assess"
        case .afterFinalPlan: "EHC: after the final plan"
        case .afterAnnualReview: "EHC: after each annual review"
        case .afterS19End: "Section 19: when a placement ends"
        case .afterReintegration: "Section 19: at reintegration"
        case .afterTraining: "Training: after each session attended"
        }
    }

    /// The service whose results the stage belongs to, for reports joined by stage and service.
    public var service: SurveyService {
        switch self {
        case .manual: .general
        case .afterDecisionToAssess, .afterFinalPlan, .afterAnnualReview: .ehc
        case .afterS19End, .afterReintegration: .section19
        case .afterTraining: .training
        }
    }
}

public enum SurveyService: String, CaseIterable, Codable, Sendable {
    case ehc, section19 = "section19", training, general
    public var label: String {
        switch self {
        case .ehc: "EHC needs assessments and plans"
        case .section19: "Section 19 medical education"
        case .training: "Training for schools"
        case .general: "General"
        }
    }
}

/// A survey's life: drafted, open to answers, closed. A draft has no published version yet; an open survey
/// may take a new version (its questions are then copied into a draft, never changed under answers).
public enum SurveyStatus: String, CaseIterable, Codable, Sendable {
    case draft, open, closed

    public var label: String {
        switch self { case .draft: "Draft"; case .open: "Open"; case .closed: "Closed" }
    }

    /// The only place a survey's status moves (ARCHITECTURE.md: one transition function per workflow).
    public func next(_ to: SurveyStatus, hasPublishedVersion: Bool) -> Result<SurveyStatus, FieldProblem> {
        switch (self, to) {
        case (.draft, .open), (.closed, .open):
            return hasPublishedVersion ? .success(to) : .failure(FieldProblem("action", "Publish a version of the survey before opening it"))
        case (.open, .closed): return .success(.closed)
        default: return .failure(FieldProblem("action", "A \(label.lowercased()) survey cannot be made \(to.label.lowercased())"))
        }
    }
}

/// SURV-4 `Question.type`: a five-point agreement scale, single choice, multiple choice, number, free text.
public enum SurveyQuestionType: String, CaseIterable, Codable, Sendable {
    case scale, choice, multi, number, text

    public var label: String {
        switch self {
        case .scale: "Five-point agreement scale"
        case .choice: "Single choice"
        case .multi: "Multiple choice"
        case .number: "Number"
        case .text: "Free text"
        }
    }

    public var hasOptions: Bool { self == .choice || self == .multi }
}

/// The five points of the agreement scale, stored as 1 to 5.
public enum AgreementScale {
    public static let points: [(value: String, label: String, plain: String)] = [
        ("1", "Strongly disagree", "No, not at all"),
        ("2", "Disagree", "Not really"),
        ("3", "Neither agree nor disagree", "Not sure"),
        ("4", "Agree", "Yes, mostly"),
        ("5", "Strongly agree", "Yes, a lot"),
    ]
    public static func label(_ value: String, plainWords: Bool = false) -> String {
        points.first { $0.value == value }.map { plainWords ? $0.plain : $0.label } ?? value
    }
}

/// One question of a survey version. `code` is the question's id in results and the JSON report.
public struct SurveyQuestion: Codable, Sendable, Equatable {
    public var code: String
    public var text: String
    public var type: SurveyQuestionType
    public var options: [String]
    public var hint: String?
    /// For a number question: the largest answer accepted (the smallest is 0).
    public var maximum: Int?

    public init(code: String, text: String, type: SurveyQuestionType, options: [String] = [], hint: String? = nil, maximum: Int? = nil) {
        self.code = code; self.text = text; self.type = type; self.options = options; self.hint = hint; self.maximum = maximum
    }

    public static let maxOptions = 12
    public static let maxTextAnswer = 2000
    public static let defaultMaximum = 1000

    /// The answer keys a question's results are counted under, in order.
    public var resultKeys: [String] {
        switch type {
        case .scale: AgreementScale.points.map(\.value)
        case .choice, .multi: options
        case .number, .text: []
        }
    }

    /// Checks a question staff are adding to a draft version (`existing` are the draft's other questions).
    public static func make(code rawCode: String?, text rawText: String?, type rawType: String?, options rawOptions: String?,
                            hint rawHint: String?, maximum rawMaximum: String?, existing: [SurveyQuestion]) -> Result<SurveyQuestion, FieldProblems> {
        var checks = FieldChecks(today: CalendarDate(year: 2000, month: 1, day: 1))
        let code = (rawCode ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if code.isEmpty { checks.add("code", "Enter a short id for the question, like kept-informed") }
        else if code.count > 40 || !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            checks.add("code", "The question's id must be 40 letters, digits or hyphens or fewer")
        } else if existing.contains(where: { $0.code == code }) { checks.add("code", "Another question of this version already has the id \(code)") }
        let text = checks.text(rawText, field: "text", missing: "Enter the question", limit: 500)
        let type = SurveyQuestionType(rawValue: rawType ?? "")
        if type == nil { checks.add("type", "Select the type of question") }
        var options: [String] = []
        if let type, type.hasOptions {
            options = (rawOptions ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if options.count < 2 { checks.add("options", "Enter at least two options, one on each line") }
            else if options.count > maxOptions { checks.add("options", "Enter \(maxOptions) options or fewer") }
            else if Set(options.map { $0.lowercased() }).count != options.count { checks.add("options", "Each option must be different") }
            else if options.contains(where: { $0.count > 120 }) { checks.add("options", "Each option must be 120 characters or fewer") }
        }
        var maximum: Int?
        if type == .number {
            let raw = (rawMaximum ?? "").trimmingCharacters(in: .whitespaces)
            if raw.isEmpty { maximum = defaultMaximum }
            else if let value = Int(raw), value > 0, value <= 1_000_000 { maximum = value }
            else { checks.add("maximum", "The largest answer must be a whole number from 1 to 1,000,000") }
        }
        let hint = checks.optionalText(rawHint, field: "hint", limit: 300)
        guard checks.isEmpty, let type else { return .failure(FieldProblems(checks.problems)) }
        return .success(SurveyQuestion(code: code, text: text, type: type, options: options, hint: hint, maximum: maximum))
    }
}

/// A new survey's settings, checked (SURV-4: title, audience, trigger, delay_days).
public struct SurveySettings: Sendable, Equatable {
    public let title: String
    public let slug: String
    public let audience: SurveyAudience
    public let trigger: SurveyTrigger
    public let delayDays: Int

    /// LOCAL: at most a year's delay; a survey sent later than that is about a different experience.
    public static let maxDelayDays = 365

    public static func slug(from title: String) -> String {
        var out = ""
        for c in title.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) { out.append(c) } else if !out.hasSuffix("-") && !out.isEmpty { out.append("-") }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return String(out.prefix(40))
    }

    public static func make(title rawTitle: String?, slug rawSlug: String?, audience rawAudience: String?, trigger rawTrigger: String?,
                            delayDays rawDelay: String?, existingSlugs: Set<String>) -> Result<SurveySettings, FieldProblems> {
        var checks = FieldChecks(today: CalendarDate(year: 2000, month: 1, day: 1))
        let title = checks.text(rawTitle, field: "title", missing: "Enter the survey's title", limit: 200)
        var slug = (rawSlug ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if slug.isEmpty { slug = Self.slug(from: title) }
        if !title.isEmpty || !(rawSlug ?? "").isEmpty {
            if slug.isEmpty || slug.count > 40 || !slug.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
                checks.add("slug", "The short name must be 40 lower-case letters, digits or hyphens or fewer")
            } else if existingSlugs.contains(slug) { checks.add("slug", "Another survey already has the short name \(slug)") }
        }
        let audience = SurveyAudience(rawValue: rawAudience ?? "")
        if audience == nil { checks.add("audience", "Select who the survey is for") }
        let trigger = SurveyTrigger(rawValue: rawTrigger ?? "")
        if trigger == nil { checks.add("trigger", "Select when the survey is sent") }
        let rawDelay = (rawDelay ?? "").trimmingCharacters(in: .whitespaces)
        let delay = rawDelay.isEmpty ? 0 : Int(rawDelay)
        if delay == nil || delay! < 0 || delay! > maxDelayDays { checks.add("delay", "The delay must be a whole number of days from 0 to \(maxDelayDays)") }
        guard checks.isEmpty, let audience, let trigger, let delay else { return .failure(FieldProblems(checks.problems)) }
        return .success(SurveySettings(title: title, slug: slug, audience: audience, trigger: trigger, delayDays: delay))
    }
}

/// A survey version's life: a draft takes questions; publishing freezes it (SURV-4: "a published survey
/// version is frozen"), and it must have a question to publish.
public enum SurveyVersionRules {
    public static func canAddQuestion(published: Bool) -> FieldProblem? {
        published ? FieldProblem("code", "This version is published and its questions cannot change: start a new version to change them") : nil
    }

    public static func canPublish(published: Bool, questions: [SurveyQuestion]) -> FieldProblem? {
        if published { return FieldProblem("action", "This version is already published") }
        if questions.isEmpty { return FieldProblem("action", "Add at least one question before publishing") }
        return nil
    }
}
