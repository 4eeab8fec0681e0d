import Vapor
import GOVUK
import ContinuumDomain

/// A school's sickness notification, as posted (rulebook HN-3).
struct SicknessNotificationForm: Content {
    var firstDayAbsent: String?
    /// "yes" when the school knows the expected return date, "not_known" when it does not.
    var returnKnown: String?
    var expectedReturn: String?
    var reason: String?

    struct Valid: Sendable { let firstDayAbsent: CalendarDate; let expectedReturn: CalendarDate?; let reason: String }
    enum Validated { case valid(Valid); case invalid([FormError]) }

    static let returnOptions = [Option("yes", "Yes"), Option("not_known", "Not known")]
    static let maxReason = 2000

    func validate(today: CalendarDate) -> Validated {
        var errors: [FormError] = []
        let firstEntry = DateEntry(firstDayAbsent), first = firstEntry.date
        if let problem = FieldChecks.dateProblem(firstEntry, subject: "First day absent", blank: "Enter the first day the child was absent") {
            errors.append(FormError(field: "firstDayAbsent", message: problem))
        } else if abs(first!.days(to: today)) > 366 {
            errors.append(FormError(field: "firstDayAbsent", message: "First day absent must be within a year of today"))
        }
        var expected: CalendarDate?
        switch returnKnown {
        case "yes":
            let entry = DateEntry(expectedReturn)
            expected = entry.date
            if let problem = FieldChecks.dateProblem(entry, subject: "Expected return date", blank: "Enter the date the child is expected back, or choose not known") {
                errors.append(FormError(field: "expectedReturn", message: problem))
            } else if let first, expected! <= first {
                errors.append(FormError(field: "expectedReturn", message: "Expected return date must be after the first day absent"))
            }
        case "not_known": break
        default: errors.append(FormError(field: "returnKnown", message: "Select whether you know when the child is expected back"))
        }
        let text = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { errors.append(FormError(field: "reason", message: "Enter why the child is absent")) }
        else if text.count > Self.maxReason { errors.append(FormError(field: "reason", message: "The reason must be 2,000 characters or fewer")) }
        guard errors.isEmpty, let first else { return .invalid(errors) }
        return .valid(Valid(firstDayAbsent: first, expectedReturn: expected, reason: text))
    }
}
