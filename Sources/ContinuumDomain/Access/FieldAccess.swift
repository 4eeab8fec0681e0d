/// Field-level access: which sensitive parts of a child's record a role may see, once the record
/// itself is in scope. SECURITY.md: "Field-level: health detail, safeguarding notes and confidential
/// addresses are visible only to roles that need them."
///
/// Scope (same council, own school, assigned pupil, referred with consent, own child) is decided
/// first by the scoped repositories; this table only decides which fields of an in-scope record show.
/// It is the one place these rules live: every page, download and export asks it.
public enum SensitiveField: String, CaseIterable, Sendable {
    /// The family's messages on an EHC case and their comments on the draft plan (with the school they
    /// would prefer): correspondence between the family and the council.
    case familyMessages = "family_messages"
    /// The child's health condition as referred, the health reasons for part-time provision, and the
    /// health professionals' input at reviews.
    case healthDetail = "health_detail"
    /// Medical evidence documents (GP, consultant and CAMHS letters) and who was asked for them.
    case medicalEvidence = "medical_evidence"
    /// Safeguarding concerns logged on the child's record.
    case safeguardingNotes = "safeguarding_notes"
}

/// The reader's own link to the record, where a rule depends on more than the role.
public struct FieldRelationship: Sendable, Equatable {
    /// This user made the Section 19 referral (and so wrote its health summary).
    public var madeTheReferral: Bool
    public init(madeTheReferral: Bool = false) { self.madeTheReferral = madeTheReferral }
    public static let none = FieldRelationship()
}

public enum FieldRule: Sendable, Equatable {
    case shown
    case hidden
    /// Shown only to the user who made the referral.
    case onlyToTheReferrer
}

public enum FieldAccess {
    /// The table: one row per role, exhaustive over roles (a new role must be given a row) and closed
    /// by default (a field a row does not name is hidden).
    public static func rules(for role: Role) -> [SensitiveField: FieldRule] {
        switch role {
        case .administrator, .caseworker:
            // The council runs the statutory process and answers the family (SEND Code of Practice 9.2, CFA 2014 s.19).
            return [.familyMessages: .shown, .healthDetail: .shown, .medicalEvidence: .shown, .safeguardingNotes: .shown]
        case .metCoordinator:
            // Decides Section 19 referrals and provision, so needs the health detail and evidence (Education Act 1996 s.19;
            // DfE "Arranging education for children who cannot attend school because of health needs", 2023); has no part in EHC correspondence with families.
            return [.healthDetail: .shown, .medicalEvidence: .shown, .safeguardingNotes: .shown]
        case .metTeacher:
            // Teaches an assigned pupil who is out of school because of illness: needs the condition and the reduced hours'
            // reasons to teach safely, not the clinical documents (need-to-know, National Data Guardian standard 1).
            return [.healthDetail: .shown]
        case .schoolUser:
            // The SENCO or DSL acts on safeguarding for their pupils (KCSIE); health detail only for the referral they made
            // themselves (they wrote it). Family correspondence and clinical documents stay with the council and health.
            return [.healthDetail: .onlyToTheReferrer, .safeguardingNotes: .shown]
        case .healthProfessional:
            // Pupils referred to them, with consent (SECURITY.md): clinicians see and add the clinical picture.
            return [.healthDetail: .shown, .medicalEvidence: .shown]
        case .parentCarer:
            // Their own child: their own correspondence and their child's health picture. Third parties' clinical documents
            // reach the family through a subject access request, redacted first (UK GDPR Art. 15(4), DPA 2018 Sch. 2 para 16).
            return [.familyMessages: .shown, .healthDetail: .shown]
        case .finance, .electedMember:
            // Aggregates only (SECURITY.md): no child-level field at all.
            return [:]
        case .provider:
            // An outreach provider sees only the outreach requests made to it (OUT-5), never a child's record.
            return [:]
        case .post16Adviser:
            // Issue 17: a post-16 adviser tracks activity and offers; no child's health or safeguarding detail reaches them.
            return [:]
        }
    }

    public static func rule(_ field: SensitiveField, for role: Role) -> FieldRule {
        rules(for: role)[field] ?? .hidden
    }

    public static func isVisible(_ field: SensitiveField, to role: Role, relationship: FieldRelationship = .none) -> Bool {
        switch rule(field, for: role) {
        case .shown: true
        case .hidden: false
        case .onlyToTheReferrer: relationship.madeTheReferral
        }
    }

    /// The fields an in-scope record shows to this reader.
    public static func visible(to role: Role, relationship: FieldRelationship = .none) -> Set<SensitiveField> {
        Set(SensitiveField.allCases.filter { isVisible($0, to: role, relationship: relationship) })
    }

    /// Roles that may see the field on at least some record: a route that serves only that field is open to these.
    public static func roles(thatMaySee field: SensitiveField) -> Set<Role> {
        Set(Role.allCases.filter { rule(field, for: $0) != .hidden })
    }

    /// Roles that see the field on every in-scope record, whatever their link to it.
    public static func roles(alwaysSeeing field: SensitiveField) -> Set<Role> {
        Set(Role.allCases.filter { rule(field, for: $0) == .shown })
    }
}
