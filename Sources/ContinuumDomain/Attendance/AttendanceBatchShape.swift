import Foundation

/// What a parsed file covers: its pupils, schools and academic years, found in one pass.
///
/// Files hold a pupil's or a school's marks together, so a value is inserted into its set only when
/// it differs from the previous mark's: a handful of hash operations per pupil rather than several
/// per mark (hashing was a sixth of a backfill's CPU when each set took its own pass).
public struct AttendanceBatchShape: Sendable {
    public private(set) var upns = Set<PackedUPN>()
    public private(set) var urns = Set<Int>()
    public private(set) var academicYears = Set<Int>()
    /// Distinct (pupil, academic year) pairs.
    public private(set) var pupilYearCount = 0

    public init(_ marks: [AttendanceMark]) {
        var lastUPN: PackedUPN?
        var lastURN: Int32 = -1
        var lastYear: Int16 = -1
        // A feed has about two marks a pupil, a school's year hundreds: reserve for the feed, capped.
        upns.reserveCapacity(min(marks.count / 2, 1 << 20))
        for mark in marks {
            if mark.upn != lastUPN { upns.insert(mark.upn); lastUPN = mark.upn }
            if mark.urnValue != lastURN { urns.insert(mark.urn); lastURN = mark.urnValue }
            if mark.academicYearValue != lastYear { academicYears.insert(mark.academicYear); lastYear = mark.academicYearValue }
        }
        if academicYears.count <= 1 {
            pupilYearCount = upns.count
        } else {
            struct PupilYear: Hashable { let upn: PackedUPN; let year: Int16 }
            pupilYearCount = Set(marks.lazy.map { PupilYear(upn: $0.upn, year: $0.academicYearValue) }).count
        }
    }
}
