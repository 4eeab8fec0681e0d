import Fluent
import Foundation
import ContinuumDomain

/// The illness-absence measures of one pupil (by UPN) and academic year, across all their schools.
///
/// Stored rather than computed on demand so the report and the queue never merge a county's
/// blobs; an import recomputes only the UPN-years its marks changed.
final class StoredIllnessMeasures: Model, @unchecked Sendable {
    static let schema = "illness_measures"

    @ID(key: .id) var id: UUID?
    @Field(key: "upn") var upn: String
    @Field(key: "academic_year") var academicYear: Int
    @Field(key: "illness_sessions") var illnessSessions: Int
    @OptionalField(key: "reached_15_on") var reached15On: CalendarDate?
    @Field(key: "longest_consecutive_days") var longestConsecutiveDays: Int
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var measures: IllnessMeasures {
        IllnessMeasures(illnessSessions: illnessSessions, reached15On: reached15On,
                        longestConsecutiveDays: longestConsecutiveDays)
    }
}
