import Fluent
import Vapor
import ContinuumDomain

/// The early-identification entries a principal may see, defaulting to none: the queue is for
/// caseworkers, MET coordinators and administrators of the entry's own authority.
struct IdentificationRepository {
    static let reviewers: Set<Role> = [.administrator, .caseworker, .metCoordinator]

    let principal: Principal
    let db: any Database

    func scoped() -> QueryBuilder<Identification>? {
        guard Self.reviewers.contains(principal.role) else { return nil }
        return Identification.query(on: db).filter(\.$authority.$id == principal.authorityID)
    }

    /// The entry, if in scope; otherwise nil, with the refusal audited (AccessDenial).
    func find(_ id: UUID) async throws -> Identification? {
        let found = try await scoped()?.filter(\.$id == id).first()
        if found == nil { try await AccessDenial.record("identification", id: id, principal: principal, on: db) }
        return found
    }

    /// The child behind each entry, by entry id, in one query through `ChildRepository` so the
    /// principal's scope applies. An entry without a child id is matched by UPN, because its
    /// marks may have arrived before the child's record was added.
    func children(for items: [Identification]) async throws -> [UUID: Child] {
        let ids = Set(items.compactMap(\.childID))
        let upns = Set(items.filter { $0.childID == nil }.compactMap(\.upn))
        guard !ids.isEmpty || !upns.isEmpty, let query = try await ChildRepository(principal: principal, db: db).scoped() else { return [:] }
        let found = try await query.group(.or) { group in
            if !ids.isEmpty { group.filter(\.$id ~~ Array(ids)) }
            if !upns.isEmpty { group.filter(\.$upn ~~ upns.map { $0 as String? }) }
        }.all()
        let byID = Dictionary(found.compactMap { child in child.id.map { ($0, child) } }, uniquingKeysWith: { a, _ in a })
        let byUPN = Dictionary(found.compactMap { child in child.upn.map { ($0, child) } }, uniquingKeysWith: { a, _ in a })
        var result: [UUID: Child] = [:]
        for item in items {
            guard let id = item.id else { continue }
            if let child = item.childID.flatMap({ byID[$0] }) ?? item.upn.flatMap({ byUPN[$0] }) { result[id] = child }
        }
        return result
    }
}
