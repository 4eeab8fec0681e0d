import Foundation

/// The audit row for a page that lists children (issue 13 item 9): one row per page view, naming every
/// child the page showed, in the order shown, so "who has seen this child's name" is answered by the trail
/// (SECURITY.md "Audit": every read of a child's record). One row, not one per child, so a page of 50
/// costs the same queries as a page of 1. Pages are bounded (at most a few hundred rows), so is this.
enum ListAudit {
    static let marker = "children="

    static func entry(_ action: String, entityType: String, children: [UUID?], detail: String = "") -> AuditEntry {
        var seen = Set<UUID>()
        let ids = children.compactMap { $0 }.filter { seen.insert($0).inserted }
        let list = "shown=\(ids.count) " + marker + ids.map { $0.uuidString.lowercased() }.joined(separator: ",")
        return AuditEntry(action: action, entityType: entityType, detail: detail.isEmpty ? list : detail + " " + list)
    }

    /// The child ids a list row names, read back (for tests and the subject-access export).
    static func children(in detail: String) -> [UUID] {
        guard let range = detail.range(of: marker) else { return [] }
        let rest = detail[range.upperBound...].prefix { $0 != " " }
        return rest.split(separator: ",").compactMap { UUID(uuidString: String($0)) }
    }
}
