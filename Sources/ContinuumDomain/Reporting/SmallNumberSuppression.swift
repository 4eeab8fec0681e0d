/// Statistical disclosure control for the aggregate-only roles (finance, elected members).
///
/// Rule (SECURITY.md "Roles"; rulebook money-and-engagement.md SURV-4, LOCAL): a cell below 10 is shown as
/// "<10", with secondary suppression so totals don't reveal it; the threshold is configurable.
///
/// A view builds one `DisclosureTable` of every figure it will show (and every figure a reader could work
/// out from what it shows, such as a percentage's numerator), with the additive lines that tie them
/// together (parts that sum to a published total). `SmallNumberSuppression.apply` turns it into one
/// `SuppressedFigures`; the HTML table, the SVG chart and any download are all rendered from that one
/// value, so no view can show a number another hides.
///
/// Decisions, for the record:
/// - Zero is shown as 0. A published 0 says "no child", which is the figure's point; it is never
///   hidden and never used as a complementary cell (hiding a 0 would let "1 to 9" be ruled out for it).
/// - Primary cells (1 to threshold-1) read "<10"; complementary cells (hidden only so a primary can't be
///   worked out) read "[c]". The audit below assumes the reader knows both meanings.
/// - Audit: interval propagation over every line (each hidden cell's bounds tightened from every line it
///   is in, to a fixed point). A hidden cell whose bounds close to one value is exposed; the smallest
///   visible non-zero cell in one of its lines is then hidden too, and the whole audit runs again until
///   nothing is exposed. Propagation is sound but not a full linear-programming audit; with the 1-D
///   breakdowns and small grids these views publish it finds every exact deduction by subtraction.
public struct SmallNumberSuppression: Sendable, Equatable {
    public static let defaultThreshold = 10
    /// Cells from 1 to `threshold - 1` are suppressed.
    public let threshold: Int

    public init(threshold: Int = SmallNumberSuppression.defaultThreshold) {
        self.threshold = max(2, threshold)
    }

    public var primaryLabel: String { "<\(threshold)" }
    public static let complementaryLabel = "[c]"

    /// Whether a single count (with no line tying it to others) would be suppressed.
    public func isSmall(_ value: Int) -> Bool { value > 0 && value < threshold }

    /// The figures for `table` as the reader may see them. `policy == nil` (council staff with case
    /// access) shows every figure exactly, through the same type, so views have one rendering path.
    public static func apply(_ policy: SmallNumberSuppression?, to table: DisclosureTable) -> SuppressedFigures {
        guard let policy else {
            return SuppressedFigures(policy: nil, keys: table.keys, cells: table.values.map { .count($0) }, index: table.index)
        }
        return policy.apply(table)
    }

    public func apply(_ table: DisclosureTable) -> SuppressedFigures {
        let n = table.values.count
        var hidden = [Hidden?](repeating: nil, count: n)
        for i in 0..<n where !table.published[i] || isSmall(table.values[i]) {
            hidden[i] = table.published[i] ? .primary : .unpublished
        }
        // Each round hides at least one more cell, so this ends within n rounds.
        for _ in 0...n {
            let bounds = propagate(table, hidden)
            guard let exposed = (0..<n).first(where: { i in
                guard let kind = hidden[i], bounds[i].lo == bounds[i].hi else { return false }
                // An unpublished cell of 0 or >= threshold may be worked out: it is not a small number.
                return kind != .unpublished || isSmall(table.values[i])
            }) else { break }
            guard let complement = complement(for: exposed, in: table, hidden, bounds) else { break }
            hidden[complement] = .complementary
        }
        let cells: [SuppressedCount] = (0..<n).map { i in
            switch hidden[i] {
            case nil: .count(table.values[i])
            case .primary?: .small
            case .complementary?: .complementary
            case .unpublished?: .unpublished
            }
        }
        return SuppressedFigures(policy: self, keys: table.keys, cells: cells, index: table.index)
    }

    enum Hidden: Equatable { case primary, complementary, unpublished }

    struct Bounds: Equatable { var lo: Int; var hi: Int }
    static let unbounded = 1 << 48

    /// What a reader knows of each cell: its value when shown; "<10" means 1...threshold-1; "[c]" means at
    /// least the threshold (every smaller non-zero cell is already primary); an unpublished cell is >= 0.
    func propagate(_ table: DisclosureTable, _ hidden: [Hidden?]) -> [Bounds] {
        var bounds: [Bounds] = table.values.indices.map { i in
            switch hidden[i] {
            case nil: Bounds(lo: table.values[i], hi: table.values[i])
            case .primary?: Bounds(lo: 1, hi: threshold - 1)
            case .complementary?: Bounds(lo: threshold, hi: Self.unbounded)
            case .unpublished?: Bounds(lo: 0, hi: Self.unbounded)
            }
        }
        func clamp(_ v: Int) -> Int { min(Self.unbounded, max(-Self.unbounded, v)) }
        // Integer bounds only ever shrink, so this reaches a fixed point; the cap bounds the work.
        for _ in 0..<200 {
            var changed = false
            for line in table.lines {
                // sum(parts) - total = 0: coefficient +1 for parts, -1 for the total.
                let terms = line.parts.map { ($0, 1) } + [(line.total, -1)]
                for (cell, sign) in terms where hidden[cell] != nil {
                    var restLo = 0, restHi = 0
                    for (other, s) in terms where other != cell {
                        let b = bounds[other]
                        restLo = clamp(restLo + (s > 0 ? b.lo : -b.hi))
                        restHi = clamp(restHi + (s > 0 ? b.hi : -b.lo))
                    }
                    // sign * x = -rest
                    let (lo, hi) = sign > 0 ? (-restHi, -restLo) : (restLo, restHi)
                    var b = bounds[cell]
                    let tightened = Bounds(lo: max(b.lo, lo), hi: min(b.hi, hi))
                    // Contradictory bounds can't arise from true figures; keep the old ones if they would.
                    if tightened.lo <= tightened.hi && tightened != b { b = tightened; bounds[cell] = b; changed = true }
                }
            }
            if !changed { break }
        }
        return bounds
    }

    /// The smallest visible non-zero published cell in a line through `cell`; failing that, in any line
    /// through any exposed hidden cell.
    func complement(for cell: Int, in table: DisclosureTable, _ hidden: [Hidden?], _ bounds: [Bounds]) -> Int? {
        func smallest(in lines: [DisclosureTable.Line]) -> Int? {
            let candidates = Set(lines.flatMap { $0.parts + [$0.total] }).filter { hidden[$0] == nil && table.values[$0] > 0 && table.published[$0] }
            return candidates.min { (table.values[$0], $0) < (table.values[$1], $1) }
        }
        if let direct = smallest(in: table.lines.filter { $0.contains(cell) }) { return direct }
        let exposed = table.values.indices.filter { hidden[$0] != nil && bounds[$0].lo == bounds[$0].hi }
        return smallest(in: table.lines.filter { line in exposed.contains { line.contains($0) } })
    }
}

/// One figure as a reader may see it.
public enum SuppressedCount: Sendable, Equatable {
    case count(Int)
    /// A primary cell: from 1 to threshold - 1.
    case small
    /// Hidden so that a small cell can't be worked out from a total.
    case complementary
    /// Never shown (a figure a view could otherwise imply, such as a percentage's numerator).
    case unpublished

    public var value: Int? { if case .count(let v) = self { v } else { nil } }
    public var isHidden: Bool { value == nil }
}

/// Every figure a view shows, keyed, with the lines (parts summing to a total) a reader could use.
public struct DisclosureTable: Sendable {
    public struct Line: Sendable, Equatable {
        public let total: Int
        public let parts: [Int]
        func contains(_ cell: Int) -> Bool { total == cell || parts.contains(cell) }
    }

    public private(set) var keys: [String] = []
    public private(set) var values: [Int] = []
    public private(set) var published: [Bool] = []
    public private(set) var lines: [Line] = []
    var index: [String: Int] = [:]

    public init() {}

    /// Adds a figure (or replaces the value of one already added). `published: false` for a figure the
    /// page never prints but a reader could derive, so it is protected too.
    public mutating func add(_ key: String, _ value: Int, published: Bool = true) {
        if let i = index[key] { values[i] = value; self.published[i] = self.published[i] || published; return }
        index[key] = keys.count
        keys.append(key); values.append(max(0, value)); self.published.append(published)
    }

    /// Declares that the figures `parts` sum to `total` (all already added). A line that doesn't add up
    /// (the figures are not additive after all) is ignored rather than trusted.
    public mutating func addLine(total: String, parts: [String]) {
        guard let t = index[total] else { return }
        let p = parts.compactMap { index[$0] }
        guard p.count == parts.count, !p.isEmpty, !p.contains(t), Set(p).count == p.count,
              p.reduce(0, { $0 + values[$1] }) == values[t] else { return }
        lines.append(Line(total: t, parts: p))
    }

    /// A one-way breakdown: `total` and its parts, keyed `prefix.key`, with the line between them.
    public mutating func addBreakdown(_ prefix: String, total: String, parts: [(key: String, value: Int)]) {
        for part in parts { add("\(prefix).\(part.key)", part.value) }
        addLine(total: total, parts: parts.map { "\(prefix).\($0.key)" })
    }

    /// A two-way table with optional row totals, column totals and grand total, keyed
    /// `name.r<i>.c<j>`, `name.r<i>.total`, `name.total.c<j>` and `name.total`.
    public mutating func addGrid(_ name: String, rows: [[Int]], rowTotals: Bool, columnTotals: Bool, grandTotal: Bool) {
        let columns = rows.map(\.count).max() ?? 0
        for (i, row) in rows.enumerated() {
            for j in 0..<columns { add("\(name).r\(i).c\(j)", j < row.count ? row[j] : 0) }
        }
        if rowTotals {
            for (i, row) in rows.enumerated() {
                add("\(name).r\(i).total", row.reduce(0, +))
                addLine(total: "\(name).r\(i).total", parts: (0..<columns).map { "\(name).r\(i).c\($0)" })
            }
        }
        if columnTotals {
            for j in 0..<columns {
                add("\(name).total.c\(j)", rows.reduce(0) { $0 + (j < $1.count ? $1[j] : 0) })
                addLine(total: "\(name).total.c\(j)", parts: rows.indices.map { "\(name).r\($0).c\(j)" })
            }
        }
        if grandTotal {
            add("\(name).total", rows.reduce(0) { $0 + $1.reduce(0, +) })
            if rowTotals { addLine(total: "\(name).total", parts: rows.indices.map { "\(name).r\($0).total" }) }
            if columnTotals { addLine(total: "\(name).total", parts: (0..<columns).map { "\(name).total.c\($0)" }) }
            if !rowTotals && !columnTotals { addLine(total: "\(name).total", parts: rows.indices.flatMap { i in (0..<columns).map { "\(name).r\(i).c\($0)" } }) }
        }
    }
}

/// The one suppression result a view renders from: each figure either a count or hidden.
public struct SuppressedFigures: Sendable {
    /// nil: exact figures (staff with case access).
    public let policy: SmallNumberSuppression?
    public let keys: [String]
    public let cells: [SuppressedCount]
    let index: [String: Int]

    public var suppresses: Bool { policy != nil }

    /// A figure by key; a key the table never had is treated as hidden, so a typo can't leak a number.
    public subscript(_ key: String) -> SuppressedCount {
        index[key].map { cells[$0] } ?? .unpublished
    }

    /// The text to print for a figure: the number, "<10", or "[c]".
    public func text(_ key: String) -> String { label(self[key]) }

    public func label(_ cell: SuppressedCount) -> String {
        switch cell {
        case .count(let v): String(v)
        case .small: policy?.primaryLabel ?? "<\(SmallNumberSuppression.defaultThreshold)"
        case .complementary, .unpublished: SmallNumberSuppression.complementaryLabel
        }
    }

    /// Every figure that is shown as a number, for checks that no view prints anything else.
    public var visibleCounts: [String: Int] {
        Dictionary(uniqueKeysWithValues: zip(keys, cells).compactMap { key, cell in cell.value.map { (key, $0) } })
    }
}
