import Foundation

/// A versioned band framework (TOPUP-4, HNF-3, LOCAL): a council's table of top-up bands, in force from
/// a date. Each award records the version it was made under, so a new framework never silently re-prices
/// an old award.
public struct BandFramework: Hashable, Sendable {
    public struct Band: Hashable, Sendable {
        public let code: String
        public let descriptor: String
        public let annual: Money
        /// The settings the band may be used in; empty means any setting.
        public let settingTypes: Set<PlacementType>

        public init(code: String, descriptor: String, annual: Money, settingTypes: Set<PlacementType> = []) {
            self.code = code; self.descriptor = descriptor; self.annual = annual; self.settingTypes = settingTypes
        }

        // TOPUP-4: Band(code, descriptor, annual_amount, setting_types[]); no setting types means every setting.
        public func applies(to type: PlacementType) -> Bool { settingTypes.isEmpty || settingTypes.contains(type) }
    }

    public let name: String
    public let version: Int
    public let effectiveFrom: CalendarDate
    /// The last day it is in force; nil while no later framework replaces it.
    public let effectiveTo: CalendarDate?
    public let bands: [Band]

    public init(name: String, version: Int, effectiveFrom: CalendarDate, effectiveTo: CalendarDate? = nil, bands: [Band]) {
        self.name = name; self.version = version; self.effectiveFrom = effectiveFrom; self.effectiveTo = effectiveTo; self.bands = bands
    }

    /// Band codes match whatever their case ("b2" is "B2").
    public func band(_ code: String) -> Band? { bands.first { $0.code.caseInsensitiveCompare(code) == .orderedSame } }

    public func isInForce(on date: CalendarDate) -> Bool { effectiveFrom <= date && (effectiveTo.map { date <= $0 } ?? true) }

    /// "London Banding version 2".
    public var label: String { "\(name) version \(version)" }
}

/// Which framework is in force on a date (TOPUP-4).
public enum BandFrameworks {
    // TOPUP-4: the framework in force on a date is the one with the latest effective_from on or before it (then the highest version), within its effective_to.
    public static func current(_ frameworks: [BandFramework], on date: CalendarDate) -> BandFramework? {
        frameworks.filter { $0.effectiveFrom <= date }
            .max { ($0.effectiveFrom, $0.version) < ($1.effectiveFrom, $1.version) }
            .flatMap { $0.isInForce(on: date) ? $0 : nil }
    }

    // TOPUP-4: a framework runs until the day before the next one starts, unless it was given an earlier end.
    public static func effectiveTo(of framework: BandFramework, among frameworks: [BandFramework]) -> CalendarDate? {
        let next = frameworks.filter { $0.effectiveFrom > framework.effectiveFrom }.map(\.effectiveFrom).min()
        return next.map { $0.adding(days: -1) }
    }
}

/// A panel's decision on a band (TOPUP-4): the band the school or family asked for, the band awarded,
/// and the panel's reason, which is required whenever the two differ.
public struct BandDecision: Hashable, Sendable {
    public let requested: String?
    public let awarded: String?
    public let reason: String?

    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        case reasonRequired(requested: String, awarded: String?)
        case unknownBand(field: String, code: String, framework: String)
        case bandWithoutFramework

        public var field: String {
            switch self {
            case .reasonRequired: "reason"
            case let .unknownBand(field, _, _): field
            case .bandWithoutFramework: "awarded-band"
            }
        }

        public var description: String {
            switch self {
            case let .reasonRequired(requested, awarded):
                "Enter the panel's reason for awarding \(awarded.map { "band \($0)" } ?? "no band") when band \(requested) was requested"
            case let .unknownBand(field, code, framework):
                "\(field == "requested-band" ? "Requested" : "Awarded") band \(code) is not a band of \(framework)"
            case .bandWithoutFramework: "No band framework is in force on the start date: leave the bands empty, or import a framework first"
            }
        }
    }

    // TOPUP-4: panel decisions record requested band, awarded band and reason; the reason is required when the awarded band differs from the requested one.
    public static func make(requested: String?, awarded: String?, reason: String?, framework: BandFramework?) -> Result<BandDecision, Problem> {
        func clean(_ s: String?) -> String? { s.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } }
        var requested = clean(requested), awarded = clean(awarded)
        let reason = clean(reason)
        if requested != nil || awarded != nil {
            guard let framework else { return .failure(.bandWithoutFramework) }
            for (field, code) in [("requested-band", requested), ("awarded-band", awarded)] {
                if let code, framework.band(code) == nil { return .failure(.unknownBand(field: field, code: code, framework: framework.label)) }
            }
            requested = requested.flatMap { framework.band($0)?.code }
            awarded = awarded.flatMap { framework.band($0)?.code }
        }
        if let requested, requested != awarded, reason == nil { return .failure(.reasonRequired(requested: requested, awarded: awarded)) }
        return .success(BandDecision(requested: requested, awarded: awarded, reason: reason))
    }

    public var differs: Bool { requested != nil && requested != awarded }
}
