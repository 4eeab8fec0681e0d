import Foundation
import ContinuumDomain

/// The field-level policy for one reader of one record (SECURITY.md field-level access), from the table
/// in `ContinuumDomain/Access/FieldAccess.swift`. Build it after the scoped repository has found the
/// record: it decides which sensitive fields of an in-scope record are shown, never whether the record is.
/// Every page, download and export that can show a family message, health detail, medical evidence or a
/// safeguarding note asks this, so the rule lives in one place.
struct FieldPolicy: Sendable {
    let visible: Set<SensitiveField>

    init(role: Role, relationship: FieldRelationship = .none) {
        visible = FieldAccess.visible(to: role, relationship: relationship)
    }

    init(principal: Principal, relationship: FieldRelationship = .none) {
        self.init(role: principal.role, relationship: relationship)
    }

    /// A Section 19 referral: the referring user wrote its health summary, so it is theirs to see again.
    static func forReferral(_ referral: Referral, principal: Principal) -> FieldPolicy {
        FieldPolicy(principal: principal, relationship: FieldRelationship(madeTheReferral: referral.referredByUserID == principal.userID))
    }

    func shows(_ field: SensitiveField) -> Bool { visible.contains(field) }

    /// The fields this reader may not see.
    var withheld: Set<SensitiveField> { Set(SensitiveField.allCases).subtracting(visible) }

    /// Roles a route serving only this field may be open to (each request is then checked with `shows`).
    static func roles(thatMaySee field: SensitiveField) -> Set<Role> { FieldAccess.roles(thatMaySee: field) }

    /// Said in place of a hidden field, so the reader knows something is held and who has it.
    static let withheld: [SensitiveField: String] = [
        .healthDetail: "Shown only to the service, the health professionals and the referrer",
        .medicalEvidence: "Held by the service",
        .familyMessages: "Shown only to the council and the family",
        .safeguardingNotes: "Shown only to the council and the school's safeguarding lead",
    ]
}
