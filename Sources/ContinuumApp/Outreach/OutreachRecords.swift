import Fluent
import Foundation
import ContinuumDomain

// Outreach commissioning (issue 16 part 3; OUT-1 to OUT-5). Money in whole pence, dates as CalendarDate.

/// A provider (OUT-1 eligible applicants): a special school's outreach team, a voluntary-sector body, an NHS service.
final class OutreachProvider: Model, @unchecked Sendable {
    static let schema = "outreach_providers"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "name") var name: String
    @Field(key: "type") var typeRaw: String
    @OptionalField(key: "contact_name") var contactName: String?
    @OptionalField(key: "contact_email") var contactEmail: String?
    @OptionalField(key: "areas") var areas: String?
    init() {}
    var type: OutreachProviderType { OutreachProviderType(rawValue: typeRaw) ?? .voluntarySector }
}

/// The sign-in a provider bids with: one user account of role `provider`, linked to one provider.
final class OutreachProviderUser: Model, @unchecked Sendable {
    static let schema = "outreach_provider_users"
    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Parent(key: "provider_id") var provider: OutreachProvider
    init() {}
}

/// A commissioning round (OUT-1).
final class OutreachRound: Model, @unchecked Sendable {
    static let schema = "outreach_rounds"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "title") var title: String
    @Field(key: "round_number") var roundNumber: Int
    @Field(key: "status") var statusRaw: String
    @Field(key: "opens_on") var opensOn: CalendarDate
    @Field(key: "closes_on") var closesOn: CalendarDate
    @Field(key: "evaluation_on") var evaluationOn: CalendarDate
    @Field(key: "publication_on") var publicationOn: CalendarDate
    /// The round whose unawarded lots this one reopened.
    @OptionalField(key: "reopens_round_id") var reopensRoundID: UUID?
    @OptionalField(key: "published_on") var publishedOn: CalendarDate?
    @Field(key: "created_by") var createdBy: String
    init() {}
    var status: OutreachRoundStatus { OutreachRoundStatus(rawValue: statusRaw) ?? .draft }
}

final class OutreachLot: Model, @unchecked Sendable {
    static let schema = "outreach_lots"
    @ID(key: .id) var id: UUID?
    @Parent(key: "round_id") var round: OutreachRound
    @Field(key: "name") var name: String
    @Field(key: "budget_pence") var budgetPence: Int64
    @Field(key: "position") var position: Int
    init() {}
    var budget: Money { Money(pence: budgetPence) }
}

final class OutreachCriterionRecord: Model, @unchecked Sendable {
    static let schema = "outreach_criteria"
    @ID(key: .id) var id: UUID?
    @Parent(key: "round_id") var round: OutreachRound
    @Field(key: "name") var name: String
    @Field(key: "weight") var weight: Int
    @Field(key: "max_score") var maxScore: Int
    @OptionalField(key: "guidance") var guidance: String?
    @Field(key: "position") var position: Int
    init() {}
    var criterion: OutreachCriterion { OutreachCriterion(name: name, weightPercent: weight, maxScore: maxScore, guidance: guidance) }
}

/// A staff user on a round's evaluation panel (OUT-3 assessors).
final class OutreachPanelMember: Model, @unchecked Sendable {
    static let schema = "outreach_panel_members"
    @ID(key: .id) var id: UUID?
    @Parent(key: "round_id") var round: OutreachRound
    @Field(key: "user_id") var userID: UUID
    @Field(key: "name") var name: String
    init() {}
}

/// A bid (OUT-2): price, capacity (schools and hours) and method statement.
final class OutreachBid: Model, @unchecked Sendable {
    static let schema = "outreach_bids"
    @ID(key: .id) var id: UUID?
    @Parent(key: "round_id") var round: OutreachRound
    @Parent(key: "lot_id") var lot: OutreachLot
    @Parent(key: "provider_id") var provider: OutreachProvider
    @Field(key: "price_pence") var pricePence: Int64
    @Field(key: "schools") var schools: Int
    @Field(key: "hours") var hours: Int
    @Field(key: "method_statement") var methodStatement: String
    @Field(key: "submitted_on") var submittedOn: CalendarDate
    @Field(key: "submitted_by") var submittedBy: String
    /// Set when the outcome is published: the feedback sent to an unsuccessful bidder.
    @OptionalField(key: "feedback_sent_on") var feedbackSentOn: CalendarDate?
    init() {}
    var price: Money { Money(pence: pricePence) }
}

/// OUT-3 `Score(bid, criterion, assessor, value, comment)`.
final class OutreachScore: Model, @unchecked Sendable {
    static let schema = "outreach_scores"
    @ID(key: .id) var id: UUID?
    @Parent(key: "bid_id") var bid: OutreachBid
    @Parent(key: "criterion_id") var criterion: OutreachCriterionRecord
    @Field(key: "assessor_id") var assessorID: UUID
    @Field(key: "assessor_name") var assessorName: String
    @Field(key: "score") var score: Int
    @OptionalField(key: "comment") var comment: String?
    init() {}
}

/// OUT-3 moderation: the agreed score for a bid and criterion, with the reason.
final class OutreachModeration: Model, @unchecked Sendable {
    static let schema = "outreach_moderations"
    @ID(key: .id) var id: UUID?
    @Parent(key: "bid_id") var bid: OutreachBid
    @Parent(key: "criterion_id") var criterion: OutreachCriterionRecord
    @Field(key: "score") var score: Int
    @Field(key: "reason") var reason: String
    @Field(key: "moderated_by") var moderatedBy: String
    init() {}
}

/// OUT-5 `Award(bid, amount, start, end)`: the award is the contract, with the schools it supports (URNs).
final class OutreachContract: Model, @unchecked Sendable {
    static let schema = "outreach_contracts"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Parent(key: "round_id") var round: OutreachRound
    @Parent(key: "lot_id") var lot: OutreachLot
    @Parent(key: "bid_id") var bid: OutreachBid
    @Parent(key: "provider_id") var provider: OutreachProvider
    @Field(key: "amount_pence") var amountPence: Int64
    @Field(key: "starts_on") var startsOn: CalendarDate
    @Field(key: "ends_on") var endsOn: CalendarDate
    /// The schools to be supported: URNs, comma-separated.
    @Field(key: "school_urns") var schoolURNs: String
    @Field(key: "awarded_by") var awardedBy: String
    init() {}
    var amount: Money { Money(pence: amountPence) }
    var urns: [Int] { schoolURNs.split(separator: ",").compactMap { Int($0) } }
}

/// OUT-5 `OutreachRequest(school, child_ref (consent), need_type, requested_by, date)`, optionally to a contract.
final class OutreachRequestRecord: Model, @unchecked Sendable {
    static let schema = "outreach_requests"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Parent(key: "establishment_id") var establishment: Establishment
    @OptionalField(key: "child_id") var childID: UUID?
    @Field(key: "consent") var consent: Bool
    @Field(key: "needs") var needs: String
    @OptionalField(key: "contract_id") var contractID: UUID?
    @Field(key: "requested_by") var requestedBy: String
    @Field(key: "requested_on") var requestedOn: CalendarDate
    init() {}
}

/// OUT-5 `OutreachVisit(award, date, type, hours, outcome)` and the support given.
final class OutreachVisit: Model, @unchecked Sendable {
    static let schema = "outreach_visits"
    @ID(key: .id) var id: UUID?
    @Parent(key: "contract_id") var contract: OutreachContract
    @Field(key: "establishment_urn") var establishmentURN: Int
    @OptionalField(key: "request_id") var requestID: UUID?
    @Field(key: "visited_on") var visitedOn: CalendarDate
    @Field(key: "type") var typeRaw: String
    @Field(key: "hours") var hours: Int
    @Field(key: "outcome") var outcomeRaw: String
    @Field(key: "support") var support: String
    @Field(key: "logged_by") var loggedBy: String
    init() {}
    var outcome: OutreachOutcome { OutreachOutcome(rawValue: outcomeRaw) ?? .other }
    var type: OutreachVisitType { OutreachVisitType(rawValue: typeRaw) ?? .consultation }
}

struct CreateOutreach: AsyncMigration {
    var name: String { "051_CreateOutreach" }

    func prepare(on database: any Database) async throws {
        try await database.schema(OutreachProvider.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("name", .string, .required)
            .field("type", .string, .required)
            .field("contact_name", .string)
            .field("contact_email", .string)
            .field("areas", .string)
            .unique(on: "authority_id", "name")
            .create()
        try await database.schema(OutreachProviderUser.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id))
            .field("provider_id", .uuid, .required, .references(OutreachProvider.schema, .id))
            .unique(on: "user_id")
            .create()
        try await database.schema(OutreachRound.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("title", .string, .required)
            .field("round_number", .int, .required)
            .field("status", .string, .required)
            .field("opens_on", .string, .required)
            .field("closes_on", .string, .required)
            .field("evaluation_on", .string, .required)
            .field("publication_on", .string, .required)
            .field("reopens_round_id", .uuid)
            .field("published_on", .string)
            .field("created_by", .string, .required)
            .create()
        try await database.schema(OutreachLot.schema)
            .id()
            .field("round_id", .uuid, .required, .references(OutreachRound.schema, .id))
            .field("name", .string, .required)
            .field("budget_pence", .int64, .required)
            .field("position", .int, .required)
            .unique(on: "round_id", "name")
            .create()
        try await database.schema(OutreachCriterionRecord.schema)
            .id()
            .field("round_id", .uuid, .required, .references(OutreachRound.schema, .id))
            .field("name", .string, .required)
            .field("weight", .int, .required)
            .field("max_score", .int, .required)
            .field("guidance", .string)
            .field("position", .int, .required)
            .unique(on: "round_id", "name")
            .create()
        try await database.schema(OutreachPanelMember.schema)
            .id()
            .field("round_id", .uuid, .required, .references(OutreachRound.schema, .id))
            .field("user_id", .uuid, .required, .references(User.schema, .id))
            .field("name", .string, .required)
            .unique(on: "round_id", "user_id")
            .create()
        try await database.schema(OutreachBid.schema)
            .id()
            .field("round_id", .uuid, .required, .references(OutreachRound.schema, .id))
            .field("lot_id", .uuid, .required, .references(OutreachLot.schema, .id))
            .field("provider_id", .uuid, .required, .references(OutreachProvider.schema, .id))
            .field("price_pence", .int64, .required)
            .field("schools", .int, .required)
            .field("hours", .int, .required)
            .field("method_statement", .string, .required)
            .field("submitted_on", .string, .required)
            .field("submitted_by", .string, .required)
            .field("feedback_sent_on", .string)
            .unique(on: "lot_id", "provider_id")
            .create()
        try await database.schema(OutreachScore.schema)
            .id()
            .field("bid_id", .uuid, .required, .references(OutreachBid.schema, .id))
            .field("criterion_id", .uuid, .required, .references(OutreachCriterionRecord.schema, .id))
            .field("assessor_id", .uuid, .required)
            .field("assessor_name", .string, .required)
            .field("score", .int, .required)
            .field("comment", .string)
            .unique(on: "bid_id", "criterion_id", "assessor_id")
            .create()
        try await database.schema(OutreachModeration.schema)
            .id()
            .field("bid_id", .uuid, .required, .references(OutreachBid.schema, .id))
            .field("criterion_id", .uuid, .required, .references(OutreachCriterionRecord.schema, .id))
            .field("score", .int, .required)
            .field("reason", .string, .required)
            .field("moderated_by", .string, .required)
            .unique(on: "bid_id", "criterion_id")
            .create()
        try await database.schema(OutreachContract.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("round_id", .uuid, .required, .references(OutreachRound.schema, .id))
            .field("lot_id", .uuid, .required, .references(OutreachLot.schema, .id))
            .field("bid_id", .uuid, .required, .references(OutreachBid.schema, .id))
            .field("provider_id", .uuid, .required, .references(OutreachProvider.schema, .id))
            .field("amount_pence", .int64, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("school_urns", .string, .required)
            .field("awarded_by", .string, .required)
            .unique(on: "bid_id")
            .create()
        try await database.schema(OutreachRequestRecord.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("establishment_id", .uuid, .required, .references(Establishment.schema, .id))
            .field("child_id", .uuid, .references(Child.schema, .id))
            .field("consent", .bool, .required)
            .field("needs", .string, .required)
            .field("contract_id", .uuid, .references(OutreachContract.schema, .id))
            .field("requested_by", .string, .required)
            .field("requested_on", .string, .required)
            .create()
        try await database.schema(OutreachVisit.schema)
            .id()
            .field("contract_id", .uuid, .required, .references(OutreachContract.schema, .id))
            .field("establishment_urn", .int, .required)
            .field("request_id", .uuid, .references(OutreachRequestRecord.schema, .id))
            .field("visited_on", .string, .required)
            .field("type", .string, .required)
            .field("hours", .int, .required)
            .field("outcome", .string, .required)
            .field("support", .string, .required)
            .field("logged_by", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [OutreachVisit.schema, OutreachRequestRecord.schema, OutreachContract.schema, OutreachModeration.schema, OutreachScore.schema,
                       OutreachBid.schema, OutreachPanelMember.schema, OutreachCriterionRecord.schema, OutreachLot.schema, OutreachRound.schema,
                       OutreachProviderUser.schema, OutreachProvider.schema] {
            try await database.schema(schema).delete()
        }
    }
}
