/// Statistical disclosure control for aggregate-only roles (SECURITY.md: elected members see
/// aggregates with any cell under 10 shown as "<10", and secondary suppression so a total can't
/// reveal it).
public enum SmallNumbers {
    public static let threshold = 10
    public static let suppressedLabel = "<10"

    /// Cells of one row or column that sum to a published total. When exactly one cell is suppressed
    /// (so total minus the others would reveal it), the smallest remaining non-zero cell is suppressed too.
    public static func suppress(_ cells: [Int]) -> [String] {
        var hidden = cells.map { $0 > 0 && $0 < threshold }
        if hidden.filter({ $0 }).count == 1 {
            let candidates = cells.indices.filter { !hidden[$0] && cells[$0] > 0 }
            if let next = candidates.min(by: { cells[$0] < cells[$1] }) { hidden[next] = true }
        }
        return cells.indices.map { hidden[$0] ? suppressedLabel : String(cells[$0]) }
    }
}
