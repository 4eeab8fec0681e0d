import Fluent
import Foundation

/// A school or other setting, keyed by its GIAS URN. Establishments are public data, not tenant records.
final class Establishment: Model, @unchecked Sendable {
    static let schema = "establishments"

    @ID(key: .id) var id: UUID?
    @Field(key: "urn") var urn: Int
    @Field(key: "la_code") var laCode: String
    @Field(key: "establishment_number") var establishmentNumber: String
    @Field(key: "name") var name: String
    @Field(key: "type_name") var typeName: String
    @Field(key: "phase") var phase: String
    @Field(key: "status") var status: String
    @OptionalField(key: "statutory_low_age") var statutoryLowAge: Int?
    @OptionalField(key: "statutory_high_age") var statutoryHighAge: Int?
    @OptionalField(key: "postcode") var postcode: String?
    @OptionalField(key: "easting") var easting: Int?
    @OptionalField(key: "northing") var northing: Int?
    @Field(key: "search_key") var searchKey: String

    init() {}
    init(id: UUID? = nil, urn: Int, laCode: String, establishmentNumber: String, name: String, typeName: String, phase: String,
         status: String = "Open", statutoryLowAge: Int?, statutoryHighAge: Int?, postcode: String?, easting: Int?, northing: Int?) {
        self.id = id; self.urn = urn; self.laCode = laCode; self.establishmentNumber = establishmentNumber; self.name = name
        self.typeName = typeName; self.phase = phase; self.status = status; self.statutoryLowAge = statutoryLowAge
        self.statutoryHighAge = statutoryHighAge; self.postcode = postcode; self.easting = easting; self.northing = northing
        self.searchKey = "\(urn) \(name)".lowercased()
    }

    /// DfE number "LAESTAB": LA code and establishment number, e.g. 885/2001.
    var dfeNumber: String { "\(laCode)/\(establishmentNumber)" }
}

struct CreateEstablishment: AsyncMigration {
    var name: String { "003_CreateEstablishment" }
    func prepare(on database: any Database) async throws {
        try await database.schema(Establishment.schema)
            .id()
            .field("urn", .int, .required)
            .field("la_code", .string, .required)
            .field("establishment_number", .string, .required)
            .field("name", .string, .required)
            .field("type_name", .string, .required)
            .field("phase", .string, .required)
            .field("status", .string, .required)
            .field("statutory_low_age", .int)
            .field("statutory_high_age", .int)
            .field("postcode", .string)
            .field("easting", .int)
            .field("northing", .int)
            .field("search_key", .string, .required)
            .unique(on: "urn")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(Establishment.schema).delete() }
}
