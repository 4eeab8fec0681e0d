import Foundation

/// Why compressed data could not be expanded.
public struct InflateError: Error, Equatable, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { "Compressed data is damaged: \(reason)" }
}

/// DEFLATE (RFC 1951) and zlib (RFC 1950) decompression in pure Swift, so OpenStreetMap PBF
/// blobs can be read without linking a C library: stored, fixed-Huffman and dynamic-Huffman blocks.
public enum Inflate {
    /// Expands a zlib stream (2-byte header, DEFLATE data, Adler-32 of the output), checking the
    /// header and checksum. Preset dictionaries are refused (PBF never uses them).
    public static func zlib(_ data: [UInt8], expectedSize: Int? = nil) throws(InflateError) -> [UInt8] {
        guard data.count >= 6 else { throw InflateError(reason: "a zlib stream needs at least 6 bytes") }
        let cmf = Int(data[0]), flg = Int(data[1])
        // RFC 1950 §2.2: CM = 8 (deflate), CINFO ≤ 7, (CMF·256 + FLG) divisible by 31, FDICT unset.
        guard cmf & 0x0F == 8, cmf >> 4 <= 7 else { throw InflateError(reason: "not a deflate zlib header") }
        guard (cmf * 256 + flg) % 31 == 0 else { throw InflateError(reason: "zlib header check failed") }
        guard flg & 0x20 == 0 else { throw InflateError(reason: "preset dictionaries are not supported") }
        var reader = BitReader(data, from: 2)
        let output = try inflate(&reader, expectedSize: expectedSize)
        let at = reader.bytePositionAfterAlign()
        guard at + 4 <= data.count else { throw InflateError(reason: "missing Adler-32 checksum") }
        let stored = UInt32(data[at]) << 24 | UInt32(data[at + 1]) << 16 | UInt32(data[at + 2]) << 8 | UInt32(data[at + 3])
        guard stored == adler32(output) else { throw InflateError(reason: "Adler-32 checksum mismatch") }
        if let expectedSize, expectedSize != output.count {
            throw InflateError(reason: "expanded to \(output.count) bytes, expected \(expectedSize)")
        }
        return output
    }

    /// Expands raw DEFLATE data (no zlib wrapper).
    public static func raw(_ data: [UInt8]) throws(InflateError) -> [UInt8] {
        var reader = BitReader(data, from: 0)
        return try inflate(&reader, expectedSize: nil)
    }

    /// RFC 1950 §8.2 Adler-32.
    public static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var index = 0
        while index < bytes.count {
            let end = min(index + 5552, bytes.count)  // largest run before the sums can overflow 32 bits
            while index < end {
                a &+= UInt32(bytes[index])
                b &+= a
                index += 1
            }
            a %= 65521
            b %= 65521
        }
        return b << 16 | a
    }

    // MARK: - DEFLATE

    private static func inflate(_ reader: inout BitReader, expectedSize: Int?) throws(InflateError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(expectedSize ?? reader.count * 4)
        var final = false
        while !final {
            final = try reader.bits(1) == 1
            switch try reader.bits(2) {
            case 0: try stored(&reader, into: &out)
            case 1: try codes(&reader, litlen: fixedTables.litlen, dist: fixedTables.dist, into: &out)
            case 2:
                let tables = try dynamicTables(&reader)
                try codes(&reader, litlen: tables.litlen, dist: tables.dist, into: &out)
            default: throw InflateError(reason: "invalid block type 3")
            }
        }
        return out
    }

    private static func stored(_ reader: inout BitReader, into out: inout [UInt8]) throws(InflateError) {
        var at = reader.bytePositionAfterAlign()
        guard at + 4 <= reader.count else { throw InflateError(reason: "stored block header cut short") }
        let bytes = reader.bytes
        let length = Int(bytes[at]) | Int(bytes[at + 1]) << 8
        let complement = Int(bytes[at + 2]) | Int(bytes[at + 3]) << 8
        guard length == (~complement & 0xFFFF) else { throw InflateError(reason: "stored block length check failed") }
        at += 4
        guard at + length <= reader.count else { throw InflateError(reason: "stored block cut short") }
        out.append(contentsOf: bytes[at..<(at + length)])
        reader.restart(at: at + length)
    }

    // RFC 1951 §3.2.5: base lengths and distances, and their extra bits.
    private static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
                                              2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    private static func codes(_ reader: inout BitReader, litlen: Huffman, dist: Huffman, into out: inout [UInt8]) throws(InflateError) {
        while true {
            let symbol = try reader.decode(litlen)
            if symbol < 256 {
                out.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let index = symbol - 257
                guard index < 29 else { throw InflateError(reason: "invalid length symbol \(symbol)") }
                let length = lengthBase[index] + (try reader.bits(lengthExtra[index]))
                let d = try reader.decode(dist)
                guard d < 30 else { throw InflateError(reason: "invalid distance symbol \(d)") }
                let distance = distanceBase[d] + (try reader.bits(distanceExtra[d]))
                guard distance <= out.count else { throw InflateError(reason: "distance \(distance) reaches before the start") }
                let start = out.count - distance
                for k in 0..<length { out.append(out[start + k]) }  // may overlap: copy byte by byte
            }
        }
    }

    private static let fixedTables: (litlen: Huffman, dist: Huffman) = {
        // RFC 1951 §3.2.6: the fixed code lengths.
        var lengths = [Int](repeating: 8, count: 288)
        for s in 144..<256 { lengths[s] = 9 }
        for s in 256..<280 { lengths[s] = 7 }
        return (try! Huffman(lengths: lengths), try! Huffman(lengths: [Int](repeating: 5, count: 30)))
    }()

    /// RFC 1951 §3.2.7: code lengths sent with a code-length code in this order.
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    private static func dynamicTables(_ reader: inout BitReader) throws(InflateError) -> (litlen: Huffman, dist: Huffman) {
        let nlen = try reader.bits(5) + 257, ndist = try reader.bits(5) + 1, ncode = try reader.bits(4) + 4
        guard nlen <= 286, ndist <= 30 else { throw InflateError(reason: "too many length or distance codes") }
        var codeLengths = [Int](repeating: 0, count: 19)
        for k in 0..<ncode { codeLengths[codeLengthOrder[k]] = try reader.bits(3) }
        let lengthCode = try Huffman(lengths: codeLengths)
        var lengths: [Int] = []
        lengths.reserveCapacity(nlen + ndist)
        while lengths.count < nlen + ndist {
            let symbol = try reader.decode(lengthCode)
            switch symbol {
            case 0...15: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw InflateError(reason: "repeat with no previous length") }
                lengths.append(contentsOf: repeatElement(previous, count: 3 + (try reader.bits(2))))
            case 17: lengths.append(contentsOf: repeatElement(0, count: 3 + (try reader.bits(3))))
            default: lengths.append(contentsOf: repeatElement(0, count: 11 + (try reader.bits(7))))
            }
        }
        guard lengths.count == nlen + ndist else { throw InflateError(reason: "code lengths overrun") }
        guard lengths[256] > 0 else { throw InflateError(reason: "no end-of-block code") }
        return (try Huffman(lengths: Array(lengths[0..<nlen])), try Huffman(lengths: Array(lengths[nlen...])))
    }
}

/// A canonical Huffman code as a direct lookup table indexed by the next `maxLength` bits
/// (LSB first): each entry is symbol << 4 | code length, 0 for an unused bit pattern.
struct Huffman {
    let table: [UInt32]
    let maxLength: Int

    init(lengths: [Int]) throws(InflateError) {
        var count = [Int](repeating: 0, count: 16)
        for l in lengths { count[l] += 1 }
        count[0] = 0
        // Over-subscribed codes are invalid; incomplete ones are allowed and fail only if used.
        var left = 1
        for l in 1...15 {
            left <<= 1
            left -= count[l]
            guard left >= 0 else { throw InflateError(reason: "over-subscribed Huffman code") }
        }
        let maxLength = max(1, lengths.max() ?? 1)
        var next = [Int](repeating: 0, count: 16)
        var code = 0
        for l in 1...15 {
            code = (code + count[l - 1]) << 1
            next[l] = code
        }
        var table = [UInt32](repeating: 0, count: 1 << maxLength)
        for (symbol, l) in lengths.enumerated() where l > 0 {
            let c = next[l]
            next[l] += 1
            var reversed = 0
            for b in 0..<l where c & (1 << b) != 0 { reversed |= 1 << (l - 1 - b) }
            var index = reversed
            while index < table.count {
                table[index] = UInt32(symbol << 4 | l)
                index += 1 << l
            }
        }
        self.table = table
        self.maxLength = maxLength
    }
}

/// Reads DEFLATE's least-significant-bit-first bit stream.
struct BitReader {
    let bytes: [UInt8]
    var count: Int { bytes.count }
    private var position: Int
    private var buffer: UInt64 = 0
    private var available = 0

    init(_ bytes: [UInt8], from start: Int) {
        self.bytes = bytes
        position = start
    }

    private mutating func fill(_ needed: Int) {
        while available < needed && position < bytes.count {
            buffer |= UInt64(bytes[position]) << UInt64(available)
            position += 1
            available += 8
        }
    }

    mutating func bits(_ n: Int) throws(InflateError) -> Int {
        if n == 0 { return 0 }
        fill(n)
        guard available >= n else { throw InflateError(reason: "data ends early") }
        let value = Int(buffer & ((1 << UInt64(n)) - 1))
        buffer >>= UInt64(n)
        available -= n
        return value
    }

    mutating func decode(_ code: Huffman) throws(InflateError) -> Int {
        fill(code.maxLength)
        let entry = code.table[Int(buffer & ((1 << UInt64(code.maxLength)) - 1))]
        let length = Int(entry & 15)
        guard length > 0 else { throw InflateError(reason: "invalid Huffman code") }
        guard length <= available else { throw InflateError(reason: "data ends early") }
        buffer >>= UInt64(length)
        available -= length
        return Int(entry >> 4)
    }

    /// Drops the bits left in the current byte and returns the index of the next whole byte.
    mutating func bytePositionAfterAlign() -> Int {
        let unusedBytes = available / 8
        buffer = 0
        available = 0
        position -= unusedBytes
        return position
    }

    mutating func restart(at index: Int) {
        position = index
        buffer = 0
        available = 0
    }
}
