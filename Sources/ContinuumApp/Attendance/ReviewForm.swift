import Vapor
import GOVUK

/// The review of a queue entry, as posted. Decoded into this, never into the model.
struct ReviewForm: Content {
    var decision: String?
    var note: String?
    var version: Int?

    struct Valid: Sendable { let decision: IdentificationDecision; let note: String? }
    enum Validated { case valid(Valid); case invalid([FormError]) }

    static let maxNote = 2000

    func validate() -> Validated {
        var errors: [FormError] = []
        let chosen = decision.flatMap(IdentificationDecision.init(rawValue:))
        if chosen == nil { errors.append(FormError(field: "decision", message: "Select whether to refer the child or take no action")) }
        let text = (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        // Nothing is dropped silently: deciding to do nothing needs a reason someone can read later.
        if chosen == .noAction && text.isEmpty { errors.append(FormError(field: "note", message: "Enter why no action is needed")) }
        if text.count > Self.maxNote { errors.append(FormError(field: "note", message: "The note must be 2,000 characters or fewer")) }
        guard errors.isEmpty, let chosen else { return .invalid(errors) }
        return .valid(Valid(decision: chosen, note: text.isEmpty ? nil : text))
    }
}
