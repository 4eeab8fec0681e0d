import Foundation
import GOVUK
import ContinuumDomain

/// The app's face of the domain's `FieldChecks` (issue 14 item 3: one form-input style), for forms whose
/// rules are not yet a domain workflow: the same date entry, the same checks and the same wording, as
/// `FormError`s for the error summary.
struct FormChecks {
    private var checks: FieldChecks
    static let furthestFutureDays = FieldChecks.furthestFutureDays
    static let earliest = FieldChecks.earliest

    init(today: CalendarDate = .today()) { checks = FieldChecks(today: today) }

    var errors: [FormError] {
        get { checks.problems.map { FormError(field: $0.field, message: $0.message) } }
        set { checks.problems = newValue.map { FieldProblem($0.field, $0.message) } }
    }

    /// A date from the GOV.UK date input (or one YYYY-MM-DD / D/M/YYYY value) that is real, complete,
    /// not in the future unless allowed, and not before `notBefore` (the request, usually).
    mutating func date(_ raw: String?, field: String, label: String, notBefore: CalendarDate? = nil, notBeforeLabel: String = "the request was received",
                       today: CalendarDate, allowFuture: Bool = false) -> CalendarDate? {
        var dated = FieldChecks(today: today)
        let date = dated.date(DateEntry(raw), field: field, label: label, notBefore: notBefore, notBeforeLabel: notBeforeLabel, allowFuture: allowFuture)
        checks.problems += dated.problems
        return date
    }

    /// Required free text with a length limit.
    mutating func text(_ raw: String?, field: String, missing: String, limit: Int = 8000) -> String {
        checks.text(raw, field: field, missing: missing, limit: limit)
    }

    /// Optional free text; nil when blank.
    mutating func optionalText(_ raw: String?, field: String, limit: Int = 8000) -> String? {
        checks.optionalText(raw, field: field, limit: limit)
    }

    /// An amount in pounds (`FieldChecks.money`).
    mutating func money(_ raw: String?, field: String, subject: String, allowNegative: Bool = false, required: Bool = true) -> Money? {
        checks.money(raw, field: field, subject: subject, allowNegative: allowNegative, required: required)
    }
}
