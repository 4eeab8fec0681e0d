import XCTest
import ContinuumDemo
@testable import ContinuumDomain

final class AttendanceFileFastPathTests: XCTestCase {
    private func parse(_ bytes: [UInt8], fastPath: Bool) -> Result<[AttendanceMark], AttendanceFileRejection> {
        bytes.withUnsafeBufferPointer { AttendanceFile.parse(buffer: $0, fastPath: fastPath) }
    }

    /// The positional fast path must accept only rows the general path accepts,
    /// with the same mark, and leave every problem to the general path.
    func testFastPathAgreesWithTheGeneralPathOnMutatedRows() {
        var random = SplitMix64(seed: 2024)
        let alphabet = Array("0123456789AMPIXY#/\\,\"- amz\0")
        let good = [
            "\(AttendanceFixtures.upn(1)),123456,2024-09-02,AM,/",
            "\(AttendanceFixtures.upn(2)),1,2024-02-29,PM,Y7",
            "G80120000101A,2147483647,2025-08-31,PM,\\",
            "\(AttendanceFixtures.upn(3)),0000000001,2023-12-01,AM,C1",
        ]
        var lines: [String] = []
        for _ in 0..<4000 {
            var characters = Array(good[random.below(good.count)])
            for _ in 0..<random.below(3) {
                let position = random.below(characters.count + 1)
                switch random.below(3) {
                case 0 where position < characters.count: characters[position] = alphabet[random.below(alphabet.count)]
                case 1: characters.insert(alphabet[random.below(alphabet.count)], at: position)
                default: if position < characters.count { characters.remove(at: position) }
                }
            }
            lines.append(String(characters))
        }
        // Each line alone, so that one bad line does not hide the others' marks.
        var accepted = 0
        for line in lines {
            let bytes = Array((AttendanceFile.header + "\n" + line + "\n").utf8)
            let fast = parse(bytes, fastPath: true), general = parse(bytes, fastPath: false)
            XCTAssertEqual(fast, general, line)
            if case .success(let marks) = fast, !marks.isEmpty { accepted += 1 }
        }
        XCTAssertGreaterThan(accepted, 500)
        XCTAssertLessThan(accepted, 3900)
        // And all together, where the date cache is shared across rows.
        let all = Array((([AttendanceFile.header] + lines).joined(separator: "\n")).utf8)
        XCTAssertEqual(parse(all, fastPath: true), parse(all, fastPath: false))
        let goodOnly = Array((([AttendanceFile.header] + lines.filter {
            if case .success = parse(Array((AttendanceFile.header + "\n" + $0).utf8), fastPath: false) { return true }
            return false
        }).joined(separator: "\n")).utf8)
        XCTAssertEqual(parse(goodOnly, fastPath: true), parse(goodOnly, fastPath: false))
    }

    func testZeroBytesAreNotACachedDate() {
        let upn = AttendanceFixtures.upn(1)
        var bytes = Array("\(AttendanceFile.header)\n\(upn),1,".utf8)
        bytes += [UInt8](repeating: 0, count: 10)
        bytes += Array(",AM,/\n".utf8)
        guard case .failure(let rejection) = parse(bytes, fastPath: true) else { return XCTFail("accepted NUL date") }
        XCTAssertEqual(rejection.problems.map(\.line), [2])
    }
}
