import Foundation

/// One stored answer: the question's code and a value (an option, "1" to "5", a whole number, or text).
/// A multiple-choice answer is one `SurveyAnswer` per option chosen.
public struct SurveyAnswer: Sendable, Equatable {
    public let question: String
    public let value: String
    public init(question: String, value: String) { self.question = question; self.value = value }
}

public enum SurveyAnswers {
    /// Checks a respondent's form against the frozen version they were sent (SURV-4: a published version
    /// never changes). Every question may be skipped, but a response must answer at least one. `form` maps a
    /// question's code to the values sent (several for multiple choice).
    public static func check(_ questions: [SurveyQuestion], form: [String: [String]]) -> Result<[SurveyAnswer], FieldProblems> {
        var problems: [FieldProblem] = []
        var answers: [SurveyAnswer] = []
        for question in questions {
            let values = (form[question.code] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            guard !values.isEmpty else { continue }
            let field = "q-\(question.code)"
            switch question.type {
            case .scale, .choice:
                guard values.count == 1, question.resultKeys.contains(values[0]) else {
                    problems.append(FieldProblem(field, "Select one answer to \u{201C}\(question.text)\u{201D}")); continue
                }
                answers.append(SurveyAnswer(question: question.code, value: values[0]))
            case .multi:
                let chosen = Set(values)
                guard chosen.isSubset(of: Set(question.options)) else {
                    problems.append(FieldProblem(field, "Select answers to \u{201C}\(question.text)\u{201D} from the list")); continue
                }
                // Stored in the question's own order, once each.
                answers += question.options.filter(chosen.contains).map { SurveyAnswer(question: question.code, value: $0) }
            case .number:
                let maximum = question.maximum ?? SurveyQuestion.defaultMaximum
                guard values.count == 1, let n = Int(values[0]), n >= 0, n <= maximum else {
                    problems.append(FieldProblem(field, "The answer to \u{201C}\(question.text)\u{201D} must be a whole number from 0 to \(maximum)")); continue
                }
                answers.append(SurveyAnswer(question: question.code, value: String(n)))
            case .text:
                let text = values.joined(separator: "\n")
                guard text.count <= SurveyQuestion.maxTextAnswer else {
                    problems.append(FieldProblem(field, "The answer to \u{201C}\(question.text)\u{201D} must be \(SurveyQuestion.maxTextAnswer) characters or fewer")); continue
                }
                answers.append(SurveyAnswer(question: question.code, value: text))
            }
        }
        if problems.isEmpty && answers.isEmpty { problems.append(FieldProblem("action", "Answer at least one question before sending your answers")) }
        return problems.isEmpty ? .success(answers) : .failure(FieldProblems(problems))
    }
}

/// A single-use survey link's state. The link opens the survey once, until it expires.
public enum SurveyLinkState: Equatable, Sendable {
    case open, used, expired, closed

    /// LOCAL default: a link is good for 28 days from the day it is sent (configurable per council).
    public static let defaultLifetimeDays = 28

    public static func of(sentOn: CalendarDate, usedAt: Bool, lifetimeDays: Int, surveyOpen: Bool, today: CalendarDate) -> SurveyLinkState {
        if usedAt { return .used }
        if today > sentOn.adding(days: lifetimeDays) { return .expired }
        if !surveyOpen { return .closed }
        return .open
    }

    /// What the respondent reads instead of the survey.
    public var message: (title: String, body: String)? {
        switch self {
        case .open: nil
        case .used: ("This survey link has already been used",
                     "Each link can be used once, and the answers sent with this one have been received. Thank you. If you did not send them, contact the council.")
        case .expired: ("This survey link has expired",
                        "Links to the council's surveys last \(Self.defaultLifetimeDays) days. The survey is no longer taking answers through this link.")
        case .closed: ("This survey has closed", "The council is no longer taking answers to this survey. Thank you for your time.")
        }
    }
}

/// When an automatic survey is due (SURV-4 `delay_days`), and how far back a first run looks.
public enum SurveyDispatch {
    /// LOCAL: a stage reached more than this many days before its survey fell due is not surveyed, so
    /// switching a trigger on does not send surveys about old cases.
    public static let lookBackDays = 60

    public static func isDue(event: CalendarDate, delayDays: Int, today: CalendarDate) -> Bool {
        let due = event.adding(days: delayDays)
        return due <= today && due > today.adding(days: -lookBackDays)
    }

    /// The stage recorded on each response, by trigger (reports join by stage, never by name).
    public static func stage(for trigger: SurveyTrigger) -> String { trigger.rawValue }
}

/// Who a survey goes to by hand (issue 16 item 1): a group and its addresses, one per line.
public struct ManualSurveyList: Sendable, Equatable {
    public let group: CoProductionGroup
    public let addresses: [String]
    /// LOCAL: a list larger than this goes in batches, so a pasted mistake can't email thousands.
    public static let maxAddresses = 500

    public static func make(group rawGroup: String?, addresses raw: String?, surveyOpen: Bool) -> Result<ManualSurveyList, FieldProblems> {
        var problems: [FieldProblem] = []
        if !surveyOpen { problems.append(FieldProblem("group", "Open the survey (publish a version) before sending it")) }
        let group = CoProductionGroup(rawValue: rawGroup ?? "")
        if group == nil { problems.append(FieldProblem("group", "Select the group the list is for")) }
        let lines = (raw ?? "").split(whereSeparator: { $0.isNewline || $0 == "," || $0 == ";" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var seen = Set<String>(), addresses: [String] = []
        for (i, line) in lines.enumerated() {
            guard Self.looksLikeEmail(line) else { problems.append(FieldProblem("addresses", "Address \(i + 1), \u{201C}\(line.prefix(60))\u{201D}, is not an email address")); break }
            if seen.insert(line.lowercased()).inserted { addresses.append(line) }
        }
        if lines.isEmpty { problems.append(FieldProblem("addresses", "Enter the email addresses to send the survey to, one on each line")) }
        if addresses.count > maxAddresses { problems.append(FieldProblem("addresses", "Enter \(maxAddresses) addresses or fewer at a time")) }
        guard problems.isEmpty, let group else { return .failure(FieldProblems(problems)) }
        return .success(ManualSurveyList(group: group, addresses: addresses))
    }

    static func looksLikeEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        return s.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && !s.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" })
    }
}
