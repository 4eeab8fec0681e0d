import Fluent
import Vapor
import ContinuumDomain

/// EHC cases a principal may see, defaulting to none. Caseworkers and administrators see their
/// authority's cases; schools their pupils'; advisers the cases they were asked to advise on;
/// parents their own child's. Finance and elected members see aggregates only, never a case.
struct EHCCaseRepository {
    let principal: Principal
    let db: any Database

    /// Roles that run the statutory process and may change a case.
    static let managers: Set<Role> = [.administrator, .caseworker]
    /// Roles that may open a case at all (each then scoped).
    static let viewers: Set<Role> = [.administrator, .caseworker, .schoolUser, .healthProfessional, .parentCarer]

    func scoped() async throws -> QueryBuilder<EHCCase>? {
        let base = EHCCase.query(on: db).filter(\.$authority.$id == principal.authorityID)
        switch principal.role {
        case .administrator, .caseworker:
            return base
        case .schoolUser:
            guard let school = principal.schoolID else { return nil }
            let ids = try await Child.query(on: db).filter(\.$authority.$id == principal.authorityID)
                .filter(\.$homeSchool.$id == school).all(\.$id)
            guard !ids.isEmpty else { return nil }
            return base.filter(\.$child.$id ~~ ids)
        case .healthProfessional:
            // Advisers see a case because they were asked for advice on it, not because of a link to the child.
            let ids = try await EHCAdviceRequest.query(on: db).filter(\.$adviserUserID == principal.userID).all(\.$ehcCase.$id)
            guard !ids.isEmpty else { return nil }
            return base.filter(\.$id ~~ Array(Set(ids)))
        case .parentCarer:
            guard let children = try await ChildRepository(principal: principal, db: db).scoped() else { return nil }
            let ids = try await children.all(\.$id)
            guard !ids.isEmpty else { return nil }
            return base.filter(\.$child.$id ~~ ids)
        case .metCoordinator, .metTeacher, .finance, .electedMember, .provider, .post16Adviser:
            return nil
        }
    }

    /// The case, if in scope; otherwise nil, with the refusal audited (AccessDenial).
    func find(_ id: EHCCaseID) async throws -> EHCCase? {
        let found = try await scoped()?.filter(\.$id == id.rawValue).with(\.$child).first()
        if found == nil { try await AccessDenial.record("ehc_case", id: id.rawValue, principal: principal, on: db) }
        return found
    }
}
