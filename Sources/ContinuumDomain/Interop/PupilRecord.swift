import Foundation

/// One pupil read from a Common Transfer File or a pupils CSV, already checked: what the importer
/// creates or updates a child from. `position` names where it came from ("Pupil 3", "line 4").
public struct PupilRecord: Sendable, Equatable {
    /// How a file names the pupil's home school: the URN, or the DfE LA number and establishment number.
    public enum School: Sendable, Hashable, CustomStringConvertible {
        case urn(Int)
        case laEstab(la: String, estab: String)

        public var description: String {
            switch self {
            case .urn(let urn): "URN \(urn)"
            case .laEstab(let la, let estab): "LA \(la) establishment \(estab)"
            }
        }
    }

    public let position: String
    public let upn: UPN
    public let legalForename: String
    public let legalSurname: String
    public let preferredName: String?
    public let dateOfBirth: CalendarDate
    /// "M", "F" or "U" (not known), the codes `Child.sex` holds.
    public let sex: String
    public let school: School?
    public let postcode: Postcode?
    public let senProvision: SENProvision
    public let primaryNeed: SENNeed?
    public let secondaryNeed: SENNeed?
    /// False when the source has no place for a secondary need (the pupils CSV), so an import
    /// must not clear one recorded by hand.
    public let carriesSecondaryNeed: Bool
    /// The national curriculum year the school teaches the pupil in (the CTF `NCyearActual` code,
    /// checked), when the file gives it.
    public let ncYearActual: String?
    /// How many years the pupil is taught from their chronological year (actual − chronological,
    /// in the school year the file describes); nil when they are in their own year, when the code
    /// is X (not following the national curriculum) or when the file gives no year.
    public let ncYearOffset: Int?

    public init(position: String, upn: UPN, legalForename: String, legalSurname: String, preferredName: String?,
                dateOfBirth: CalendarDate, sex: String, school: School?, postcode: Postcode?, senProvision: SENProvision,
                primaryNeed: SENNeed?, secondaryNeed: SENNeed?, carriesSecondaryNeed: Bool, ncYearActual: String? = nil,
                ncYearOffset: Int? = nil) {
        self.position = position; self.upn = upn; self.legalForename = legalForename; self.legalSurname = legalSurname
        self.preferredName = preferredName; self.dateOfBirth = dateOfBirth; self.sex = sex; self.school = school
        self.postcode = postcode; self.senProvision = senProvision; self.primaryNeed = primaryNeed
        self.secondaryNeed = secondaryNeed; self.carriesSecondaryNeed = carriesSecondaryNeed; self.ncYearActual = ncYearActual
        self.ncYearOffset = ncYearOffset
    }

    /// Whether the source said which year the pupil is taught in, so an import may replace (or
    /// clear) the stored difference; a source without it leaves the stored one alone.
    public var carriesActualYear: Bool { ncYearActual != nil }

    /// The offset to store for an `NCyearActual` code read on `date`: nil for X (the
    /// chronological year then applies, Education Act 2002 s.82(3)) and for the pupil's own year.
    // Rulebook AGE-3: store ncy_actual where it differs from ncy_chronological.
    public static func yearOffset(code: String, dateOfBirth: CalendarDate, on date: CalendarDate) -> Int? {
        guard case .year(let actual)? = AgeAndStage.actualYearCode(code) else { return nil }
        return AgeAndStage.yearOffset(actualYearGroup: actual, dateOfBirth: dateOfBirth, on: date)
    }
}

/// The checks every way a child's details come in (CTF, pupils CSV, the form) shares, so the
/// same input is accepted or refused the same way on every path.
public enum ChildDetailRules {
    /// The oldest a person can be and still be a child or young person this service works with.
    // Children and Families Act 2014 s83 / SEND Code of Practice 2015 para 1.1: SEND duties run from birth to 25.
    public static let oldestAgeInYears = 25
    /// Longest name accepted: long enough for any real name, short enough to bound storage.
    public static let nameLimit = 100

    public enum BirthDateProblem: Error, Sendable, Equatable {
        case notARealDate, inTheFuture, tooOld
    }

    /// A date of birth that is a real YYYY-MM-DD date, not after today and no more than 25 years ago.
    public static func birthDate(_ raw: String, today: CalendarDate) -> Result<CalendarDate, BirthDateProblem> {
        guard let date = CalendarDate(input: raw.trimmingCharacters(in: .whitespaces)) else { return .failure(.notARealDate) }
        if date > today { return .failure(.inTheFuture) }
        if date < today.adding(years: -oldestAgeInYears) { return .failure(.tooOld) }
        return .success(date)
    }

    /// The sex code a child's record holds, or nil when the value is not one of them.
    /// Blank is "U" (not known): the CTF and census allow a pupil's sex to be unrecorded.
    // School census / CTF pupil Sex (formerly Gender): M male, F female; U not known.
    public static func sexCode(_ raw: String) -> String? {
        let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
        switch code {
        case "M", "F", "U": return code
        case "": return "U"
        default: return nil
        }
    }

    /// SEN provision from a census or CTF code, also reading the pre-2014 School Action (A) and
    /// School Action Plus (P) codes as SEN support, so older CTF histories still import.
    // SEND Code of Practice 2014 para 6.58: SEN support replaced School Action and School Action Plus.
    public static func provision(_ raw: String) -> SENProvision? {
        let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
        if code == "A" || code == "P" { return .senSupport }
        return SENProvision(censusCode: code)
    }
}
