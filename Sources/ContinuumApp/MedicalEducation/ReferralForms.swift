import Vapor
import GOVUK
import ContinuumDomain

/// Per-action input types: forms decode into these, never into models.
struct NewReferralForm: Content {
    var referrer: String?
    var reason: String?
    var healthSummary: String?
    var expectedAbsenceDays: String?
    var schoolDaysMissed: String?
    var ehcStatus: String?
    var parentalConsent: String?
    var urgent: String?
    var evidenceRequestedFrom: String?
    /// HN-1: the date the education is needed from; blank means now (the day the referral is made).
    var neededFrom: String?

    struct Valid: Sendable {
        let referrer: String, reason: ReferralReason, healthSummary: String, expectedAbsenceDays: Int, schoolDaysMissed: Int
        let ehcStatus: String, urgent: Bool, evidenceRequestedFrom: String?
        /// The date eligibility is tested on (HN-1).
        let neededOn: CalendarDate
    }

    enum Validated { case valid(Valid); case invalid([FormError]) }

    static let referrers = [Option("school", "The child's school"), Option("parent", "A parent or carer"),
                            Option("health", "A health professional"), Option("gp", "The child's GP")]
    static let ehcOptions = [Option("none", "No EHC plan"), Option("pending", "An EHC needs assessment has been requested or a plan is being drafted"),
                             Option("plan", "The child has an EHC plan")]

    func validate(isSchoolUser: Bool, today: CalendarDate = .today()) -> Validated {
        var errors: [FormError] = []
        let referrer = isSchoolUser ? "school" : (referrer ?? "")
        if !Self.referrers.contains(where: { $0.value == referrer }) { errors.append(FormError(field: "referrer", message: "Select who the referral is from")) }
        let reasonValue = reason.flatMap(ReferralReason.init(rawValue:))
        if reasonValue == nil { errors.append(FormError(field: "reason", message: "Select the main reason the child cannot attend school")) }
        let summary = (healthSummary ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if summary.isEmpty { errors.append(FormError(field: "healthSummary", message: "Describe the child's health condition and how it stops them attending")) }
        else if summary.count > 2000 { errors.append(FormError(field: "healthSummary", message: "The summary must be 2,000 characters or fewer")) }
        func days(_ raw: String?, field: String, label: String) -> Int {
            let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { errors.append(FormError(field: field, message: "Enter \(label)")); return 0 }
            guard let value = Int(text), (0...400).contains(value) else {
                errors.append(FormError(field: field, message: "\(label.prefix(1).uppercased() + label.dropFirst()) must be a whole number of school days from 0 to 400")); return 0
            }
            return value
        }
        let expected = days(expectedAbsenceDays, field: "expectedAbsenceDays", label: "how many more school days the child is expected to miss")
        let missed = days(schoolDaysMissed, field: "schoolDaysMissed", label: "how many school days the child has already missed")
        let ehc = ehcStatus ?? ""
        if !Self.ehcOptions.contains(where: { $0.value == ehc }) { errors.append(FormError(field: "ehcStatus", message: "Select whether the child has an EHC plan")) }
        if parentalConsent != "yes" { errors.append(FormError(field: "parentalConsent", message: "Confirm that the parent or carer agrees to this referral")) }
        let from = (evidenceRequestedFrom ?? "").trimmingCharacters(in: .whitespaces)
        if from.count > 200 { errors.append(FormError(field: "evidenceRequestedFrom", message: "Who the evidence was asked of must be 200 characters or fewer")) }
        let neededText = (neededFrom ?? "").trimmingCharacters(in: .whitespaces)
        var neededOn = today
        if !neededText.isEmpty {
            if let date = DateInput.parse(neededText) {
                // A referral is about this year's education: a date far off is almost always a typing slip.
                if abs(today.days(to: date)) > 366 { errors.append(FormError(field: "neededFrom", message: "The date education is needed from must be within a year of today")) }
                neededOn = date
            } else {
                errors.append(FormError(field: "neededFrom", message: "The date education is needed from must be a real date, for example 30 11 2026"))
            }
        }
        guard errors.isEmpty, let reasonValue else { return .invalid(errors) }
        return .valid(Valid(referrer: referrer, reason: reasonValue, healthSummary: summary, expectedAbsenceDays: expected, schoolDaysMissed: missed,
                              ehcStatus: ehc, urgent: urgent == "yes", evidenceRequestedFrom: from.isEmpty ? nil : from, neededOn: neededOn))
    }
}

struct DecisionForm: Content {
    var outcome: String?
    var reasons: String?
    var version: Int?
}

struct StatusForm: Content {
    var status: String?
    var version: Int?
}

struct ProvisionForm: Content {
    var type: String?
    var baseID: String?
    var hoursPerWeek: String?
    var start: String?
    var partTimeReason: String?
    var reviewOn: String?
}

