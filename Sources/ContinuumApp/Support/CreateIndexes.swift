import Fluent
import SQLKit

/// Indexes for the searches and filters list pages use, so they stay fast at a county's scale.
struct CreateIndexes: AsyncMigration {
    var name: String { "009_CreateIndexes" }
    private let indexes: [(name: String, table: String, columns: [String])] = [
        ("idx_children_authority_surname", "children", ["authority_id", "legal_surname", "legal_forename"]),
        ("idx_children_home_school", "children", ["home_school_id"]),
        ("idx_relationships_person", "child_relationships", ["person_id"]),
        ("idx_people_user", "people", ["user_id"]),
        ("idx_audit_child", "audit_events", ["child_id"]),
        ("idx_audit_user", "audit_events", ["user_id"]),
        ("idx_sign_in_attempts_email", "sign_in_attempts", ["email_key", "attempted_at"]),
        ("idx_sign_in_attempts_address", "sign_in_attempts", ["socket_address", "attempted_at"]),
        ("idx_establishments_la", "establishments", ["la_code", "name"]),
    ]
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in indexes {
            var builder = sql.create(index: index.name).on(index.table)
            for column in index.columns { builder = builder.column(column) }
            try await builder.run()
        }
    }
    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in indexes { try await sql.drop(index: index.name).run() }
    }
}
