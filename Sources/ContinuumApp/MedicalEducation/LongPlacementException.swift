import Fluent
import Foundation
import ContinuumDomain

/// Why a placement longer than the service's four-term target continues.
final class LongPlacementException: Model, @unchecked Sendable {
    static let schema = "long_placement_exceptions"
    @ID(key: .id) var id: UUID?
    @Parent(key: "referral_id") var referral: Referral
    @Field(key: "reason") var reason: String
    @Field(key: "recorded_on") var recordedOn: CalendarDate
    @Field(key: "recorded_by") var recordedBy: String
    init() {}
}
