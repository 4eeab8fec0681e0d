import XCTest
@testable import ContinuumDomain

final class TypedIDTests: XCTestCase {
    func testEncodesAsBareUUID() throws {
        let uuid = try XCTUnwrap(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"))
        let id = ChildID(uuid)
        let data = try JSONEncoder().encode([id])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"["E621E1F8-C36C-495A-93FC-0C247A3E6E5F"]"#)
        XCTAssertEqual(try JSONDecoder().decode([ChildID].self, from: data), [id])
        XCTAssertThrowsError(try JSONDecoder().decode([ChildID].self, from: Data(#"["nope"]"#.utf8)))
    }

    func testStringRoundTrip() throws {
        let id = EstablishmentID()
        XCTAssertEqual(id.description, id.rawValue.uuidString.lowercased())
        XCTAssertEqual(EstablishmentID(id.description), id)
        XCTAssertEqual(EstablishmentID(id.rawValue.uuidString), id)
        XCTAssertNil(UserID("not-a-uuid"))
        XCTAssertEqual(PersonID(rawValue: id.rawValue).rawValue, id.rawValue)
    }

    func testFreshIDsDiffer() {
        let ids = Set((0..<100).map { _ in AuthorityID() })
        XCTAssertEqual(ids.count, 100)
    }
}
