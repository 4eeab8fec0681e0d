import Foundation

/// A course's targeted area, from the managed list of issue 16 part 2 (TRAIN-1: schools select from the programme by target area).
public enum TrainingArea: String, CaseIterable, Sendable, Codable {
    case autism
    case semh
    case slcn
    case cognitionLearning = "cognition-learning"
    case sensoryPhysical = "sensory-physical"
    case traumaInformed = "trauma-informed"
    case earlyYearsPortage = "early-years-portage"
    case sencoInduction = "senco-induction"

    public var label: String {
        switch self {
        case .autism: "Autism"
        case .semh: "Social, emotional and mental health (SEMH)"
        case .slcn: "Speech, language and communication"
        case .cognitionLearning: "Cognition and learning"
        case .sensoryPhysical: "Sensory and physical"
        case .traumaInformed: "Trauma-informed practice"
        case .earlyYearsPortage: "Early years and portage"
        case .sencoInduction: "SENCO induction"
        }
    }

    /// The area whose training answers a pupil's primary need (TRAIN-5: uptake beside the cohort by primary need).
    /// The SEND Code of Practice 6.28–6.35 groups needs in four broad areas; autism is split out as the programme does.
    public static func forNeed(_ need: SENNeed) -> TrainingArea? {
        switch need {
        case .asd: .autism
        case .semh: .semh
        case .slcn: .slcn
        case .spld, .mld, .sld, .pmld, .ds: .cognitionLearning
        case .hi, .vi, .msi, .pd: .sensoryPhysical
        case .oth, .nsa: nil
        }
    }
}

/// Who a course is for (TRAIN-1 `audience[]`).
public enum TrainingAudience: String, CaseIterable, Sendable, Codable {
    case senco
    case teacher
    case ta
    case eyPractitioner = "ey-practitioner"
    case governor
    case parent

    public var label: String {
        switch self {
        case .senco: "SENCO"
        case .teacher: "Teacher"
        case .ta: "Teaching assistant"
        case .eyPractitioner: "Early years practitioner"
        case .governor: "Governor"
        case .parent: "Parent or carer"
        }
    }
}

/// A course, or the annual conference: an event whose sessions run in parallel (TRAIN-4).
public enum TrainingCourseKind: String, CaseIterable, Sendable, Codable {
    case course
    case conference

    public var label: String { self == .course ? "Course" : "Conference" }
}

/// Who pays what (TRAIN-3, MET-FIN-2): maintained schools are recharged internally; academies and free schools are invoiced.
public enum TrainingBuyer: String, CaseIterable, Sendable, Codable {
    case maintained
    case academy

    public var label: String { self == .maintained ? "Maintained school" : "Academy or free school" }

    /// GIAS establishment types: academies, free schools and their special and AP variants are academies; the rest are maintained.
    public static func of(establishmentType typeName: String) -> TrainingBuyer {
        let lower = typeName.lowercased()
        return lower.contains("academ") || lower.contains("free school") ? .academy : .maintained
    }
}

/// A course's price (TRAIN-1 `tariffs[]`). Issue 16: price 0 means free to maintained schools; academies pay the
/// separate academy price when one is set, otherwise the same price.
public struct TrainingPrice: Hashable, Sendable {
    public var price: Money
    public var academyPrice: Money?

    public init(price: Money, academyPrice: Money? = nil) { self.price = price; self.academyPrice = academyPrice }

    public func price(for buyer: TrainingBuyer) -> Money {
        switch buyer {
        case .maintained: price
        case .academy: academyPrice ?? price
        }
    }

    /// True when some buyer pays: the course appears in the charges CSV.
    public var isPaid: Bool { price.pence > 0 || (academyPrice?.pence ?? 0) > 0 }

    public var label: String {
        let main = price.pence == 0 ? "Free to maintained schools" : "\(price.display) a place"
        guard let academyPrice, academyPrice != price else { return price.pence == 0 ? "Free" : main }
        return main + "; academies \(academyPrice.pence == 0 ? "free" : academyPrice.display)"
    }
}

/// A course's length, held in minutes and entered in hours ("3", "1.5").
public enum TrainingLength {
    public static func minutes(hours raw: String) -> Int? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, let value = Decimal(string: text), value > 0, value <= 100 else { return nil }
        let minutes = NSDecimalNumber(decimal: value * 60).doubleValue
        guard minutes == minutes.rounded(), minutes >= 15 else { return nil }
        return Int(minutes)
    }

    public static func label(minutes: Int) -> String {
        let hours = minutes / 60, rest = minutes % 60
        let h = hours == 0 ? "" : hours == 1 ? "1 hour" : "\(hours) hours"
        let m = rest == 0 ? "" : "\(rest) minutes"
        return [h, m].filter { !$0.isEmpty }.joined(separator: " ")
    }
}

/// An academic year, 1 September to 31 August, named by the year it starts (2026 for 2026/27).
public struct TrainingYear: Hashable, Sendable {
    public let startYear: Int
    public init(startYear: Int) { self.startYear = startYear }
    public init(containing date: CalendarDate) { startYear = date.academicYearStart }
    public var start: CalendarDate { CalendarDate(year: startYear, month: 9, day: 1) }
    public var end: CalendarDate { CalendarDate(year: startYear + 1, month: 8, day: 31) }
    public var label: String { "\(startYear)/\(String(format: "%02d", (startYear + 1) % 100))" }
    public func contains(_ date: CalendarDate) -> Bool { start <= date && date <= end }
}

/// A time of day on a session, "09:30", held as minutes after midnight.
public enum TrainingTime {
    public static func minutes(_ raw: String) -> Int? {
        let parts = raw.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
        return h * 60 + m
    }

    public static func label(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
}
