import Fluent
import Foundation
import ContinuumDomain

/// One school's session codes for one pupil and academic year: the 732-byte `SessionCodes` blob.
///
/// One row per (UPN, URN, year) rather than one per mark, so a day's feed rewrites a blob in place
/// and the measures read one contiguous array per school (issue 4 item 5). Keyed by UPN, not by
/// child: marks arrive before, and without, child records, and are matched by UPN when read.
final class AttendanceYear: Model, @unchecked Sendable {
    static let schema = "attendance_years"

    @ID(key: .id) var id: UUID?
    @Field(key: "upn") var upn: String
    @Field(key: "urn") var urn: Int
    @Field(key: "academic_year") var academicYear: Int
    /// `SessionCodes.data`: BLOB on SQLite, bytea on PostgreSQL.
    @Field(key: "codes") var codes: Data

    init() {}

    init(id: UUID? = nil, key: SessionCodesKey, codes: SessionCodes) {
        self.id = id; self.upn = key.upn.description; self.urn = key.urn; self.academicYear = key.academicYear; self.codes = codes.data
    }

    /// The blob read back, refusing a damaged one rather than misreading it.
    func sessionCodes() throws -> SessionCodes {
        try SessionCodes(academicYear: academicYear, data: codes)
    }
}
