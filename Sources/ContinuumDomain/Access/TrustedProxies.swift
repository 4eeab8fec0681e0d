import Foundation

/// Which peers may tell us the client's address (`TRUSTED_PROXIES`), and the rule for reading it.
///
/// SECURITY.md throttles and audits by socket address, never by `X-Forwarded-For`, because any client can
/// send that header. Behind a reverse proxy, though, every socket address is the proxy's, so one attacker's
/// failures would throttle everyone. The rule (MDN, X-Forwarded-For, "Selecting an IP address"): only when
/// the socket peer is a configured proxy, walk the header from the right, skipping configured proxies, and
/// take the first address that isn't one; an untrusted peer's header is ignored.
public struct TrustedProxies: Sendable, Equatable {
    public let ranges: [IPRange]

    public static let none = TrustedProxies(ranges: [])

    public init(ranges: [IPRange]) { self.ranges = ranges }

    /// A comma-separated list of addresses and CIDR ranges, e.g. `10.0.0.0/8, 192.0.2.10, fd00::/8`.
    /// Returns the entries it could not read, so configuration can name them.
    public static func parse(_ text: String) -> (proxies: TrustedProxies, invalid: [String]) {
        var ranges: [IPRange] = [], invalid: [String] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            if let range = IPRange(entry) { ranges.append(range) } else { invalid.append(entry) }
        }
        return (TrustedProxies(ranges: ranges), invalid)
    }

    public var isEmpty: Bool { ranges.isEmpty }

    public func trusts(_ address: IPAddress) -> Bool { ranges.contains { $0.contains(address) } }

    /// Proxies add one hop each; more entries than this are a client padding the header.
    static let maxHops = 20

    /// The client's address: the peer itself unless the peer is a trusted proxy; then the right-most
    /// `X-Forwarded-For` entry that is not a trusted proxy. `forwardedFor` holds every header line in order.
    public func clientAddress(peer: String, forwardedFor: [String]) -> String {
        guard !ranges.isEmpty, let peerAddress = IPAddress(peer), trusts(peerAddress) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.suffix(Self.maxHops)
        var nearest = peerAddress
        for hop in hops.reversed() {
            // A hop we can't read was not written by a proxy we trust: stop at the last one we could.
            guard let address = IPAddress(hop.trimmingCharacters(in: .whitespaces)) else { break }
            if !trusts(address) { return address.description }
            nearest = address
        }
        // Every hop is a trusted proxy (or the header is missing or unreadable): the nearest trusted hop.
        return nearest == peerAddress ? peer : nearest.description
    }
}

/// An IPv4 or IPv6 address as 4 or 16 bytes. IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) read as IPv4,
/// so a dual-stack listener's peers match IPv4 ranges.
public struct IPAddress: Sendable, Equatable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(_ text: String) {
        var s = Substring(text)
        if s.hasPrefix("["), let close = s.firstIndex(of: "]") { s = s[s.index(after: s.startIndex)..<close] }
        if let zone = s.firstIndex(of: "%") { s = s[..<zone] }
        if let v4 = Self.parseIPv4(s) { bytes = v4; return }
        guard let v6 = Self.parseIPv6(s) else { return nil }
        if v6[0..<10].allSatisfy({ $0 == 0 }) && v6[10] == 0xff && v6[11] == 0xff { bytes = Array(v6[12..<16]) } else { bytes = v6 }
    }

    public var description: String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        // RFC 5952: compress the longest run (of two or more) of zero groups.
        var best = (start: -1, length: 0), i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8 && groups[j] == 0 { j += 1 }
                if j - i > best.length && j - i > 1 { best = (i, j - i) }
                i = j
            } else { i += 1 }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.start >= 0 else { return hex.joined(separator: ":") }
        return hex[0..<best.start].joined(separator: ":") + "::" + hex[(best.start + best.length)...].joined(separator: ":")
    }

    static func parseIPv4(_ s: Substring) -> [UInt8]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt8(part) else { return nil }
            out.append(value)
        }
        return out
    }

    static func parseIPv6(_ s: Substring) -> [UInt8]? {
        guard s.count >= 2, s.count <= 45, s.contains(":") else { return nil }
        let halves = s.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt8]? {
            if part.isEmpty { return [] }
            var out: [UInt8] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = parseIPv4(piece) { out += v4; continue }
                guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                out += [UInt8(value >> 8), UInt8(value & 0xff)]
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
    }
}

/// An address with a prefix length (`10.0.0.0/8`), or one address (`192.0.2.10`, a /32 or /128).
public struct IPRange: Sendable, Equatable {
    public let network: IPAddress
    public let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(String(parts[0])) else { return nil }
        let bits = address.bytes.count * 8
        var length = bits
        if parts.count == 2 {
            guard parts[1].count <= 3, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let parsed = Int(parts[1]) else { return nil }
            // An IPv4-mapped IPv6 range (::ffff:10.0.0.0/104) is read as the IPv4 range it covers.
            let mappedOffset = address.bytes.count == 4 && parts[0].contains(":") ? 96 : 0
            guard parsed >= mappedOffset, parsed - mappedOffset <= bits else { return nil }
            length = parsed - mappedOffset
        }
        network = address; prefixLength = length
    }

    public func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == network.bytes.count else { return false }
        var remaining = prefixLength
        for (a, b) in zip(address.bytes, network.bytes) {
            if remaining <= 0 { return true }
            let mask: UInt8 = remaining >= 8 ? 0xff : UInt8(0xff) << (8 - remaining)
            if a & mask != b & mask { return false }
            remaining -= 8
        }
        return true
    }
}
