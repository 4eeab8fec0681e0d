import Fluent
import Foundation
import ContinuumDomain

/// A message on a case between the family and the council: the family can ask where things are,
/// and the manager sees how fast the council answers (issue 5 item 4).
final class EHCMessage: Model, @unchecked Sendable {
    static let schema = "ehc_messages"
    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var ehcCase: EHCCase
    @Field(key: "from_family") var fromFamily: Bool
    @Field(key: "author") var author: String
    @Field(key: "body") var body: String
    @Field(key: "sent_on") var sentOn: CalendarDate
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

struct CreateEHCMessages: AsyncMigration {
    var name: String { "020_CreateEHCMessages" }
    func prepare(on database: any Database) async throws {
        try await database.schema(EHCMessage.schema)
            .id()
            .field("case_id", .uuid, .required, .references(EHCCase.schema, .id))
            .field("from_family", .bool, .required)
            .field("author", .string, .required)
            .field("body", .string, .required)
            .field("sent_on", .string, .required)
            .field("created_at", .datetime)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(EHCMessage.schema).delete() }
}

extension EHCMessage {
    /// Each family message with the council's first reply after it, for the response-time measure.
    static func pairs(_ messages: [EHCMessage]) -> [(sent: CalendarDate, replied: CalendarDate?)] {
        let byCase = Dictionary(grouping: messages, by: { $0.$ehcCase.id })
        var result: [(CalendarDate, CalendarDate?)] = []
        for (_, thread) in byCase {
            let ordered = thread.sorted { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }
            for (index, message) in ordered.enumerated() where message.fromFamily {
                let reply = ordered[(index + 1)...].first { !$0.fromFamily }?.sentOn
                result.append((message.sentOn, reply))
            }
        }
        return result
    }
}
