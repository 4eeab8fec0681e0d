import Foundation

/// A day of the week, numbered as ISO 8601 does (Monday = 1) so that
/// arithmetic on raw values never depends on a locale's first weekday.
public enum Weekday: Int, CaseIterable, Comparable, Hashable, Codable, Sendable, CustomStringConvertible {
    case monday = 1
    case tuesday = 2
    case wednesday = 3
    case thursday = 4
    case friday = 5
    case saturday = 6
    case sunday = 7

    /// Working days and school days are never Saturday or Sunday.
    public var isWeekend: Bool { self == .saturday || self == .sunday }

    /// English name, fixed rather than locale-dependent because letters and
    /// statutory notices are always written in English.
    public var name: String {
        switch self {
        case .monday: "Monday"
        case .tuesday: "Tuesday"
        case .wednesday: "Wednesday"
        case .thursday: "Thursday"
        case .friday: "Friday"
        case .saturday: "Saturday"
        case .sunday: "Sunday"
        }
    }

    public var description: String { name }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}
