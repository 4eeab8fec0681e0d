import Foundation

/// A percentage held as tenths of a per cent, so figures are exact and print with one decimal place.
public struct Tenths: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let value: Int
    public init(_ value: Int) { self.value = value }

    /// numerator ÷ denominator × 100 to one decimal place, halves rounded up; 0.0 when the denominator is 0.
    public static func percent(_ numerator: Int, of denominator: Int) -> Tenths {
        guard denominator > 0 else { return Tenths(0) }
        return Tenths((numerator * 2000 + denominator) / (2 * denominator))
    }

    /// "3.2".
    public var description: String { "\(value / 10).\(abs(value % 10))" }
    public static func < (a: Tenths, b: Tenths) -> Bool { a.value < b.value }
}

/// The NEET and not-known figures for one month's last day (issue 17, rulebook P16-5, NCCIS-2).
public struct NEETFigures: Hashable, Sendable {
    public var month: NCCISMonth
    /// Everyone in the academic-age 16–17 cohort, the excluded included.
    public var cohort = 0
    public var eet = 0
    public var neet = 0
    public var notKnown = 0
    public var excluded = 0

    public init(month: NCCISMonth) { self.month = month }

    public mutating func add(_ countsAs: NCCISCountsAs) {
        cohort += 1
        switch countsAs {
        case .participating: eet += 1
        case .neet: neet += 1
        case .notKnown: notKnown += 1
        case .excluded: excluded += 1
        }
    }

    // Rulebook P16-5: young people in custody are excluded from the denominator.
    public var denominator: Int { cohort - excluded }
    public var neetPercent: Tenths { .percent(neet, of: denominator) }
    public var notKnownPercent: Tenths { .percent(notKnown, of: denominator) }
    public var neetOrNotKnownPercent: Tenths { .percent(neet + notKnown, of: denominator) }

    /// The `report neet` object, keys in the order.
    public var json: String {
        "{\"month\":\"\(month)\",\"cohort\":\(cohort),\"eet\":\(eet),\"neet\":\(neet),\"not_known\":\(notKnown),\"excluded\":\(excluded),"
            + "\"neet_pct\":\(neetPercent),\"not_known_pct\":\(notKnownPercent),\"neet_or_not_known_pct\":\(neetOrNotKnownPercent)}"
    }

    /// The month's figures from each young person's date of birth and spells.
    public static func count(month: NCCISMonth, people: [(dateOfBirth: CalendarDate, spells: [Post16Spell])], codes: NCCISCodeSet) -> NEETFigures {
        let day = month.lastDay
        var figures = NEETFigures(month: month)
        for person in people where Post16Cohort.isAcademicAge16To17(dateOfBirth: person.dateOfBirth, on: day) {
            figures.add(Post16Activity.on(day, spells: person.spells, codes: codes).countsAs)
        }
        return figures
    }
}

/// The headline NEET and not-known rate: the mean of end-of-month snapshots (rulebook P16-5).
public struct NEETHeadline: Hashable, Sendable {
    /// Rulebook P16-5: December, January and February (⚠ NI 117 used November to January), so the set is configuration.
    public static let defaultMonths = [12, 1, 2]

    public let year: Int
    public let snapshots: [NEETFigures]

    /// The snapshot months for headline `year`: the months of the academic year that ends in `year`, so December is
    /// the December before and January and February are in `year`.
    public static func months(year: Int, monthsOfYear: [Int] = defaultMonths) -> [NCCISMonth] {
        monthsOfYear.map { NCCISMonth(year: $0 >= 9 ? year - 1 : year, month: $0) }
    }

    public init(year: Int, snapshots: [NEETFigures]) { self.year = year; self.snapshots = snapshots }

    /// The mean of the snapshots' rates, exactly (each rate a fraction over a common denominator, in 128 bits so three
    /// county-sized denominators cannot overflow), then to one decimal place with halves rounded up.
    private func mean(_ pick: (NEETFigures) -> Int) -> Tenths {
        let usable = snapshots.filter { $0.denominator > 0 }
        guard !usable.isEmpty else { return Tenths(0) }
        let common = usable.reduce(Int128(1)) { $0 * Int128($1.denominator) }
        let numerator = usable.reduce(Int128(0)) { $0 + Int128(pick($1)) * (common / Int128($1.denominator)) }
        let denominator = common * Int128(usable.count)
        return Tenths(Int((numerator * 2000 + denominator) / (2 * denominator)))
    }

    public var neetPercent: Tenths { mean(\.neet) }
    public var notKnownPercent: Tenths { mean(\.notKnown) }
    public var neetOrNotKnownPercent: Tenths { mean { $0.neet + $0.notKnown } }

    public var json: String {
        "{\"headline\":\(year),\"months\":[" + snapshots.map { "\"\($0.month)\"" }.joined(separator: ",") + "],"
            + "\"neet_pct\":\(neetPercent),\"not_known_pct\":\(notKnownPercent),\"neet_or_not_known_pct\":\(neetOrNotKnownPercent),"
            + "\"snapshots\":[" + snapshots.map(\.json).joined(separator: ",") + "]}"
    }
}
