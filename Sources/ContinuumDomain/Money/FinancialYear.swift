import Foundation

/// An English local-government financial year, 1 April to 31 March, written "2025-26"
/// (issue 15 item 1; s251 and the DSG are reported by it).
public struct FinancialYear: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The calendar year in which it starts: 2025 for 2025-26.
    public let startYear: Int

    public init(startYear: Int) { self.startYear = startYear }

    /// "2025-26"; the second part must be the next year's last two digits. Nil otherwise.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let start = Int(parts[0]), let end = Int(parts[1]),
              CalendarDate.plausibleYears.contains(start), end == (start + 1) % 100 else { return nil }
        startYear = start
    }

    /// The financial year a date falls in: April to March.
    public init(containing date: CalendarDate) {
        startYear = date.month >= 4 ? date.year : date.year - 1
    }

    public var start: CalendarDate { CalendarDate(year: startYear, month: 4, day: 1) }
    public var end: CalendarDate { CalendarDate(year: startYear + 1, month: 3, day: 31) }
    /// 365, or 366 when the year holds 29 February.
    public var days: Int { start.days(to: end) + 1 }

    public func contains(_ date: CalendarDate) -> Bool { start <= date && date <= end }

    public var next: FinancialYear { FinancialYear(startYear: startYear + 1) }
    public var previous: FinancialYear { FinancialYear(startYear: startYear - 1) }

    public var description: String {
        let end = (startYear + 1) % 100
        return "\(startYear)-\(end < 10 ? "0" : "")\(end)"
    }

    public static func < (lhs: FinancialYear, rhs: FinancialYear) -> Bool { lhs.startYear < rhs.startYear }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let year = FinancialYear(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a financial year like 2025-26, got \"\(text)\"")
        }
        self = year
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
