import Foundation

/// A UK postcode in its canonical form: upper case, one space before the
/// 3-character inward code ("WR1 2AB").
///
/// People type postcodes in every shape ("wr12ab", "WR1  2AB"); storing one
/// canonical form is what lets a postcode match the ONS directory and other records.
public struct Postcode: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    private init(canonical: String) { value = canonical }

    public static let emptyMessage = "Enter a postcode"
    public static let invalidMessage = "Enter a real postcode, like WR1 2AB"

    /// Upper-cases, removes all whitespace and checks the shape; nil if it is not a postcode.
    ///
    /// Outward code A9, A99, A9A, AA9, AA99 or AA9A, inward code 9AA, plus GIR 0AA.
    // Government Data Standards Catalogue / Royal Mail PAF rules: area letter never Q, V or X; second letter never I, J or Z;
    // A9A third character from ABCDEFGHJKPSTUW; AA9A fourth from ABEHMNPRVWXY; inward letters never C, I, K, M, O or V.
    public static func normalise(_ raw: String) -> Postcode? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8)
        for scalar in raw.unicodeScalars where !scalar.properties.isWhitespace {
            guard scalar.isASCII else { return nil }
            var byte = UInt8(scalar.value)
            if byte >= 97 && byte <= 122 { byte -= 32 }
            bytes.append(byte)
            if bytes.count > 7 { return nil }
        }
        guard bytes.count >= 5 else { return nil }
        if bytes == Array("GIR0AA".utf8) { return Postcode(canonical: "GIR 0AA") }

        let outward = Array(bytes[..<(bytes.count - 3)])
        let inward = Array(bytes[(bytes.count - 3)...])
        guard isDigit(inward[0]), inwardLetters.contains(inward[1]), inwardLetters.contains(inward[2]) else { return nil }
        guard isValidOutward(outward) else { return nil }
        return Postcode(canonical: String(decoding: outward, as: UTF8.self) + " " + String(decoding: inward, as: UTF8.self))
    }

    /// The message to show next to a postcode field, or nil when the postcode is fine.
    public static func validationMessage(_ raw: String) -> String? {
        if raw.allSatisfy(\.isWhitespace) { return emptyMessage }
        return normalise(raw) == nil ? invalidMessage : nil
    }

    public var description: String { value }

    /// "WR1" in "WR1 2AB": the part that routes mail to a delivery office.
    public var outward: String { String(value.prefix { $0 != " " }) }

    /// "2AB" in "WR1 2AB".
    public var inward: String { String(value.suffix(3)) }

    /// "WR1 2": the outward code and the first digit of the inward code.
    public var sector: String { String(value.dropLast(2)) }

    /// The postcode district, which is the outward code ("WR1").
    public var district: String { outward }

    /// The postcode area, the leading letters ("WR").
    public var area: String { String(value.prefix { $0.isLetter }) }

    // MARK: - Shape

    private static let areaFirst = Set("ABCDEFGHIJKLMNOPRSTUWYZ".utf8)
    private static let areaSecond = Set("ABCDEFGHKLMNOPQRSTUVWXY".utf8)
    private static let thirdOfA9A = Set("ABCDEFGHJKPSTUW".utf8)
    private static let fourthOfAA9A = Set("ABEHMNPRVWXY".utf8)
    private static let inwardLetters = Set("ABDEFGHJLNPQRSTUWXYZ".utf8)

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    private static func isValidOutward(_ o: [UInt8]) -> Bool {
        guard let first = o.first, areaFirst.contains(first) else { return false }
        switch o.count {
        case 2: // A9
            return isDigit(o[1])
        case 3: // A99, A9A, AA9
            if isDigit(o[1]) { return isDigit(o[2]) || thirdOfA9A.contains(o[2]) }
            return areaSecond.contains(o[1]) && isDigit(o[2])
        case 4: // AA99, AA9A
            return areaSecond.contains(o[1]) && isDigit(o[2]) && (isDigit(o[3]) || fourthOfAA9A.contains(o[3]))
        default:
            return false
        }
    }
}

extension Postcode: Comparable {
    /// Orders WR1 before WR2 before WR10, as a person reading a list expects.
    public static func < (lhs: Postcode, rhs: Postcode) -> Bool {
        lhs.sortKey < rhs.sortKey
    }

    /// Area letters, district number, district letter and inward code packed
    /// into one integer, so that sorting 45,000 postcodes compares integers
    /// rather than building strings. Distinct postcodes get distinct keys.
    var sortKey: UInt64 {
        if value == "GIR 0AA" { return .max }
        let space: UInt64 = 0x20
        var area: [UInt64] = []
        var number: UInt64 = 0
        var digits = 0
        var suffix = space
        var inward: UInt64 = 0
        var inInward = false
        for byte in value.utf8 {
            let b = UInt64(byte)
            if inInward { inward = inward << 8 | b; continue }
            switch byte {
            case UInt8(ascii: " "): inInward = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"): number = number * 10 + (b - 48); digits += 1
            default: if digits == 0 { area.append(b) } else { suffix = b }
            }
        }
        // A leading zero ("W01") would otherwise collide with "W1"; such districts sort last.
        if digits == 2 && number < 10 { number += 100 }
        let first = area.first ?? space, second = area.count > 1 ? area[1] : space
        return first << 48 | second << 40 | number << 32 | suffix << 24 | inward
    }
}

extension Postcode: LosslessStringConvertible {
    public init?(_ description: String) {
        guard let postcode = Self.normalise(description) else { return nil }
        self = postcode
    }
}

extension Postcode: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let postcode = Self.normalise(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a UK postcode: \"\(text)\"")
        }
        self = postcode
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
