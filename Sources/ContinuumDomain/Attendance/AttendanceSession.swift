import Foundation

/// The morning or afternoon registration session of a school day.
// SI 2024/208 reg 10(1): the attendance register is taken at the start of the morning session and once during the afternoon session.
public enum AttendanceSession: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case am = 0
    case pm = 1

    /// "AM" or "PM", as written in attendance files.
    public var description: String { self == .am ? "AM" : "PM" }

    /// Exactly "AM" or "PM"; the import is strict so that a stray space or
    /// lower case is reported rather than guessed at.
    public init?(_ text: String) {
        switch text {
        case "AM": self = .am
        case "PM": self = .pm
        default: return nil
        }
    }
}
