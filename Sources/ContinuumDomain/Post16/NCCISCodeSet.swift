import Foundation

/// How a current-activity code is counted in the NEET figures (money-and-engagement NCCIS-1, NCCIS-2).
public enum NCCISCountsAs: String, CaseIterable, Sendable, Codable {
    /// In education, employment or training (EET).
    case participating
    case neet
    case notKnown = "not_known"
    /// Left out of the denominator: custody (rulebook P16-5).
    case excluded

    public var label: String {
        switch self {
        case .participating: "In education, employment or training"
        case .neet: "NEET"
        case .notKnown: "Not known"
        case .excluded: "Excluded (custody)"
        }
    }
}

/// One current-activity code of one MI-requirement year.
public struct NCCISActivityCode: Hashable, Sendable {
    public let code: Int
    public let label: String
    public let group: String
    public let countsAs: NCCISCountsAs
    /// NCCIS-2: hours are needed to tell part-time from full-time participation.
    public let hoursRequired: Bool
    /// Issue 17: apprenticeships, traineeships and supported internships are recorded with the employer.
    public let employerRequired: Bool
    /// Days after the last confirmation on which the record lapses to "not known"; nil for codes that never lapse
    /// (the not-known codes themselves).
    public let currencyDays: Int?

    public init(code: Int, label: String, group: String, countsAs: NCCISCountsAs, hoursRequired: Bool = false,
                employerRequired: Bool = false, currencyDays: Int?) {
        self.code = code; self.label = label; self.group = group; self.countsAs = countsAs
        self.hoursRequired = hoursRequired; self.employerRequired = employerRequired; self.currencyDays = currencyDays
    }

    /// "310 Apprenticeship".
    public var title: String { "\(code) \(label)" }
}

/// The code list and currency periods of one MI-requirement year. Rulebook P16-3 and NCCIS-1: loaded from data for each
/// year (`Resources/nccis-activity-codes-YYYY.csv`), never constants, so a new year's requirement is a new file.
public struct NCCISCodeSet: Sendable {
    /// The academic year the requirement applies to, named by the year its September falls in. ⚠ The MI requirement's own
    /// year boundary was not retrieved; September to August is the documented default.
    public let miYear: Int
    public let codes: [Int: NCCISActivityCode]

    public init(miYear: Int, codes: [NCCISActivityCode]) {
        self.miYear = miYear
        self.codes = Dictionary(codes.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public subscript(code: Int) -> NCCISActivityCode? { codes[code] }
    public var sorted: [NCCISActivityCode] { codes.values.sorted { $0.code < $1.code } }

    /// The MI years with a bundled file.
    public static let bundledYears = [2025, 2026]

    /// The MI year whose requirement applies on `date`: its academic year, held to the years there is a file for
    /// (the earliest file before them, the latest after).
    public static func miYear(for date: CalendarDate) -> Int {
        min(max(date.academicYearStart, bundledYears.first!), bundledYears.last!)
    }

    public static func bundled(for date: CalendarDate) -> NCCISCodeSet { bundled(miYear: miYear(for: date)) }

    private static let loaded: [Int: NCCISCodeSet] = {
        var sets: [Int: NCCISCodeSet] = [:]
        for year in bundledYears {
            let file = "nccis-activity-codes-\(year).csv"
            do { sets[year] = try parse(csv: BundledResource.data(file), fileName: file, miYear: year) } catch { fatalError("ContinuumDomain: \(error)") }
        }
        return sets
    }()

    public static func bundled(miYear: Int) -> NCCISCodeSet {
        loaded[min(max(miYear, bundledYears.first!), bundledYears.last!)]!
    }

    public static let header = ["code", "label", "group", "counts_as", "hours_required", "employer_required", "currency_days"]

    /// Reads one year's file, refusing anything it does not understand, so a mistyped file fails loudly rather than
    /// miscounting a return.
    public static func parse(csv: Data, fileName: String, miYear: Int) throws -> NCCISCodeSet {
        var rows = CSVParser.rows(csv)
        guard let first = rows.first, first == header else {
            throw BundledDataError.unexpectedHeader(file: fileName, found: rows.first?.joined(separator: ",") ?? "")
        }
        rows.removeFirst()
        var codes: [NCCISActivityCode] = []
        var seen = Set<Int>()
        for (offset, row) in rows.enumerated() where !(row.count == 1 && row[0].isEmpty) {
            let line = offset + 2
            guard row.count == header.count else { throw BundledDataError.malformedRow(file: fileName, line: line, reason: "expected \(header.count) fields") }
            guard let code = Int(row[0]), (100...999).contains(code), seen.insert(code).inserted else {
                throw BundledDataError.malformedRow(file: fileName, line: line, reason: "code \(row[0]) is not a new three-digit code")
            }
            guard let countsAs = NCCISCountsAs(rawValue: row[3]) else {
                throw BundledDataError.malformedRow(file: fileName, line: line, reason: "counts_as \(row[3]) is not one of participating, neet, not_known, excluded")
            }
            guard let hours = Bool(row[4]), let employer = Bool(row[5]) else {
                throw BundledDataError.malformedRow(file: fileName, line: line, reason: "hours_required and employer_required must be true or false")
            }
            let days: Int?
            if row[6].isEmpty { days = nil } else {
                guard let d = Int(row[6]), d > 0 else { throw BundledDataError.malformedRow(file: fileName, line: line, reason: "currency_days must be a positive number of days or empty") }
                days = d
            }
            codes.append(NCCISActivityCode(code: code, label: row[1], group: row[2], countsAs: countsAs, hoursRequired: hours,
                                           employerRequired: employer, currencyDays: days))
        }
        return NCCISCodeSet(miYear: miYear, codes: codes)
    }
}
