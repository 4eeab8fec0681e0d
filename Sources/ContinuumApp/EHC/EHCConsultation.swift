import Fluent
import Foundation
import ContinuumDomain

/// The council's consultation with a school or college it may name in the plan, usually the one
/// the family asked for. The institution has 15 days to respond (SEND Code of Practice 9.78–9.79).
final class EHCConsultation: Model, @unchecked Sendable {
    static let schema = "ehc_consultations"
    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var ehcCase: EHCCase
    @Field(key: "institution") var institution: String
    @Field(key: "consulted_on") var consultedOn: CalendarDate
    @OptionalField(key: "responded_on") var respondedOn: CalendarDate?
    @OptionalField(key: "response") var responseRaw: String?
    @OptionalField(key: "response_notes") var responseNotes: String?
    @Field(key: "recorded_by") var recordedBy: String
    init() {}

    var response: EHCConsultationResponse? { responseRaw.flatMap(EHCConsultationResponse.init(rawValue:)) }
    var responseDue: CalendarDate { EHCConsultationResponse.responseDue(consulted: consultedOn) }
}
