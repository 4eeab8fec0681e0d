/// The Section 19 census as one `DisclosureTable`: every figure the census page, its chart and its CSV
/// print, and the sums a reader could use to work a hidden one out (SECURITY.md: secondary suppression
/// so totals don't reveal a small number).
extension Census {
    public static let keyStages: [(key: String, label: String)] = [("ks1", "Key stage 1"), ("ks2", "Key stage 2"), ("ks3", "Key stage 3"), ("ks4", "Key stage 4"), ("other", "Other")]

    /// Keys: total, receiving, awaiting, year, roll.<provision>, base.<name>, reason.<reason>, ks.<stage>.
    public var disclosureTable: DisclosureTable {
        var table = DisclosureTable()
        table.add("total", total)
        table.add("receiving", total - awaitingDecision)
        table.add("awaiting", awaitingDecision)
        // Children counted = receiving provision + awaiting a decision.
        table.addLine(total: "total", parts: ["receiving", "awaiting"])
        table.addBreakdown("roll", total: "receiving", parts: ProvisionType.allCases.map { ($0.rawValue, onRoll[$0] ?? 0) })
        // Base places add up to the children on roll at a base when every base episode names its base.
        table.addBreakdown("base", total: "roll.\(ProvisionType.base.rawValue)", parts: bases.keys.sorted().map { ($0, bases[$0]!) })
        table.addBreakdown("reason", total: "total", parts: ReferralReason.allCases.map { ($0.rawValue, byReason[$0] ?? 0) })
        table.addBreakdown("ks", total: "total", parts: Self.keyStages.map { ($0.key, byKeyStage[$0.key] ?? 0) })
        // Not additive with the others (it counts a whole academic year), so it stands alone.
        table.add("year", academicYearTotal)
        return table
    }

    /// The census as `measure,value` rows, every value from `figures` (exact for officers, suppressed
    /// for aggregate-only roles), every field written by `CSVCell` (RFC 4180 quoting, formula-safe).
    public func csv(_ figures: SuppressedFigures) -> String {
        var rows: [(String, String)] = [("measure", "value"), ("at", at.description), ("total", figures.text("total"))]
        rows += ProvisionType.allCases.map { ("on_roll.\($0.rawValue)", figures.text("roll.\($0.rawValue)")) }
        rows += bases.keys.sorted().map { ("bases." + $0, figures.text("base.\($0)")) }
        rows += [("awaiting_decision", figures.text("awaiting")), ("academic_year_total", figures.text("year"))]
        rows += ReferralReason.allCases.map { ("by_reason.\($0.rawValue)", figures.text("reason.\($0.rawValue)")) }
        rows += Self.keyStages.map { ("by_key_stage.\($0.key)", figures.text("ks.\($0.key)")) }
        return rows.map { CSVCell.escape($0.0) + "," + CSVCell.escape($0.1) }.joined(separator: "\n") + "\n"
    }
}
