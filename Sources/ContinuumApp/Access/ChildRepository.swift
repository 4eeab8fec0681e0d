import Fluent
import Vapor
import ContinuumDomain

/// The only way to query children. It starts from the principal's scope and defaults to no rows:
/// a role this type doesn't know how to scope sees nothing.
struct ChildRepository {
    let principal: Principal
    let db: any Database

    /// The children this principal may see, as a query to refine; nil means none at all.
    func scoped() async throws -> QueryBuilder<Child>? {
        let base = Child.query(on: db).filter(\.$authority.$id == principal.authorityID)
        switch principal.role {
        case .administrator, .caseworker, .metCoordinator:
            return base
        case .schoolUser:
            guard let schoolID = principal.schoolID else { return nil }
            return base.filter(\.$homeSchool.$id == schoolID)
        case .metTeacher:
            return try await taught(base)
        case .healthProfessional:
            // SECURITY.md: health professionals see pupils referred to them, with consent.
            return try await linked(base, kind: .healthProfessional, requireConsent: true)
        case .parentCarer:
            return try await linked(base, kind: .parentCarer, requireConsent: false)
        case .finance, .electedMember, .provider, .post16Adviser:
            return nil
        }
    }

    private func linked(_ base: QueryBuilder<Child>, kind: ChildRelationship.Kind, requireConsent: Bool) async throws -> QueryBuilder<Child>? {
        let ids = try await linkedIDs(kind: kind, requireConsent: requireConsent)
        guard !ids.isEmpty else { return nil }
        return base.filter(\.$id ~~ ids)
    }

    private func linkedIDs(kind: ChildRelationship.Kind, requireConsent: Bool) async throws -> [UUID] {
        var query = ChildRelationship.query(on: db)
            .join(Person.self, on: \ChildRelationship.$person.$id == \Person.$id)
            .filter(Person.self, \.$userID == principal.userID)
            .filter(\.$kind == kind.rawValue)
        if requireConsent { query = query.filter(\.$consentToShare == true) }
        return Array(Set(try await query.all(\.$child.$id)))
    }

    /// A teacher's linked children whose link still stands (TeacherLinkRule): one query for the links and one
    /// for the teacher's slots with their referrals, whatever the number of children.
    private func taught(_ base: QueryBuilder<Child>) async throws -> QueryBuilder<Child>? {
        let ids = try await linkedIDs(kind: .metTeacher, requireConsent: false)
        guard !ids.isEmpty else { return nil }
        let slots = try await TimetableSlot.query(on: db)
            .join(Referral.self, on: \TimetableSlot.$referral.$id == \Referral.$id)
            .filter(\.$teacher.$id == principal.userID)
            .filter(Referral.self, \.$authority.$id == principal.authorityID)
            .filter(Referral.self, \.$child.$id ~~ ids)
            .all()
        var byChild: [UUID: [TeacherLinkRule.Slot]] = [:]
        for slot in slots {
            let referral = try slot.joined(Referral.self)
            byChild[referral.$child.id, default: []].append(slot.teacherLinkSlot(referral))
        }
        let today = CalendarDate.today()
        let standing = ids.filter { TeacherLinkRule.linkStands(slots: byChild[$0] ?? [], today: today) }
        guard !standing.isEmpty else { return nil }
        return base.filter(\.$id ~~ standing)
    }

    /// The child, if in scope; otherwise nil, with the refusal audited (AccessDenial).
    func find(_ id: ChildID) async throws -> Child? {
        let found = try await scoped()?.filter(\.$id == id.rawValue).first()
        if found == nil { try await AccessDenial.record("child", id: id.rawValue, principal: principal, on: db) }
        return found
    }

    func count() async throws -> Int { try await scoped()?.count() ?? 0 }
}

extension TimetableSlot {
    /// This slot for TeacherLinkRule; its referral must be loaded (eager or joined).
    func teacherLinkSlot(_ referral: Referral) -> TeacherLinkRule.Slot {
        TeacherLinkRule.Slot(active: active, referralStatus: ReferralStatus(rawValue: referral.status) ?? .closed,
                             referralClosedOn: referral.closedOn)
    }
}

extension Request {
    /// The child named by the route's `:childID`, through the principal's scope: the one loader for every
    /// page under a child's record (issue 14). A malformed, missing or out-of-scope id is the same `404`,
    /// and `ChildRepository.find` writes the refusal's audit row (AccessDenial), so no caller writes its own.
    func scopedChild(_ principal: Principal) async throws -> Child {
        guard let id = parameters.get("childID", as: ChildID.self) else { throw Abort(.notFound) }
        guard let child = try await ChildRepository(principal: principal, db: db).find(id) else { throw Abort(.notFound) }
        return child
    }
}
