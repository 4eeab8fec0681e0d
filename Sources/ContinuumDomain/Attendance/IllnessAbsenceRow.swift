import Foundation

/// One child's measures for one academic year, a row of the illness-absence report.
public struct IllnessAbsenceRow: Hashable, Sendable {
    public let upn: PackedUPN
    /// The year whose 1 September starts the academic year.
    public let academicYear: Int
    public let measures: IllnessMeasures

    public init(upn: PackedUPN, academicYear: Int, measures: IllnessMeasures) {
        self.upn = upn
        self.academicYear = academicYear
        self.measures = measures
    }
}
