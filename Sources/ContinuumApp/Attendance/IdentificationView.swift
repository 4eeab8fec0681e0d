import Foundation
import GOVUK
import ContinuumDomain

/// One queue entry as the pages show it, worked out before rendering so the pages stay dumb.
struct IdentificationView: Sendable {
    let id: UUID
    let identifiedOn: String
    let kind: IdentificationKind
    let detail: String
    let academicYear: String
    let childID: UUID?
    let childName: String?
    let upn: String?
    let decision: IdentificationDecision?
    let decisionNote: String?
    let reviewedBy: String?
    let reviewedOn: String?
    let version: Int

    var isReviewed: Bool { decision != nil }

    /// A tag always carries its meaning in text, never by colour alone.
    var statusTag: HTMLNode {
        switch decision {
        case nil: tag("Not reviewed", .red)
        case .refer: tag("Refer", .green)
        case .noAction: tag("No action", .grey)
        }
    }

    /// Whom the entry is about, for people: the child's name, or the UPN no record matches yet.
    var who: String { childName ?? "No child record for UPN \(upn ?? "not known")" }

    /// Hidden text that makes each row's link text unique for screen-reader link lists.
    var linkSuffix: String { childName.map { "for \($0)" } ?? "for UPN \(upn ?? "not known")" }

    static func make(_ item: Identification, child: Child?) -> IdentificationView {
        IdentificationView(
            id: item.id ?? UUID(), identifiedOn: item.identifiedOn.longFormat, kind: item.kindValue, detail: item.detail,
            academicYear: "\(item.academicYear)/\(String(item.academicYear + 1).suffix(2))",
            childID: child?.id, childName: child?.fullName, upn: item.upn ?? child?.upn,
            decision: item.decisionValue, decisionNote: item.decisionNote, reviewedBy: item.reviewedBy,
            reviewedOn: item.reviewedOn?.longFormat, version: item.version)
    }
}
