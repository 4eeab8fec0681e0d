import XCTest
@testable import ContinuumDomain

private struct UPNVector {
    let upn: String
    let expected: String
    let computedCheckLetter: String
    let note: String
}

final class UPNTests: XCTestCase {
    // Every row of /work/shared/data/upn-test-vectors.csv (22 cases from DFEAGILEDEVOPS/MTC
    // pupil-validator.spec.js, python-stdnum 2.2 stdnum/gb/upn.py and csc-validator-be-cin 0.1.13
    // rule_1510.py), embedded because the test target has no resources.
    private let vectors: [UPNVector] = [
        UPNVector(upn: "H801200001001", expected: "valid", computedCheckLetter: "H", note: "permanent UPN; DfE UPN guidance example"),
        UPNVector(upn: "Z801200001001", expected: "invalid:check_letter", computedCheckLetter: "H", note: "expected error \"UPN invalid (wrong check letter at character 1)\""),
        UPNVector(upn: "R900400001001", expected: "invalid:la_code", computedCheckLetter: "R", note: "check letter is arithmetically correct (R) but 900 is not an LA code; expected \"UPN invalid (characters 2-4 not a recognised LA code)\""),
        UPNVector(upn: "G80120000101A", expected: "valid", computedCheckLetter: "G", note: "temporary UPN (11 digits + letter); DfE guidance example"),
        UPNVector(upn: "g80120000101a ", expected: "valid_after_normalise", computedCheckLetter: "G", note: "lowercase + trailing space accepted after upper-casing/trim"),
        UPNVector(upn: "G80120000101S", expected: "invalid:char13", computedCheckLetter: "", note: "S not allowed at char 13"),
        UPNVector(upn: "G80120000101I", expected: "invalid:char13", computedCheckLetter: "", note: "I not allowed at char 13"),
        UPNVector(upn: "G80120000101O", expected: "invalid:char13", computedCheckLetter: "", note: "O not allowed at char 13"),
        UPNVector(upn: "H813E00000121", expected: "invalid:chars5_12", computedCheckLetter: "", note: "non-numeric in chars 5-12"),
        UPNVector(upn: "H8131-0000121", expected: "invalid:chars5_12", computedCheckLetter: "", note: "non-numeric in chars 5-12"),
        UPNVector(upn: "H81311 000121", expected: "invalid:chars5_12", computedCheckLetter: "", note: "space in chars 5-12"),
        UPNVector(upn: "H8131111111E1", expected: "invalid:chars5_12", computedCheckLetter: "", note: "non-numeric in chars 5-12"),
        UPNVector(upn: "BADCODE", expected: "invalid:format", computedCheckLetter: "", note: "wrong length; MTC reports \"character 13 not a recognised value\""),
        UPNVector(upn: "B801200005001", expected: "valid", computedCheckLetter: "B", note: "permanent UPN"),
        UPNVector(upn: "A801200005001", expected: "invalid:check_letter", computedCheckLetter: "B", note: "InvalidChecksum"),
        UPNVector(upn: "X80120000A001", expected: "invalid:format", computedCheckLetter: "", note: "middle part must be numeric"),
        UPNVector(upn: "E000200005001", expected: "invalid:la_code", computedCheckLetter: "E", note: "LA number 000 not known"),
        UPNVector(upn: "A950000178301", expected: "valid_check_letter", computedCheckLetter: "A", note: "CIN rule 1510 test: passes check letter (LA 950 is not in rule 1530 list)"),
        UPNVector(upn: "H243278544154", expected: "valid_check_letter", computedCheckLetter: "H", note: "CIN rule 1510 test: passes"),
        UPNVector(upn: "X845212818005", expected: "valid_check_letter", computedCheckLetter: "X", note: "CIN rule 1510 test: passes"),
        UPNVector(upn: "R247962919251", expected: "invalid:check_letter", computedCheckLetter: "Q", note: "CIN rule 1510 test: wrong initial char"),
        UPNVector(upn: "X428558133462", expected: "invalid:check_letter", computedCheckLetter: "W", note: "CIN rule 1510 test: wrong initial char"),
    ]

    func testVectorFileIsFullyEmbedded() {
        XCTAssertEqual(vectors.count, 22)
    }

    func testComputedCheckLettersMatchTheVectors() {
        for vector in vectors where !vector.computedCheckLetter.isEmpty {
            let body = String(UPN.normalise(vector.upn).dropFirst())
            XCTAssertEqual(UPN.checkLetter(for: body).map(String.init), vector.computedCheckLetter, vector.upn)
        }
    }

    func testEveryVector() {
        for vector in vectors {
            let result = UPN.validate(vector.upn)
            let label = "\(vector.upn) (\(vector.expected)): \(vector.note)"
            switch vector.expected {
            case "valid", "valid_after_normalise":
                XCTAssertEqual(result.upn?.value, UPN.normalise(vector.upn), label)
                XCTAssertTrue(UPN.hasValidCheckLetter(vector.upn), label)
            case "invalid:check_letter":
                XCTAssertEqual(result.reason, UPN.checkLetterReason, label)
                XCTAssertFalse(UPN.hasValidCheckLetter(vector.upn), label)
            case "invalid:la_code":
                XCTAssertEqual(result.reason, UPN.laCodeReason, label)
                XCTAssertTrue(UPN.hasValidCheckLetter(vector.upn), "check letter is right: \(label)")
            case "invalid:char13":
                XCTAssertEqual(result.reason, UPN.finalCharacterReason, label)
            case "invalid:chars5_12":
                XCTAssertEqual(result.reason, UPN.digitsReason, label)
            case "invalid:format":
                let expected = vector.upn.count == 13 ? UPN.digitsReason : UPN.lengthReason
                XCTAssertEqual(result.reason, expected, label)
            case "valid_check_letter":
                XCTAssertTrue(UPN.hasValidCheckLetter(vector.upn), label)
                let laCode = String(vector.upn.dropFirst().prefix(3))
                if UPN.recognisedLACodes.contains(laCode) {
                    XCTAssertEqual(result.upn?.value, vector.upn, label)
                } else {
                    XCTAssertEqual(result.reason, UPN.laCodeReason, label)
                }
            default:
                XCTFail("unknown expectation \(vector.expected)")
            }
        }
    }

    func testPermanentAndTemporary() throws {
        let permanent = try XCTUnwrap(UPN.validate("H801200001001").upn)
        XCTAssertFalse(permanent.isTemporary)
        XCTAssertEqual(permanent.laCode, "801")
        let temporary = try XCTUnwrap(UPN.validate(" g80120000101a\n").upn)
        XCTAssertTrue(temporary.isTemporary)
        XCTAssertEqual(temporary.value, "G80120000101A")
        XCTAssertEqual(temporary.description, "G80120000101A")
    }

    func testReasonsAreDistinct() {
        let reasons = [UPN.emptyReason, UPN.lengthReason, UPN.checkLetterReason, UPN.laCodeReason,
                       UPN.digitsReason, UPN.finalCharacterReason]
        XCTAssertEqual(Set(reasons).count, reasons.count)
        XCTAssertEqual(UPN.validate("").reason, UPN.emptyReason)
        XCTAssertEqual(UPN.validate("   ").reason, UPN.emptyReason)
        XCTAssertEqual(UPN.validate("H8012000010011").reason, UPN.lengthReason)
        XCTAssertEqual(UPN.validate("HABC200001001").reason, UPN.laCodeReason)
        XCTAssertEqual(UPN.validate("H801200001001").reason, nil)
    }

    func testCheckLetterIsNeverIOrS() {
        XCTAssertEqual(UPN.checkAlphabet.count, 23)
        XCTAssertFalse(UPN.checkAlphabet.contains("I"))
        XCTAssertFalse(UPN.checkAlphabet.contains("O"))
        XCTAssertFalse(UPN.checkAlphabet.contains("S"))
        XCTAssertEqual(UPN.validate("I801200001001").reason, UPN.checkLetterReason)
        XCTAssertEqual(UPN.validate("1801200001001").reason, UPN.checkLetterReason)
    }

    func testEveryWrongCheckLetterIsCaught() {
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" where letter != "H" {
            XCTAssertEqual(UPN.validate("\(letter)801200001001").reason, UPN.checkLetterReason, "\(letter)")
        }
    }

    func testSingleDigitTyposChangeTheCheckLetter() {
        let body = Array("801200001001")
        for position in body.indices {
            for digit in "0123456789" where digit != body[position] {
                var changed = body
                changed[position] = digit
                XCTAssertFalse(UPN.hasValidCheckLetter("H" + String(changed)), "position \(position + 2) -> \(digit)")
            }
        }
    }

    func testCheckLetterHelpers() {
        XCTAssertEqual(UPN.makeCheckLetter(for: "801200001001"), "H")
        XCTAssertEqual(UPN.makeCheckLetter(for: "80120000101A"), "G")
        XCTAssertNil(UPN.checkLetter(for: "80120000101"))
        XCTAssertNil(UPN.checkLetter(for: "80120000101-"))
        XCTAssertFalse(UPN.hasValidCheckLetter("H80120000100"))
    }

    func testMakeBuildsValidPermanentUPNs() {
        let upn = UPN.make(laCode: "885", establishment: "2001", year2: 24, serial: 7)
        XCTAssertEqual(upn.value.count, 13)
        XCTAssertEqual(String(upn.value.dropFirst()), "885200124007")
        XCTAssertEqual(upn.laCode, "885")
        XCTAssertFalse(upn.isTemporary)
        XCTAssertEqual(UPN.validate(upn.value), .valid(upn))
        for serial in 0..<300 {
            let made = UPN.make(laCode: "887", establishment: "4000", year2: serial % 100, serial: serial)
            XCTAssertTrue(UPN.validate(made.value).isValid, made.value)
        }
        XCTAssertEqual(UPN.make(laCode: "801", establishment: "2000", year2: 1, serial: 1).value, "H801200001001")
    }

    func testLACodeList() {
        for code in ["801", "885", "887", "845", "201", "213", "320", "420", "938", "838", "839", "940", "941"] {
            XCTAssertTrue(UPN.recognisedLACodes.contains(code), code)
        }
        for code in ["000", "900", "243", "247", "428", "950", "999", "214"] {
            XCTAssertFalse(UPN.recognisedLACodes.contains(code), code)
        }
    }

    func testCodableAndLosslessString() throws {
        let upn = try XCTUnwrap(UPN("H801200001001"))
        let data = try JSONEncoder().encode([upn])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"["H801200001001"]"#)
        XCTAssertEqual(try JSONDecoder().decode([UPN].self, from: data), [upn])
        XCTAssertThrowsError(try JSONDecoder().decode([UPN].self, from: Data(#"["Z801200001001"]"#.utf8)))
        XCTAssertNil(UPN("BADCODE"))
    }
}
