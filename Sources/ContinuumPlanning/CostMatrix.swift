import Foundation

/// Travel minutes from each origin (row: a child) to each destination (column: a candidate site).
///
/// Stored row-major in one flat array so the solvers walk a child's row in cache order.
public struct CostMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// `values[row * columns + column]`, in minutes.
    public private(set) var values: [Double]

    public init(rows: Int, columns: Int, values: [Double]) {
        precondition(rows >= 0 && columns >= 0 && values.count == rows * columns, "CostMatrix: \(values.count) values for \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Builds a matrix by calling `cost(row, column)` for every cell.
    public init(rows: Int, columns: Int, cost: (Int, Int) -> Double) {
        var values = [Double](repeating: 0, count: rows * columns)
        for r in 0..<rows {
            for c in 0..<columns { values[r * columns + c] = cost(r, c) }
        }
        self.init(rows: rows, columns: columns, values: values)
    }

    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// One origin's minutes to every destination.
    public func row(_ row: Int) -> ArraySlice<Double> {
        values[(row * columns)..<((row + 1) * columns)]
    }

    /// The matrix restricted to some columns, in the order given.
    public func selectingColumns(_ selected: [Int]) -> CostMatrix {
        CostMatrix(rows: rows, columns: selected.count) { r, c in self[r, selected[c]] }
    }
}
