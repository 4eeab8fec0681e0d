import Foundation

/// What the banner says after a redirect with `?done=<action>` (issue 13 item 11). The query string is
/// anyone's to write, so it only ever picks one of these fixed sentences: a value that is not listed
/// shows no banner at all, never the value itself (a crafted link must not put words on a council page).
enum DoneMessage: String, CaseIterable, Sendable {
    case allocate, advice, remind, draft, `final`, exception, withdraw, appeal, cease, review, amended
    case consult, reassess, comments, message, match
    case notIssue = "not-issue"
    case consultReply = "consult-reply"
    /// The adviser's answer, not the council's request for it.
    case adviceSent = "advice-sent"
    case scheduleReview = "schedule-review"
    case decision
    // Held attendance (Attendance/HeldAttendanceController.swift).
    case accepted, rejected
    // Post-16 tracking (Post16/Post16Controller.swift).
    case activity, confirmed, offer, contact, refreshed, pfa
    case offerUpdated = "offer-updated"

    /// The banner for a raw `done` value, or nil for anything not listed (including nil, empty and oversized values).
    static func banner(for raw: String?, notifyConfigured: Bool) -> String? {
        guard let raw, raw.utf8.count <= 40, let done = DoneMessage(rawValue: raw) else { return nil }
        return done.text(notifyConfigured: notifyConfigured)
    }

    func text(notifyConfigured: Bool) -> String {
        switch self {
        case .allocate: "Caseworker allocated"
        case .advice: "Advice request recorded"
        case .adviceSent: "Advice sent"
        case .remind: AdviceReminders.notice(notifyConfigured: notifyConfigured)
        case .draft: "Draft plan recorded"
        case .final: "Final plan recorded"
        case .exception: "Exception recorded"
        case .withdraw: "Request withdrawn"
        case .appeal: "Appeal recorded"
        case .cease: "Decision to cease the plan recorded"
        case .review: "Annual review recorded"
        case .amended: "Amended plan recorded"
        case .consult: "Consultation recorded"
        case .consultReply: "Consultation reply recorded"
        case .reassess: "Re-assessment opened"
        case .comments: "Comments on the draft plan recorded"
        case .message: "Message sent"
        case .match: "Request linked to the child's record"
        case .notIssue: "Decision not to issue a plan recorded"
        case .scheduleReview: "Review meeting scheduled"
        case .decision: "Decision recorded"
        case .accepted: "The held rows were accepted and applied"
        case .rejected: "The held rows were rejected and discarded"
        case .activity: "Activity recorded"
        case .confirmed: "Current activity confirmed today: its currency starts again"
        case .offer: "September Guarantee offer recorded"
        case .offerUpdated: "Offer updated"
        case .contact: "Contact logged"
        case .refreshed: "The cohort was brought up to date from the children's records"
        case .pfa: "Preparing-for-adulthood areas saved"
        }
    }
}
