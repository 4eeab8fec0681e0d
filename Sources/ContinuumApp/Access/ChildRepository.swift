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
            return try await linked(base, kind: .metTeacher, requireConsent: false)
        case .healthProfessional:
            // SECURITY.md: health professionals see pupils referred to them, with consent.
            return try await linked(base, kind: .healthProfessional, requireConsent: true)
        case .parentCarer:
            return try await linked(base, kind: .parentCarer, requireConsent: false)
        case .finance, .electedMember:
            return nil
        }
    }

    private func linked(_ base: QueryBuilder<Child>, kind: ChildRelationship.Kind, requireConsent: Bool) async throws -> QueryBuilder<Child>? {
        var query = ChildRelationship.query(on: db)
            .join(Person.self, on: \ChildRelationship.$person.$id == \Person.$id)
            .filter(Person.self, \.$userID == principal.userID)
            .filter(\.$kind == kind.rawValue)
        if requireConsent { query = query.filter(\.$consentToShare == true) }
        let ids = try await query.all(\.$child.$id)
        guard !ids.isEmpty else { return nil }
        return base.filter(\.$id ~~ ids)
    }

    func find(_ id: UUID) async throws -> Child? {
        try await scoped()?.filter(\.$id == id).first()
    }

    func count() async throws -> Int { try await scoped()?.count() ?? 0 }
}
