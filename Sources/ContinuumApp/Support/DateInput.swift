import Foundation
import ContinuumDomain

/// Dates typed as YYYY-MM-DD or D/M/YYYY, the two ways council staff write them.
enum DateInput {
    static func parse(_ raw: String?) -> CalendarDate? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if let iso = CalendarDate(input: text) { return iso }
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 3, CalendarDate.plausibleYears.contains(parts[2]), CalendarDate.isValid(year: parts[2], month: parts[1], day: parts[0]) else { return nil }
        return CalendarDate(year: parts[2], month: parts[1], day: parts[0])
    }
}
