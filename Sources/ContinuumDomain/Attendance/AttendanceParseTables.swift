import Foundation

/// The lookup tables the attendance parser uses on every row, gathered in one
/// value: each `static let` costs a `swift_once` call per access, which was
/// a tenth of the parse time when touched per row; a parse takes this once.
struct AttendanceParseTables: Sendable {
    static let shared = AttendanceParseTables()

    /// `AttendanceCode.byteLookup`: code ids by first byte × 11 + second-byte column.
    let codeIDs: [UInt8]
    /// Per byte: its value in the UPN check sum (digits 0–9, check letters 0–22), or -1.
    let checkValues: [Int8]
    /// The check alphabet as ASCII bytes, indexed by sum mod 23.
    let checkLetters: [UInt8]
    /// Indexed by 3-digit LA number: whether `UPN.recognisedLACodes` has it.
    let recognisedLA: [Bool]

    private init() {
        codeIDs = AttendanceCode.byteLookup
        var values = [Int8](repeating: -1, count: 256)
        for digit in 0...9 { values[48 + digit] = Int8(digit) }
        for (index, letter) in UPN.checkAlphabet.enumerated() { values[Int(letter.asciiValue!)] = Int8(index) }
        checkValues = values
        checkLetters = UPN.checkAlphabet.map { $0.asciiValue! }
        var recognised = [Bool](repeating: false, count: 1000)
        for code in UPN.recognisedLACodes {
            if code.utf8.count == 3, let number = Int(code), (0..<1000).contains(number) { recognised[number] = true }
        }
        recognisedLA = recognised
    }
}
