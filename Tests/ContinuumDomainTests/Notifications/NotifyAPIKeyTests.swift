import XCTest
@testable import ContinuumDomain

final class NotifyAPIKeyTests: XCTestCase {
    let service = "26785a09-ab16-4eb0-8407-a37497a57506"
    let secret = "3d844edf-8d35-48ac-975b-e847b4f122b0"

    func testReadsServiceIDAndSecretFromTheEndWhenTheKeyNameHasHyphens() throws {
        let key = try XCTUnwrap(NotifyAPIKey("continuum-live-key-\(service)-\(secret)"))
        XCTAssertEqual(key.keyName, "continuum-live-key")
        XCTAssertEqual(key.serviceID, service)
        XCTAssertEqual(key.secretKey, secret)
        XCTAssertEqual(NotifyAPIKey("  k-\(service)-\(secret)\n")?.secretKey, secret, "surrounding whitespace from an env file is ignored")
        XCTAssertEqual(NotifyAPIKey("\(service)-\(secret)")?.serviceID, service, "the key name is optional, as Notify's clients allow")
    }

    func testRejectsMalformedKeys() {
        for bad in ["", "not-a-key", "name-\(service)\(secret)", "name-\(service)-\(secret.dropLast())",
                    "name_\(service)-\(secret)", "name-\(service)-\(secret.replacingOccurrences(of: "3", with: "g"))",
                    "-\(service)-\(secret)", "name-\(service.replacingOccurrences(of: "-", with: "x"))-\(secret)"] {
            XCTAssertNil(NotifyAPIKey(bad), "\(bad) should not parse")
        }
    }

    func testTheSecretNeverAppearsInDescriptions() throws {
        let key = try XCTUnwrap(NotifyAPIKey("k-\(service)-\(secret)"))
        var dumped = ""
        dump(key, to: &dumped)
        for text in [String(describing: key), String(reflecting: key), "\(key)", dumped] {
            XCTAssertFalse(text.contains(secret), text)
        }
    }

    func testRetryPolicyBacksOffThenGivesUpAfterFiveAttempts() {
        XCTAssertEqual((1...6).map { OutboxRetryPolicy.delayAfterFailure(attempt: $0) }, [1, 5, 30, 120, nil, nil])
        XCTAssertEqual(OutboxRetryPolicy.maxAttempts, 5)
        XCTAssertNil(OutboxRetryPolicy.delayAfterFailure(attempt: 0))
    }
}
