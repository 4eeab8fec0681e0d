import Foundation

/// Little-endian fixed-width writing and reading for the attendance blobs (registers and
/// measure shards), whose layouts are file formats: change them only with a new version byte.
struct PackedBytesWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { put(value) }
    mutating func u32(_ value: UInt32) { put(value) }
    mutating func u64(_ value: UInt64) { put(value) }

    private mutating func put<T: FixedWidthInteger>(_ value: T) {
        for shift in stride(from: 0, to: T.bitWidth, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    mutating func upn(_ upn: PackedUPN) { u64(upn.high); u64(upn.low) }
}

/// Reads what `PackedBytesWriter` wrote; every read checks the length, so a truncated blob is an
/// error rather than a crash.
struct PackedBytesReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }
    var remaining: Int { bytes.count - offset }

    mutating func u8() throws(PackedBytesError) -> UInt8 { try take() }
    mutating func u16() throws(PackedBytesError) -> UInt16 { try take() }
    mutating func u32() throws(PackedBytesError) -> UInt32 { try take() }
    mutating func u64() throws(PackedBytesError) -> UInt64 { try take() }

    private mutating func take<T: FixedWidthInteger>() throws(PackedBytesError) -> T {
        let width = T.bitWidth / 8
        guard remaining >= width else { throw .truncated(at: offset) }
        var value: T = 0
        for index in 0..<width { value |= T(bytes[offset + index]) << (8 * index) }
        offset += width
        return value
    }

    mutating func upn() throws(PackedBytesError) -> PackedUPN {
        let start = offset
        let upn = PackedUPN(high: try u64(), low: try u64())
        // Not a full check-letter test (these are our own blobs), but enough to refuse garbage.
        guard upn.looksPacked else { throw .badUPN(at: start) }
        return upn
    }
}

/// Why a stored register or measure shard could not be read.
public enum PackedBytesError: Error, Hashable, Sendable, CustomStringConvertible {
    case truncated(at: Int)
    case badUPN(at: Int)
    case badVersion(UInt8)
    case badValue(String)

    public var description: String {
        switch self {
        case .truncated(let offset): "attendance blob ends early at byte \(offset)"
        case .badUPN(let offset): "attendance blob has no UPN at byte \(offset)"
        case .badVersion(let version): "attendance blob has unknown format version \(version)"
        case .badValue(let what): "attendance blob holds \(what)"
        }
    }
}

extension PackedUPN {
    init(high: UInt64, low: UInt64) { self.high = high; self.low = low }

    /// Thirteen printable ASCII bytes with the unused low bytes zero, as `init(packing:)` leaves them.
    var looksPacked: Bool {
        guard low & 0xFF_FFFF == 0 else { return false }
        for shift in stride(from: 0, to: 64, by: 8) where !(0x30...0x5A).contains(UInt8(truncatingIfNeeded: high >> UInt64(shift))) { return false }
        for shift in stride(from: 24, to: 64, by: 8) where !(0x30...0x5A).contains(UInt8(truncatingIfNeeded: low >> UInt64(shift))) { return false }
        return true
    }
}
