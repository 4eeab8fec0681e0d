import Foundation

/// The outcome of checking a Unique Pupil Number typed or imported by a person.
public enum UPNValidation: Hashable, Sendable {
    case valid(UPN)
    /// `reason` is a sentence fragment fit to show next to the field.
    case invalid(reason: String)

    public var upn: UPN? {
        if case .valid(let upn) = self { return upn }
        return nil
    }

    public var reason: String? {
        if case .invalid(let reason) = self { return reason }
        return nil
    }

    public var isValid: Bool { upn != nil }
}
