import Foundation

/// When someone born on 29 February has a birthday in a common year.
///
/// ⚠ The rulebook (AGE-1) asks for legal confirmation of the anniversary
/// convention. The default treats the birthday as 1 March, the day after
/// 28 February, so an age is never reached before the child has lived the
/// full number of years; `twentyEighthOfFebruary` is there if legal advice says otherwise.
public enum LeapDayBirthdayConvention: String, CaseIterable, Codable, Sendable {
    case firstOfMarch
    case twentyEighthOfFebruary

    public static let `default`: LeapDayBirthdayConvention = .firstOfMarch
}
