import XCTest
@testable import ContinuumPlanning

final class ProtobufTests: XCTestCase {
    func testReadsVarintsStringsPackedAndZigZag() throws {
        // field 1 varint 150 (08 96 01); field 2 string "testing"; field 3 packed [3, 270, 86942]; field 4 fixed32.
        let bytes: [UInt8] = [0x08, 0x96, 0x01, 0x12, 0x07] + Array("testing".utf8)
            + [0x1A, 0x06, 0x03, 0x8E, 0x02, 0x9E, 0xA7, 0x05, 0x25, 1, 2, 3, 4, 0x08, 0x01]
        var reader = ProtobufReader(bytes)
        var fields: [Int] = []
        var packed: [UInt64] = []
        var unpacked: [UInt64] = []
        while let field = try reader.nextField() {
            fields.append(field.number)
            switch field.number {
            case 1 where unpacked.isEmpty && fields.count == 1: XCTAssertEqual(try reader.varint(), 150)
            case 1: try reader.repeatedVarints(field.wireType, into: &unpacked)
            case 2: XCTAssertEqual(try reader.string(), "testing")
            case 3: try reader.repeatedVarints(field.wireType, into: &packed)
            default: try reader.skip(field.wireType)
            }
        }
        XCTAssertEqual(fields, [1, 2, 3, 4, 1])
        XCTAssertEqual(packed, [3, 270, 86942])
        XCTAssertEqual(unpacked, [1])
        XCTAssertEqual(ProtobufReader.zigzag(0), 0)
        XCTAssertEqual(ProtobufReader.zigzag(1), -1)
        XCTAssertEqual(ProtobufReader.zigzag(2), 1)
        XCTAssertEqual(ProtobufReader.zigzag(4_294_967_294), 2_147_483_647)
        XCTAssertEqual(ProtobufReader.zigzag(4_294_967_295), -2_147_483_648)
    }

    func testTruncatedMessagesThrow() {
        var cut = ProtobufReader([0x12, 0x07, 0x61])
        XCTAssertNotNil(try cut.nextField())
        XCTAssertThrowsError(try cut.lengthDelimited())
        var endless = ProtobufReader([0x08, 0xFF, 0xFF])
        _ = try? endless.nextField()
        XCTAssertThrowsError(try endless.varint())
        var badWire = ProtobufReader([0x0B])
        XCTAssertThrowsError(try badWire.nextField())
    }
}
