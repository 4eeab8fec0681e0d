import Fluent
import Foundation
import ContinuumDomain

/// An authority's term dates and INSET days; with the bank holidays they make its school calendar.
final class TermDate: Model, @unchecked Sendable {
    static let schema = "term_dates"

    enum Kind: String, Codable { case term, halfTerm = "half_term", inset }

    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Enum(key: "kind") var kind: Kind
    @Field(key: "name") var name: String
    @Field(key: "starts_on") var startsOn: CalendarDate
    @Field(key: "ends_on") var endsOn: CalendarDate

    init() {}
    init(authorityID: UUID, kind: Kind, name: String, startsOn: CalendarDate, endsOn: CalendarDate) {
        self.$authority.id = authorityID; self.kind = kind; self.name = name
        self.startsOn = startsOn; self.endsOn = endsOn
    }
}

struct CreateTermDate: AsyncMigration {
    var name: String { "002_CreateTermDate" }
    func prepare(on database: any Database) async throws {
        let kind = try await database.enum("term_date_kind").case("term").case("half_term").case("inset").create()
        try await database.schema(TermDate.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("kind", kind, .required)
            .field("name", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(TermDate.schema).delete()
        try await database.enum("term_date_kind").delete()
    }
}
