import Foundation

/// Counts for the one-line import summary of issue 4 (rows read, added,
/// corrected, unchanged); unmatched UPNs are the application's to count,
/// since only it knows which children have records.
public struct AttendanceApplySummary: Hashable, Sendable, CustomStringConvertible {
    public var rows: Int
    public var added: Int
    public var corrected: Int
    public var unchanged: Int

    public init(rows: Int = 0, added: Int = 0, corrected: Int = 0, unchanged: Int = 0) {
        self.rows = rows
        self.added = added
        self.corrected = corrected
        self.unchanged = unchanged
    }

    public mutating func count(_ result: SessionCodes.ApplyResult) {
        rows += 1
        switch result {
        case .added: added += 1
        case .corrected: corrected += 1
        case .unchanged: unchanged += 1
        }
    }

    public static func + (lhs: Self, rhs: Self) -> Self {
        Self(rows: lhs.rows + rhs.rows, added: lhs.added + rhs.added,
             corrected: lhs.corrected + rhs.corrected, unchanged: lhs.unchanged + rhs.unchanged)
    }

    public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }

    public var description: String {
        "\(rows) rows read, \(added) added, \(corrected) corrected, \(unchanged) unchanged"
    }
}
