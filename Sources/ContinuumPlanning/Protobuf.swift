import Foundation

/// Why a protocol-buffer message could not be read.
public struct ProtobufError: Error, Equatable, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { "Malformed protocol buffer: \(reason)" }
}

/// A minimal protocol-buffers wire-format reader (varint, 64-bit, length-delimited, 32-bit),
/// enough for OpenStreetMap PBF without a code generator or a dependency.
// Protocol Buffers encoding guide: tag = field << 3 | wire type; varints little-endian base 128.
struct ProtobufReader {
    enum WireType: Int {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
    }

    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        position = range?.lowerBound ?? 0
        end = range?.upperBound ?? bytes.count
    }

    var isAtEnd: Bool { position >= end }

    /// The next field number and wire type, or nil at the end of the message.
    mutating func nextField() throws(ProtobufError) -> (number: Int, wireType: WireType)? {
        guard position < end else { return nil }
        let key = try varint()
        guard let wire = WireType(rawValue: Int(key & 7)) else {
            throw ProtobufError(reason: "unsupported wire type \(key & 7)")
        }
        let number = Int(key >> 3)
        guard number > 0 else { throw ProtobufError(reason: "field number 0") }
        return (number, wire)
    }

    mutating func varint() throws(ProtobufError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw ProtobufError(reason: "varint runs past the end") }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw ProtobufError(reason: "varint longer than 10 bytes") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// The byte range of a length-delimited field (string, bytes, sub-message or packed values).
    mutating func lengthDelimited() throws(ProtobufError) -> Range<Int> {
        let length = try varint()
        guard length <= UInt64(end - position) else { throw ProtobufError(reason: "length \(length) runs past the end") }
        let range = position..<(position + Int(length))
        position = range.upperBound
        return range
    }

    mutating func string() throws(ProtobufError) -> String {
        String(decoding: bytes[try lengthDelimited()], as: UTF8.self)
    }

    mutating func skip(_ wire: WireType) throws(ProtobufError) {
        switch wire {
        case .varint: _ = try varint()
        case .lengthDelimited: _ = try lengthDelimited()
        case .fixed64, .fixed32:
            let size = wire == .fixed64 ? 8 : 4
            guard position + size <= end else { throw ProtobufError(reason: "fixed field runs past the end") }
            position += size
        }
    }

    /// sint32/sint64 ZigZag decoding.
    static func zigzag(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    /// A repeated varint field, packed (wire type 2) or as one element (wire type 0).
    mutating func repeatedVarints(_ wire: WireType, into values: inout [UInt64]) throws(ProtobufError) {
        if wire == .varint {
            values.append(try varint())
            return
        }
        guard wire == .lengthDelimited else { throw ProtobufError(reason: "repeated varint with wire type \(wire.rawValue)") }
        var packed = ProtobufReader(bytes, range: try lengthDelimited())
        while !packed.isAtEnd { values.append(try packed.varint()) }
    }
}
