import Fluent
import Foundation

/// The one place an out-of-scope (or missing) record asked for by id is recorded as a refusal
/// (SECURITY.md "Audit": every denied attempt writes one audit row; issue 13 item 9). The scoped
/// repositories call it from `find` when the id is not in the principal's scope, so every controller
/// that answers such a request with the usual 404 has its `access.denied` row without writing one.
/// Missing and out of scope are recorded alike, as they are answered alike (no existence oracle).
enum AccessDenial {
    static let action = "access.denied"

    static func record(_ entityType: String, id: UUID, principal: Principal, on db: any Database) async throws {
        try await AuditLog.record(AuditEntry(action: action, entityType: entityType, entityID: id.uuidString,
                                             detail: "\(entityType) not in the scope of role \(principal.role.rawValue)"),
                                  by: principal.auditActor, on: db)
    }
}
