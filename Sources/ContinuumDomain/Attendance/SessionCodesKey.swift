import Foundation

/// Which `SessionCodes` a mark belongs to: one per pupil, school and academic
/// year, the key of a stored blob.
public struct SessionCodesKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let upn: PackedUPN
    public let urn: Int
    /// The year whose 1 September starts the academic year.
    public let academicYear: Int

    public init(upn: PackedUPN, urn: Int, academicYear: Int) {
        self.upn = upn
        self.urn = urn
        self.academicYear = academicYear
    }

    /// The key a mark is stored under.
    public init(_ mark: AttendanceMark) {
        self.init(upn: mark.upn, urn: mark.urn, academicYear: mark.academicYear)
    }

    public static func < (lhs: SessionCodesKey, rhs: SessionCodesKey) -> Bool {
        (lhs.upn, lhs.academicYear, lhs.urn) < (rhs.upn, rhs.academicYear, rhs.urn)
    }

    public var description: String { "\(upn) URN \(urn) \(academicYear)/\(academicYear + 1)" }
}
