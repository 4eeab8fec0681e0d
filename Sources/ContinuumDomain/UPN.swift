import Foundation

/// A Unique Pupil Number: a check letter, the 3-digit DfE number of the
/// issuing local authority, the 4-digit establishment number, 2 digits for
/// the year of issue and a 3-character serial. A temporary UPN ends in a
/// letter instead of a digit.
// DfE "Unique pupil numbers (UPNs): guidance for schools and local authorities" (gov.uk/government/publications/unique-pupil-numbers).
public struct UPN: Hashable, Sendable, CustomStringConvertible {
    /// The 13 normalised characters, such as "H801200001001".
    public let value: String
    /// True when character 13 is a letter (a temporary UPN awaiting a permanent one).
    public let isTemporary: Bool
    /// Characters 2–4: the DfE local authority number of the issuing authority.
    public let laCode: String

    private init(normalised value: String) {
        self.value = value
        isTemporary = value.last.map { !$0.isNumber } ?? false
        laCode = String(value.dropFirst().prefix(3))
    }

    public var description: String { value }

    // MARK: - Reasons

    public static let emptyReason = "Enter a UPN"
    public static let lengthReason = "UPN must be 13 characters"
    public static let checkLetterReason = "the check letter is wrong (character 1)"
    public static let laCodeReason = "characters 2–4 are not a recognised local authority code"
    public static let digitsReason = "characters 5–12 must be digits"
    public static let finalCharacterReason = "character 13 must be a digit or a letter other than I, O or S"

    // MARK: - Validation

    /// Trims surrounding whitespace and upper-cases, then checks layout,
    /// check letter and LA number.
    ///
    /// The check letter is tested before membership of the LA list, so a
    /// mistyped UPN is reported as a wrong check letter; an arithmetically
    /// correct UPN from an unknown authority gets the LA reason.
    public static func validate(_ raw: String) -> UPNValidation {
        let text = normalise(raw)
        if text.isEmpty { return .invalid(reason: emptyReason) }
        let characters = Array(text)
        guard characters.count == 13 else { return .invalid(reason: lengthReason) }
        guard characters[4..<12].allSatisfy(isASCIIDigit) else { return .invalid(reason: digitsReason) }
        let last = characters[12]
        guard isASCIIDigit(last) || checkAlphabet.contains(last) else { return .invalid(reason: finalCharacterReason) }
        guard characters[1..<4].allSatisfy(isASCIIDigit) else { return .invalid(reason: laCodeReason) }
        guard checkLetter(for: String(characters[1...])) == characters[0] else {
            return .invalid(reason: checkLetterReason)
        }
        guard recognisedLACodes.contains(String(characters[1..<4])) else { return .invalid(reason: laCodeReason) }
        return .valid(UPN(normalised: text))
    }

    public static func normalise(_ raw: String) -> String {
        raw.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
    }

    // MARK: - Check letter

    /// Check letters for remainders 0...22; I, O and S are left out because
    /// they are easily read as 1, 0 and 5.
    // DfE UPN guidance, check letter table: A B C D E F G H J K L M N P Q R T U V W X Y Z = 0–22.
    public static let checkAlphabet: [Character] = Array("ABCDEFGHJKLMNPQRTUVWXYZ")

    /// The check letter for characters 2–13, or nil if any of them is not a
    /// digit or a check-alphabet letter.
    // DfE UPN guidance: sum of each of characters 2–13 × its position (2–13), mod 23, indexes the check alphabet;
    // a letter at character 13 counts as its check-alphabet value (as python-stdnum stdnum/gb/upn.py computes it).
    public static func checkLetter(for twelveCharacters: String) -> Character? {
        let characters = Array(twelveCharacters)
        guard characters.count == 12 else { return nil }
        var sum = 0
        for (offset, character) in characters.enumerated() {
            guard let value = characterValue(character) else { return nil }
            sum += (offset + 2) * value
        }
        return checkAlphabet[sum % 23]
    }

    /// As `checkLetter(for:)`, for callers that already know the characters are well formed.
    public static func makeCheckLetter(for twelveChars: String) -> Character {
        guard let letter = checkLetter(for: twelveChars) else {
            preconditionFailure("UPN body must be 12 digits or check-alphabet letters, got \"\(twelveChars)\"")
        }
        return letter
    }

    /// Whether character 1 matches characters 2–13, ignoring the LA list.
    public static func hasValidCheckLetter(_ raw: String) -> Bool {
        let characters = Array(normalise(raw))
        guard characters.count == 13 else { return false }
        return checkLetter(for: String(characters[1...])) == characters[0]
    }

    /// A permanent UPN for demonstration data: LA number (3 digits) +
    /// establishment number (4) + 2-digit year of allocation + 3-digit serial.
    public static func make(laCode: String, establishment: String, year2: Int, serial: Int) -> UPN {
        precondition(laCode.count == 3 && laCode.allSatisfy(isASCIIDigit), "LA code must be 3 digits")
        precondition(establishment.count == 4 && establishment.allSatisfy(isASCIIDigit), "establishment must be 4 digits")
        precondition((0...99).contains(year2), "year must be 0...99")
        precondition((0...999).contains(serial), "serial must be 0...999")
        let body = laCode + establishment + padded(year2, 2) + padded(serial, 3)
        return UPN(normalised: String(makeCheckLetter(for: body)) + body)
    }

    private static func characterValue(_ character: Character) -> Int? {
        if let digit = character.asciiValue, digit >= 48, digit <= 57 { return Int(digit) - 48 }
        return checkAlphabet.firstIndex(of: character)
    }

    private static func isASCIIDigit(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return ascii >= 48 && ascii <= 57
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    // MARK: - Local authority numbers

    /// DfE 3-digit LA numbers accepted in characters 2–4, including codes of
    /// authorities since merged or abolished, because UPNs keep the number of
    /// the authority that issued them.
    // python-stdnum 2.2 stdnum/gb/upn.py `_la_numbers` (LGPL-2.1+), from DfE "New local authority codes January 2011".
    public static let recognisedLACodes: Set<String> = {
        let stdnum = [
            201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213,
            301, 302, 303, 304, 305, 306, 307, 308, 309, 310, 311, 312, 313, 314, 315, 316, 317, 318, 319, 320,
            330, 331, 332, 333, 334, 335, 336, 340, 341, 342, 343, 344,
            350, 351, 352, 353, 354, 355, 356, 357, 358, 359,
            370, 371, 372, 373, 380, 381, 382, 383, 384, 390, 391, 392, 393, 394, 420,
            800, 801, 802, 803, 805, 806, 807, 808, 810, 811, 812, 813, 815, 816,
            821, 822, 823, 825, 826, 830, 831, 835, 836, 837, 840, 841, 845, 846,
            850, 851, 852, 855, 856, 857, 860, 861, 865, 866, 867, 868, 869, 870,
            871, 872, 873, 874, 876, 877, 878, 879, 880, 881, 882, 883, 884, 885,
            886, 887, 888, 889, 890, 891, 892, 893, 894, 895, 896, 908, 909, 916,
            919, 921, 925, 926, 928, 929, 931, 933, 935, 936, 937, 938,
        ]
        // Authorities created after 2011, whose schools issue UPNs with their new numbers:
        // Dorset 838 and Bournemouth, Christchurch and Poole 839 (2019); North and West
        // Northamptonshire 940, 941 (2021); Cumberland 942, Westmorland and Furness 943 (2023).
        let since2011 = [838, 839, 940, 941, 942, 943]
        return Set((stdnum + since2011).map(String.init))
    }()
}

extension UPN: LosslessStringConvertible {
    public init?(_ description: String) {
        guard let upn = Self.validate(description).upn else { return nil }
        self = upn
    }
}

extension UPN: Codable {
    /// Encoded as the bare 13-character string, as the DfE's own formats hold it.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        switch Self.validate(text) {
        case .valid(let upn): self = upn
        case .invalid(let reason):
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid UPN \"\(text)\": \(reason)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
