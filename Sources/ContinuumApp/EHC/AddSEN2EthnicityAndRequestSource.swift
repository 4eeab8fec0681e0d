import Fluent

/// Issue 14, SEN2 conformance: the two person- and request-level SEN2 items the app had nowhere to
/// keep. `children.ethnicity` holds a DfE main ethnicity code (SEN2 `Ethnicity`, NOBT sent when empty);
/// `ehc_cases.request_source` holds the SEN2 `RequestSource` code for a request whose requester does not
/// say it (an imported case; otherwise it is read from `requester`, and "not known" sent when neither does).
struct AddSEN2EthnicityAndRequestSource: AsyncMigration {
    var name: String { "039_AddSEN2EthnicityAndRequestSource" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Child.schema).field("ethnicity", .string).update()
        try await database.schema(EHCCase.schema).field("request_source", .string).update()
    }

    func revert(on database: any Database) async throws {
        // Fluent's SQLite builder can't drop columns; DropColumns works on SQLite 3.35+ and PostgreSQL.
        try await DropColumns.run(["ethnicity"], from: Child.schema, on: database)
        try await DropColumns.run(["request_source"], from: EHCCase.schema, on: database)
    }
}
