import Fluent
import Foundation
import ContinuumDomain

/// The tenant: one council. Branding and the named officer are configuration, shown on every page and letter.
final class Authority: Model, @unchecked Sendable {
    static let schema = "authorities"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "la_code") var laCode: String
    @Field(key: "header_colour") var headerColour: String
    // Section 19 guidance ("Named officer"): contact details made known to parents.
    @Field(key: "named_officer") var namedOfficer: String
    /// Nil means the documented default (rulebook HN-4): any health professional.
    @OptionalField(key: "evidence_policy") var evidencePolicyRaw: String?
    /// Where safeguarding notices for the council go; nil until set, and then none is sent to the council.
    @OptionalField(key: "safeguarding_mailbox") var safeguardingMailbox: String?
    /// The council's Section 19 targets as JSON (`ServiceTargetSettings`); nil means the documented defaults.
    @OptionalField(key: "service_targets") var serviceTargetsJSON: String?
    /// The demo seeder's authority (issue 12): marked so it is never mistaken for a real council.
    @OptionalField(key: "demo") var demo: Bool?
    /// TOPUP-3 (LOCAL): how many months an SEN K top-up award runs when no end date is given; nil means 6.
    @OptionalField(key: "senk_award_months") var senKAwardMonths: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
    var evidencePolicy: EvidencePolicy { evidencePolicyRaw.flatMap(EvidencePolicy.init(rawValue:)) ?? .default }
    var targetSettings: ServiceTargetSettings { ServiceTargetSettings.decode(serviceTargetsJSON) }
    /// The Section 19 targets every rule reads for this authority.
    var serviceTargets: ServiceTargets { targetSettings.targets }
    var topUpAwardPolicy: TopUpAwardPolicy { TopUpAwardPolicy(senKMonths: senKAwardMonths ?? 6) }
    init(id: UUID? = nil, name: String, laCode: String, headerColour: String = "#0b3b60", namedOfficer: String) {
        self.id = id; self.name = name; self.laCode = laCode; self.headerColour = headerColour; self.namedOfficer = namedOfficer
    }
}

struct CreateAuthority: AsyncMigration {
    var name: String { "001_CreateAuthority" }
    func prepare(on database: any Database) async throws {
        try await database.schema(Authority.schema)
            .id()
            .field("name", .string, .required)
            .field("la_code", .string, .required)
            .field("header_colour", .string, .required)
            .field("named_officer", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "la_code")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(Authority.schema).delete() }
}
