import Fluent
import NIOConcurrencyHelpers
import Vapor
import ContinuumDomain

/// Referrals a principal may see, defaulting to none. School users see the referrals for their
/// own pupils; teachers, health professionals and parents those of the children linked to them.
struct ReferralRepository {
    let principal: Principal
    let db: any Database

    func scoped() async throws -> QueryBuilder<Referral>? {
        let base = Referral.query(on: db).filter(\.$authority.$id == principal.authorityID)
        switch principal.role {
        case .administrator, .caseworker, .metCoordinator:
            return base
        case .schoolUser:
            guard let school = principal.schoolID else { return nil }
            return base.filter(\.$homeSchool.$id == school)
        case .metTeacher, .healthProfessional, .parentCarer:
            guard let children = try await ChildRepository(principal: principal, db: db).scoped() else { return nil }
            let ids = try await children.all(\.$id)
            guard !ids.isEmpty else { return nil }
            return base.filter(\.$child.$id ~~ ids)
        case .finance, .electedMember, .provider, .post16Adviser:
            return nil
        }
    }

    /// The referral, if in scope; otherwise nil, with the refusal audited (AccessDenial).
    func find(_ id: ReferralID) async throws -> Referral? {
        let found = try await scoped()?.filter(\.$id == id.rawValue).with(\.$child).with(\.$homeSchool).first()
        if found == nil { try await AccessDenial.record("referral", id: id.rawValue, principal: principal, on: db) }
        return found
    }
}
