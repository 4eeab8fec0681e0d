/// What the reviewer decided, so every identification ends in a recorded decision.
enum IdentificationDecision: String, CaseIterable, Sendable {
    case refer
    case noAction = "no_action"

    var label: String {
        switch self {
        case .refer: "Refer to the Medical Education Team"
        case .noAction: "No action"
        }
    }

    var shortLabel: String {
        switch self {
        case .refer: "Refer"
        case .noAction: "No action"
        }
    }
}
