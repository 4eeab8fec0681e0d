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
        let first = DateInput.parse(firstDayAbsent)
        if (firstDayAbsent ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FormError(field: "firstDayAbsent", message: "Enter the first day the child was absent"))
        } else if first == nil {
            errors.append(FormError(field: "firstDayAbsent", message: "First day absent must be a real date, like 2026-03-02"))
        } else if abs(first!.days(to: today)) > 366 {
            errors.append(FormError(field: "firstDayAbsent", message: "First day absent must be within a year of today"))
        }
        var expected: CalendarDate?
        switch returnKnown {
        case "yes":
            expected = DateInput.parse(expectedReturn)
            if (expectedReturn ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(FormError(field: "expectedReturn", message: "Enter the date the child is expected back, or choose not known"))
            } else if expected == nil {
                errors.append(FormError(field: "expectedReturn", message: "Expected return date must be a real date, like 2026-04-20"))
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
