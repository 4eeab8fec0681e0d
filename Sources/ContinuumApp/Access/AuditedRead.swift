import Fluent
import Foundation

/// Proof that a read of a child's record has been written to the audit trail. The only way to get one
/// is `record`, which writes the row first, and the pages that show a whole referral or EHC case need
/// one to render, so no path (a GET, or a form shown again after invalid input) can show the record
/// without its audit row (SECURITY.md "Every read ... writes one audit row"; issue 13 item 9).
struct AuditedRead: Sendable {
    let action: String
    let childID: UUID?

    private init(action: String, childID: UUID?) {
        self.action = action
        self.childID = childID
    }

    static func record(_ entry: AuditEntry, by principal: Principal, on db: any Database) async throws -> AuditedRead {
        try await AuditLog.record(entry, by: principal.auditActor, on: db)
        return AuditedRead(action: entry.action, childID: entry.childID)
    }
}
