/// Why a child is on the early-identification queue (rulebook HN-2, HN-3; issue 4 item 3).
enum IdentificationKind: String, CaseIterable, Sendable {
    /// Illness absence reached 15 school days this academic year, computed from attendance feeds.
    case illness15Days = "illness_15_days"
    /// A school said the child is expected to miss 15 or more school days, or could not say how many.
    case sicknessNotification = "sickness_notification"
    /// An EHC needs assessment is pending or a plan is being drafted and the child is missing school.
    /// Raised by attendance imports for a child with an open EHC request who has missed 10+ days this term.
    case ehcPendingAbsence = "ehc_pending_absence"

    var label: String {
        switch self {
        case .illness15Days: "Illness absence reached 15 days"
        case .sicknessNotification: "School sickness notification"
        case .ehcPendingAbsence: "EHC assessment pending and missing school"
        }
    }
}
