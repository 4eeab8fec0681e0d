import XCTest
@testable import ContinuumDomain

/// Issue 13 item 7: the client address behind a configured reverse proxy.
final class TrustedProxiesTests: XCTestCase {
    func testParsingAddressesAndRanges() {
        let (proxies, invalid) = TrustedProxies.parse(" 10.0.0.0/8, 192.0.2.10 ,fd00::/8, ::1, not-an-ip, 10.0.0.0/33, 1.2.3.4/x")
        XCTAssertEqual(invalid, ["not-an-ip", "10.0.0.0/33", "1.2.3.4/x"])
        XCTAssertEqual(proxies.ranges.count, 4)
        XCTAssertTrue(proxies.trusts(IPAddress("10.200.3.4")!))
        XCTAssertTrue(proxies.trusts(IPAddress("192.0.2.10")!))
        XCTAssertFalse(proxies.trusts(IPAddress("192.0.2.11")!))
        XCTAssertTrue(proxies.trusts(IPAddress("fd12:3456::1")!))
        XCTAssertTrue(proxies.trusts(IPAddress("::1")!))
        XCTAssertFalse(proxies.trusts(IPAddress("fe80::1")!))
        XCTAssertTrue(proxies.trusts(IPAddress("::ffff:10.1.1.1")!), "an IPv4-mapped peer matches the IPv4 range")
        XCTAssertTrue(TrustedProxies.parse("").proxies.isEmpty)
    }

    func testAddressSyntax() {
        for bad in ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01234.1.1.1", "1.2.3.-4", ":::", "1::2::3", "12345::", "g::1", "1.2.3.4 ", "unknown"] {
            XCTAssertNil(IPAddress(bad), bad)
        }
        XCTAssertEqual(IPAddress("2001:DB8:0:0:0:0:0:1")?.description, "2001:db8::1")
        XCTAssertEqual(IPAddress("[2001:db8::1]")?.description, "2001:db8::1")
        XCTAssertEqual(IPAddress("fe80::1%eth0")?.description, "fe80::1")
        XCTAssertEqual(IPAddress("::ffff:198.51.100.7")?.description, "198.51.100.7")
        XCTAssertEqual(IPAddress("::")?.description, "::")
        XCTAssertEqual(IPAddress("1:0:0:2:0:0:0:3")?.description, "1:0:0:2::3")
    }

    func testClientAddressIsTheRightMostUntrustedHop() {
        let proxies = TrustedProxies.parse("10.0.0.0/8, 192.0.2.10").proxies
        // Through two trusted proxies: the client the outer one saw.
        XCTAssertEqual(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["203.0.113.1, 198.51.100.7, 192.0.2.10"]), "198.51.100.7",
                       "a client-supplied left-hand entry (203.0.113.1) is not believed")
        XCTAssertEqual(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["203.0.113.1", "198.51.100.7"]), "198.51.100.7", "several header lines")
        // An untrusted peer's header is ignored.
        XCTAssertEqual(proxies.clientAddress(peer: "198.51.100.9", forwardedFor: ["10.0.0.1"]), "198.51.100.9")
        // A trusted peer without the header, or with only trusted hops, or with junk: the nearest trusted hop.
        XCTAssertEqual(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: []), "10.0.0.5")
        XCTAssertEqual(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["10.9.9.9"]), "10.9.9.9")
        XCTAssertEqual(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["<script>, 10.9.9.9"]), "10.9.9.9")
        XCTAssertEqual(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["2001:DB8::7"]), "2001:db8::7", "normalised")
        // Nothing configured: always the peer.
        XCTAssertEqual(TrustedProxies.none.clientAddress(peer: "10.0.0.5", forwardedFor: ["198.51.100.7"]), "10.0.0.5")
        // Padding the header costs bounded work: only the last hops are read.
        let padded = Array(repeating: "10.1.1.1", count: 10_000).joined(separator: ",")
        XCTAssertEqual(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["198.51.100.7," + padded]), "10.1.1.1")
    }
}
