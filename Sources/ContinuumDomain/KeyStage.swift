import Foundation

/// A stage of schooling derived from the national curriculum year.
// Education Act 2002 s.82: KS1 ages 6–7, KS2 8–11, KS3 12–14, KS4 15 to end of compulsory school age.
public enum KeyStage: String, CaseIterable, Codable, Sendable {
    /// The early years foundation stage: nursery and Reception.
    case earlyYears
    case ks1
    case ks2
    case ks3
    case ks4
    /// Years 12 and over; "key stage 5" is not a statutory term.
    case post16

    /// 1–4 for the statutory key stages, nil otherwise, because reports and
    /// the CLI only number the four defined in s.82.
    public var number: Int? {
        switch self {
        case .ks1: 1
        case .ks2: 2
        case .ks3: 3
        case .ks4: 4
        case .earlyYears, .post16: nil
        }
    }

    public var displayName: String {
        switch self {
        case .earlyYears: "Early years foundation stage"
        case .ks1: "Key stage 1"
        case .ks2: "Key stage 2"
        case .ks3: "Key stage 3"
        case .ks4: "Key stage 4"
        case .post16: "Post-16"
        }
    }
}
