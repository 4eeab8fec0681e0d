import Foundation

/// Checks for the values an administrator types into the council's settings pages. Each returns
/// nil when the value is fine, or the message to show beside the field.
public enum CouncilSettingsRules {
    /// `#RRGGBB` and nothing else: the colour is written into a stylesheet, so any other shape
    /// (names, `rgb()`, a stray `;` or `}`) could change more than the header.
    public static func isHeaderColour(_ raw: String) -> Bool {
        let bytes = Array(raw.utf8)
        guard bytes.count == 7, bytes[0] == UInt8(ascii: "#") else { return false }
        return bytes.dropFirst().allSatisfy { (48...57).contains($0) || (65...70).contains($0) || (97...102).contains($0) }
    }

    /// An email address a message could be delivered to: one `@`, a dotted domain, printable ASCII
    /// with no spaces, at most 254 characters (RFC 5321's path limit).
    public static func isEmailAddress(_ raw: String) -> Bool {
        guard raw.utf8.count <= 254, raw.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 }) else { return false }
        let parts = raw.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.first != "-" && label.last != "-" && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
        }
    }

    /// A full-time equivalent from 0.00 to 1.00 in hundredths, as HR records it, in whole hundredths
    /// so that sums of a team's FTE don't drift. Nil when it isn't that shape.
    public static func fteHundredths(_ raw: String) -> Int? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, (1...1).contains(whole.count), whole.allSatisfy(\.isPlainDigit) else { return nil }
        var hundredths = Int(whole)! * 100
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...2).contains(fraction.count), fraction.allSatisfy(\.isPlainDigit) else { return nil }
            hundredths += Int(fraction)! * (fraction.count == 1 ? 10 : 1)
        }
        return hundredths <= 100 ? hundredths : nil
    }

    /// A whole number in `range`, for capacities and thresholds; nil when it isn't one.
    public static func wholeNumber(_ raw: String, in range: ClosedRange<Int>) -> Int? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.count <= 6, text.allSatisfy(\.isPlainDigit), let value = Int(text), range.contains(value) else { return nil }
        return value
    }
}

extension Character {
    var isPlainDigit: Bool { isASCII && isNumber }
}
