import ContinuumDomain

/// A pupil's academic year: the key of their illness measures, across all their schools.
struct UPNYear: Hashable, Sendable {
    let upn: PackedUPN
    let academicYear: Int

    init(upn: PackedUPN, academicYear: Int) { self.upn = upn; self.academicYear = academicYear }
    init(_ key: SessionCodesKey) { self.init(upn: key.upn, academicYear: key.academicYear) }
}
