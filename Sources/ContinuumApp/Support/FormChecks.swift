import Foundation
import GOVUK
import ContinuumDomain

/// Shared checks so every form words its errors the same way: dates that are real, not in the
/// future unless allowed and not before an earlier step; required and optional text with limits.
struct FormChecks {
    var errors: [FormError] = []
    static let furthestFutureDays = 731
    static let earliest = CalendarDate(year: CalendarDate.plausibleYears.lowerBound, month: 1, day: 1)

    /// A date that is real, not in the future, and not before `notBefore` (the request, usually).
    mutating func date(_ raw: String?, field: String, label: String, notBefore: CalendarDate? = nil, notBeforeLabel: String = "the request was received",
                       today: CalendarDate, allowFuture: Bool = false) -> CalendarDate? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { errors.append(FormError(field: field, message: "Enter the date \(label)")); return nil }
        guard let date = CalendarDate(iso: text) else {
            errors.append(FormError(field: field, message: "The date \(label) must be a real date in the format YYYY-MM-DD, for example \(today)")); return nil
        }
        if !allowFuture && date > today { errors.append(FormError(field: field, message: "The date \(label) must be today or in the past")); return nil }
        // Dates feed statutory arithmetic: keep them where that arithmetic, and the people using it, make sense.
        if date > today.adding(days: Self.furthestFutureDays) {
            errors.append(FormError(field: field, message: "The date \(label) must be within the next two years")); return nil
        }
        if date < Self.earliest { errors.append(FormError(field: field, message: "The date \(label) must be after 1 January 1900")); return nil }
        if let notBefore, date < notBefore {
            errors.append(FormError(field: field, message: "The date \(label) must be on or after \(notBefore.longFormat), when \(notBeforeLabel)")); return nil
        }
        return date
    }

    /// Required free text with a length limit.
    mutating func text(_ raw: String?, field: String, missing: String, limit: Int = 8000) -> String {
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { errors.append(FormError(field: field, message: missing)) }
        else if text.count > limit { errors.append(FormError(field: field, message: "This must be \(limit.formatted()) characters or fewer")) }
        return text
    }

    /// Optional free text; nil when blank.
    mutating func optionalText(_ raw: String?, field: String, limit: Int = 8000) -> String? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count > limit { errors.append(FormError(field: field, message: "This must be \(limit.formatted()) characters or fewer")) }
        return text.isEmpty ? nil : text
    }
}
