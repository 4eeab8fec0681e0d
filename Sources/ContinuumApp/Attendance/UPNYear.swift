import ContinuumDomain

/// A pupil's academic year: the key of their illness measures, across all their schools.
struct UPNYear: Hashable, Sendable, Comparable {
    let upn: PackedUPN
    let academicYear: Int

    init(upn: PackedUPN, academicYear: Int) { self.upn = upn; self.academicYear = academicYear }
    init(_ key: SessionCodesKey) { self.init(upn: key.upn, academicYear: key.academicYear) }
    init(_ mark: AttendanceMark) { self.init(upn: mark.upn, academicYear: mark.academicYear) }

    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.upn, lhs.academicYear) < (rhs.upn, rhs.academicYear) }
}
