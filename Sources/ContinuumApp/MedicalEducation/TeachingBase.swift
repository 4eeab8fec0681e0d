import Fluent
import Foundation
import ContinuumDomain

/// A Medical Education Team teaching base. Capacity is shown against occupancy, never used to
/// delay provision: HN-1 (R v East Sussex ex p Tandy) – resources are not a lawful reason to wait.
final class TeachingBase: Model, @unchecked Sendable {
    static let schema = "teaching_bases"
    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    @Field(key: "name") var name: String
    @Field(key: "address") var address: String
    @Field(key: "postcode") var postcode: String
    @Field(key: "capacity") var capacity: Int
    /// Nil for bases recorded before opening dates were kept: treated as open.
    @OptionalField(key: "opens_on") var opensOn: CalendarDate?
    @OptionalField(key: "closes_on") var closesOn: CalendarDate?

    init() {}
    init(id: UUID? = nil, authorityID: UUID, name: String, address: String, postcode: String, capacity: Int) {
        self.id = id; self.$authority.id = authorityID; self.name = name; self.address = address; self.postcode = postcode; self.capacity = capacity
    }

    enum Status: String { case open = "Open", closed = "Closed", notOpenYet = "Not open yet" }

    /// Open from its opening day up to and including its closing day.
    func status(on date: CalendarDate) -> Status {
        if let opens = opensOn, date < opens { return .notOpenYet }
        if let closes = closesOn, date > closes { return .closed }
        return .open
    }
}
