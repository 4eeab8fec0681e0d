import Fluent
import Foundation
import ContinuumDomain

/// A member of the Medical Education Team: permanent teachers and teaching assistants by FTE,
/// and the supply bank. Linked to a user account when they record sessions.
final class StaffMember: Model, @unchecked Sendable {
    static let schema = "met_staff"

    enum Kind: String, CaseIterable {
        case teacher, teachingAssistant = "teaching_assistant", supply
        var label: String {
            switch self { case .teacher: "Teacher"; case .teachingAssistant: "Teaching assistant"; case .supply: "Supply bank" }
        }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @Field(key: "fte") var fte: Double
    @Field(key: "qualified_teacher_status") var qts: Bool
    @OptionalField(key: "user_id") var userID: UUID?
    /// Nil for staff recorded before these dates were kept.
    @OptionalField(key: "started_on") var startedOn: CalendarDate?
    /// The last day in the team; from the next day they are no longer counted.
    @OptionalField(key: "ended_on") var endedOn: CalendarDate?
    init() {}
    init(authorityID: UUID, name: String, kind: Kind, fte: Double, qts: Bool, userID: UUID? = nil) {
        self.$authority.id = authorityID; self.name = name; self.kind = kind.rawValue; self.fte = fte; self.qts = qts; self.userID = userID
    }
    var kindValue: Kind { Kind(rawValue: kind) ?? .supply }
    func hasEnded(by date: CalendarDate) -> Bool { endedOn.map { $0 < date } ?? false }
}

struct CreateStaff: AsyncMigration {
    var name: String { "013_CreateStaff" }
    func prepare(on database: any Database) async throws {
        try await database.schema(StaffMember.schema)
            .id()
            .field("authority_id", .uuid, .required, .references(Authority.schema, .id))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("fte", .double, .required)
            .field("qualified_teacher_status", .bool, .required)
            .field("user_id", .uuid)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(StaffMember.schema).delete() }
}

enum DemoStaff {
    /// 9.83 FTE of permanent staff, as in the council paper, plus a supply bank.
    static func seed(authorityID: UUID, teacherUserID: UUID?, on db: any Database) async throws {
        let rows: [(String, StaffMember.Kind, Double, Bool)] = [
            ("Taylor Teacher", .teacher, 1.0, true), ("Ruth Okafor", .teacher, 1.0, true), ("Daniel Price", .teacher, 1.0, true),
            ("Megan Hughes", .teacher, 0.8, true), ("Imran Shah", .teacher, 1.0, true), ("Claire Dawson", .teacher, 0.6, true),
            ("Sophie Turner", .teacher, 1.0, true), ("Gareth Lewis", .teachingAssistant, 1.0, false), ("Hannah Wood", .teachingAssistant, 0.83, false),
            ("Priya Nair", .teachingAssistant, 0.6, false), ("Tom Ellis", .teacher, 1.0, true),
            ("Anne Baxter", .supply, 0, true), ("Rob Kemp", .supply, 0, true), ("Jas Gill", .supply, 0, true),
            ("Lucy Marsh", .supply, 0, false), ("Owen Reid", .supply, 0, true), ("Nina Ford", .supply, 0, true),
        ]
        let staff = rows.map { StaffMember(authorityID: authorityID, name: $0.0, kind: $0.1, fte: $0.2, qts: $0.3, userID: $0.0 == "Taylor Teacher" ? teacherUserID : nil) }
        try await staff.create(on: db)
    }
}
