import Foundation

/// What one authority has chosen for its Section 19 targets. Each value is nil until the council
/// sets it, and nil means the documented default in `ServiceTargets` (so a default that is later
/// corrected reaches every council that never chose its own). Stored as JSON on the authority.
public struct ServiceTargetSettings: Codable, Sendable, Equatable {
    /// HN-2 ⚠: the 15-school-day trigger.
    public var absenceTriggerDays: Int?
    /// HN-4: the referral-to-decision alert, in school days.
    public var decisionSchoolDays: Int?
    /// LOCAL: acceptance to first provision, in school days.
    public var firstProvisionSchoolDays: Int?
    /// HN-12 ⚠ (no national frequency): school days between reviews.
    public var reviewIntervalSchoolDays: Int?
    /// LOCAL: placements longer than this many terms are flagged.
    public var longPlacementTerms: Int?
    /// HN-5: full-time hours a week by key stage (raw value of `KeyStage`).
    public var fullTimeHours: [String: Double]?

    public init() {}

    public static let defaults = ServiceTargets()

    /// The targets the rules use: the council's choices over the documented defaults.
    public var targets: ServiceTargets {
        var t = ServiceTargets()
        if let v = absenceTriggerDays { t.absenceTriggerDays = v }
        if let v = decisionSchoolDays { t.decisionSchoolDays = v }
        if let v = firstProvisionSchoolDays { t.firstProvisionSchoolDays = v }
        if let v = reviewIntervalSchoolDays { t.reviewIntervalSchoolDays = v }
        if let v = longPlacementTerms { t.longPlacementTerms = v }
        for (raw, hours) in fullTimeHours ?? [:] {
            if let stage = KeyStage(rawValue: raw) { t.fullTimeHours[stage] = hours }
        }
        return t
    }

    /// Reads the stored JSON; nothing stored, or anything unreadable, is the documented defaults
    /// (a damaged setting must not stop every referral page from loading).
    public static func decode(_ json: String?) -> ServiceTargetSettings {
        guard let json, let data = json.data(using: .utf8),
              let settings = try? JSONDecoder().decode(ServiceTargetSettings.self, from: data) else { return ServiceTargetSettings() }
        return settings
    }

    /// Sorted keys so the audit trail's before → after compares like with like.
    public func encoded() -> String? {
        if self == ServiceTargetSettings() { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: - Checking what an administrator typed

    /// School-day thresholds: at least a day, at most twelve school weeks.
    public static let dayRange = 1...60
    public static let termRange = 1...12
    /// Hours a week, in half hours: the longest school week is about 32.5 hours.
    public static let hoursRange = 1.0...32.5

    /// A whole number of days or terms in `range`, or the message to show.
    public static func days(_ raw: String?, label: String, range: ClosedRange<Int>) -> Result<Int, SettingProblem> {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .failure(SettingProblem("Enter \(label)")) }
        guard let value = CouncilSettingsRules.wholeNumber(text, in: range) else {
            return .failure(SettingProblem("\(label.prefix(1).uppercased() + label.dropFirst()) must be a whole number from \(range.lowerBound) to \(range.upperBound)"))
        }
        return .success(value)
    }

    /// Hours a week from 1 to 32.5 in steps of half an hour, or the message to show.
    public static func hours(_ raw: String?, label: String) -> Result<Double, SettingProblem> {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .failure(SettingProblem("Enter the full-time hours for \(label)")) }
        let message = "Full-time hours for \(label) must be from 1 to 32.5, in half hours, like 23.5"
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.count <= 5, (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy(\.isPlainDigit),
              parts.count == 1 || (parts[1].count == 1 && (parts[1] == "0" || parts[1] == "5")), let value = Double(text),
              hoursRange.contains(value) else { return .failure(SettingProblem(message)) }
        return .success(value)
    }
}

public struct SettingProblem: Error, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
