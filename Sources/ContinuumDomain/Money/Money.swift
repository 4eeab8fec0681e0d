import Foundation

/// An amount of money in whole pence (issue 15 item 1): never a `Double`, so a total is exactly the
/// sum of its parts and a pro-rata share rounds once, where the rule says.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let pence: Int64

    public init(pence: Int64) { self.pence = pence }

    public static let zero = Money(pence: 0)

    /// Pounds written as finance systems and the CLI write them: "12000.00", "-23000000", "0.5".
    /// At most two decimal places; no thousands separators, no currency sign. Nil for anything else,
    /// or for an amount beyond ±£10 billion (a typing mistake, and the edge of exact arithmetic below).
    public init?(decimal text: String) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        var negative = false
        if body.first == "-" { negative = true; body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 11, whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= 2, fraction.allSatisfy({ $0.isASCII && $0.isNumber }), parts.count == 1 || !fraction.isEmpty else { return nil }
        while fraction.count < 2 { fraction += "0" }
        guard let pounds = Int64(whole), let pennies = Int64(fraction), pounds <= Self.largestPounds else { return nil }
        pence = (pounds * 100 + pennies) * (negative ? -1 : 1)
    }

    public static let largestPounds: Int64 = 10_000_000_000

    /// "1234.56", "-0.05": the form in JSON, CSV and the CLI.
    public var decimal: String {
        let sign = pence < 0 ? "-" : ""
        let magnitude = pence.magnitude
        let pennies = magnitude % 100
        return "\(sign)\(magnitude / 100).\(pennies < 10 ? "0" : "")\(pennies)"
    }

    /// "£1,234.56", "−£600,000.00": the form on pages.
    public var display: String {
        let magnitude = pence.magnitude
        let pounds = String(magnitude / 100)
        var grouped = ""
        for (index, digit) in pounds.enumerated() {
            if index > 0 && (pounds.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        let pennies = magnitude % 100
        return (pence < 0 ? "−" : "") + "£" + grouped + "." + (pennies < 10 ? "0" : "") + String(pennies)
    }

    public var description: String { decimal }

    public static func + (lhs: Money, rhs: Money) -> Money { Money(pence: lhs.pence + rhs.pence) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(pence: lhs.pence - rhs.pence) }
    public static prefix func - (value: Money) -> Money { Money(pence: -value.pence) }
    public static func += (lhs: inout Money, rhs: Money) { lhs = lhs + rhs }
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.pence < rhs.pence }

    /// `self × numerator ÷ denominator`, rounded half away from zero to the penny (half-up for the
    /// positive amounts top-up deals in: TOPUP-5). Exact: the product is formed in 128 bits.
    public func scaled(by numerator: Int, over denominator: Int) -> Money {
        precondition(denominator > 0, "a pro-rata divisor is positive")
        let product = pence.multipliedFullWidth(by: Int64(numerator))
        let (quotient, remainder) = Int64(denominator).dividingFullWidth(product)
        // Half away from zero: compare twice the remainder with the divisor.
        let twice = remainder.magnitude * 2
        let roundsAway = twice >= UInt64(denominator)
        guard roundsAway else { return Money(pence: quotient) }
        let negative = (pence < 0) != (numerator < 0)
        return Money(pence: quotient + (negative ? -1 : 1))
    }

    public static func sum<S: Sequence>(_ amounts: S) -> Money where S.Element == Money {
        amounts.reduce(.zero, +)
    }
}

extension Money {
    /// Stored and sent as the decimal string, so JSON never carries a float.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Money(decimal: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an amount like 1234.56, got \"\(text)\"")
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(decimal)
    }
}
