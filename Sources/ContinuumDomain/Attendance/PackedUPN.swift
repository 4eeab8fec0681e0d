import Foundation

/// A valid UPN held as 13 ASCII bytes in two machine words.
///
/// `UPN` keeps its characters in `String`s and its `validate` walks
/// `Character`s, which costs about 10 µs a call: 1.2 s for the 100,000
/// different pupils in a day's attendance feed. Attendance marks carry this
/// instead; it is checked on the raw bytes by the same rules and converts to
/// and from `UPN` at the edges. Ordering is byte order, which is the order of
/// the UPN strings.
public struct PackedUPN: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Bytes 1–8, the first in the top byte, so that comparing words compares strings.
    let high: UInt64
    /// Bytes 9–13 in the top five bytes; the rest are zero.
    let low: UInt64

    /// Packs an already validated UPN.
    public init(_ upn: UPN) {
        let bytes = Array(upn.value.utf8)
        precondition(bytes.count == 13, "a validated UPN is 13 ASCII characters")
        self = bytes.withUnsafeBufferPointer { Self(packing: $0) }
    }

    /// Validates `text` as `UPN.validate` does (trimming and upper-casing
    /// first); nil when it is not a valid UPN.
    public init?(_ text: String) {
        var text = text
        let fast = text.withUTF8 { Self.validatedFast($0) }
        if let fast {
            self = fast
        } else if let upn = UPN.validate(text).upn {
            self.init(upn)
        } else {
            return nil
        }
    }

    private init(packing bytes: UnsafeBufferPointer<UInt8>) {
        var high: UInt64 = 0
        for index in 0..<8 { high = high << 8 | UInt64(bytes[index]) }
        var low: UInt64 = 0
        for index in 8..<13 { low = low << 8 | UInt64(bytes[index]) }
        self.high = high
        self.low = low << 24
    }

    /// The 13 characters, such as "H801200001001".
    public var description: String {
        String(unsafeUninitializedCapacity: 13) { buffer in
            for index in 0..<8 { buffer[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(index))) }
            for index in 0..<5 { buffer[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(index))) }
            return 13
        }
    }

    /// As a `UPN` (this runs `UPN.validate`, so keep it out of loops over marks).
    public var upn: UPN {
        guard let upn = UPN.validate(description).upn else {
            preconditionFailure("PackedUPN \(description) no longer passes UPN.validate")
        }
        return upn
    }

    public static func < (lhs: PackedUPN, rhs: PackedUPN) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    // MARK: - Checking bytes

    /// The UPN in `bytes`, or nil if they are not a valid UPN in canonical form
    /// (13 upper-case ASCII characters, no spaces). Nil is not a verdict:
    /// callers fall back to `UPN.validate` for the reason, or for lower case
    /// and padding, which it accepts after normalising. So this only ever has
    /// to accept what `UPN.validate` accepts, never to reject the same things.
    // DfE UPN guidance: check letter = (sum of characters 2–13 × positions 2–13) mod 23 into A–Z less I, O, S;
    // characters 2–4 a DfE LA number; 5–12 digits; 13 a digit or check-alphabet letter (as UPN.validate).
    static func validatedFast(_ bytes: UnsafeBufferPointer<UInt8>) -> PackedUPN? {
        validatedFast(bytes, tables: .shared)
    }

    @inline(__always)
    static func validatedFast(_ bytes: UnsafeBufferPointer<UInt8>, tables: AttendanceParseTables) -> PackedUPN? {
        guard bytes.count == 13 else { return nil }
        var sum = 0
        for index in 1..<12 {
            let digit = bytes[index] &- 48
            guard digit <= 9 else { return nil }
            sum += (index + 1) * Int(digit)
        }
        let last = tables.checkValues[Int(bytes[12])]
        guard last >= 0 else { return nil }
        sum += 13 * Int(last)
        guard bytes[0] == tables.checkLetters[sum % 23] else { return nil }
        let la = Int(bytes[1] &- 48) * 100 + Int(bytes[2] &- 48) * 10 + Int(bytes[3] &- 48)
        guard tables.recognisedLA[la] else { return nil }
        return PackedUPN(packing: bytes)
    }
}

extension PackedUPN: Codable {
    /// Encoded as the bare 13-character string, like `UPN`.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let packed = PackedUPN(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid UPN \"\(text)\"")
        }
        self = packed
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
