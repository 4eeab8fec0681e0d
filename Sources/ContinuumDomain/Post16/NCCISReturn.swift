import Foundation

/// The monthly NCCIS return (rulebook P16-3, NCCIS-3): one record per young person in the cohort on the month's last day.
/// ⚠ The MI requirement's exact file layout was not retrieved; the fields are those NCCIS-3 lists for its young person,
/// current activity, characteristics and September Guarantee datasets, in one flat CSV row each.
public struct NCCISRecord: Hashable, Sendable {
    public var reference: String
    public var upn: String?
    public var uln: String?
    public var forename: String
    public var surname: String
    public var dateOfBirth: CalendarDate
    public var hasEHCPlan: Bool
    public var senSupport: Bool
    public var basis: Post16Cohort.Basis
    public var activity: Post16CurrentActivity
    public var provider: String?
    public var employer: String?
    public var careExperienced: Bool
    public var youngCarer: Bool
    public var youngParent: Bool
    public var guaranteeCohort: SeptemberGuaranteeCohort?
    public var guaranteeOffer: SeptemberGuaranteeOfferStatus?
    /// NCCIS-5: a Section 19 service in Year 11 is flagged on the cohort.
    public var s19InYear11: Bool

    public init(reference: String, upn: String?, uln: String?, forename: String, surname: String, dateOfBirth: CalendarDate,
                hasEHCPlan: Bool, senSupport: Bool, basis: Post16Cohort.Basis, activity: Post16CurrentActivity, provider: String?,
                employer: String?, careExperienced: Bool, youngCarer: Bool, youngParent: Bool,
                guaranteeCohort: SeptemberGuaranteeCohort?, guaranteeOffer: SeptemberGuaranteeOfferStatus?, s19InYear11: Bool) {
        self.reference = reference; self.upn = upn; self.uln = uln; self.forename = forename; self.surname = surname
        self.dateOfBirth = dateOfBirth; self.hasEHCPlan = hasEHCPlan; self.senSupport = senSupport; self.basis = basis
        self.activity = activity; self.provider = provider; self.employer = employer; self.careExperienced = careExperienced
        self.youngCarer = youngCarer; self.youngParent = youngParent; self.guaranteeCohort = guaranteeCohort
        self.guaranteeOffer = guaranteeOffer; self.s19InYear11 = s19InYear11
    }

    /// EHC plan, SEN support or none: the SEN status the figures are broken down by.
    public var senStatus: String { hasEHCPlan ? "ehc_plan" : (senSupport ? "sen_support" : "none") }
}

public struct NCCISReturn: Sendable {
    public let laCode: String
    public let month: NCCISMonth
    public let records: [NCCISRecord]

    public init(laCode: String, month: NCCISMonth, records: [NCCISRecord]) {
        self.laCode = laCode; self.month = month; self.records = records
    }

    public static let header = ["la_code", "month", "yp_ref", "upn", "uln", "forename", "surname", "date_of_birth", "academic_age",
                                "cohort_basis", "sen_status", "activity_code", "activity_start", "confirmed_on", "currency_lapses_on",
                                "counts_as", "hours", "provider", "employer", "care_experienced", "young_carer", "young_parent",
                                "s19_in_year_11", "sg_cohort", "sg_offer_status"]

    /// One problem, named by the record's line in the file it would have written.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        public let line: Int
        public let reference: String
        public let message: String
        public var description: String { "line \(line) (\(reference)): \(message)" }
    }

    /// Checks every record against the month's code list and the identifiers' rules. An invalid return is never written.
    // NCCIS-3: the return is in the MI requirement's format, with its own error reports; codes must be in the year's list (P16-3).
    public func problems(codes: NCCISCodeSet) -> [Problem] {
        var problems: [Problem] = []
        var upns: [String: Int] = [:], ulns: [String: Int] = [:]
        let day = month.lastDay
        for (index, r) in records.enumerated() {
            let line = index + 2
            func add(_ message: String) { problems.append(Problem(line: line, reference: r.reference, message: message)) }
            if r.upn == nil && r.uln == nil && (r.forename.isEmpty || r.surname.isEmpty) {
                add("has no UPN, no ULN and no full name, so NCCIS cannot match the young person")
            }
            if let upn = r.upn {
                if !UPN.validate(upn).isValid { add("UPN \(upn) is not valid") }
                if let first = upns.updateValue(line, forKey: upn) { add("UPN \(upn) is also on line \(first)") }
            }
            if let uln = r.uln {
                if !ULN.isValid(uln) { add("ULN \(uln) has a wrong check digit") }
                if let first = ulns.updateValue(line, forKey: uln) { add("ULN \(uln) is also on line \(first)") }
            }
            let age = Post16Cohort.academicAge(dateOfBirth: r.dateOfBirth, on: day)
            if !(15...24).contains(age) { add("academic age \(age) is outside the tracked ages 15 to 24") }
            if let spell = r.activity.spell {
                if let code = codes[spell.code] {
                    if code.hoursRequired && spell.hours == nil { add("activity code \(spell.code) needs hours") }
                } else {
                    add("activity code \(spell.code) is not in the \(codes.miYear) to \(codes.miYear + 1) code list: record a current code")
                }
                if spell.start > day { add("the current activity starts after the month's last day") }
            }
        }
        return problems
    }

    /// The file: a header line, then one CSV line per record, CRLF line ends.
    public func csv() -> String {
        var out = Self.header.joined(separator: ",") + "\r\n"
        let day = month.lastDay
        for r in records {
            let spell = r.activity.spell
            let cells: [String] = [
                laCode, month.description, r.reference, r.upn ?? "", r.uln ?? "", r.forename, r.surname, r.dateOfBirth.description,
                String(Post16Cohort.academicAge(dateOfBirth: r.dateOfBirth, on: day)), r.basis.rawValue, r.senStatus,
                // A lapsed record is reported as 810 (current situation not known), keeping the spell's dates for the follow-up.
                spell.map { r.activity.lapsed ? "810" : String($0.code) } ?? "810",
                spell?.start.description ?? "", spell?.confirmedOn.description ?? "", r.activity.lapsesOn?.description ?? "",
                r.activity.countsAs.rawValue, spell?.hours.map(String.init) ?? "", r.provider ?? "", r.employer ?? "",
                r.careExperienced ? "Y" : "N", r.youngCarer ? "Y" : "N", r.youngParent ? "Y" : "N", r.s19InYear11 ? "Y" : "N",
                r.guaranteeCohort?.rawValue ?? "", r.guaranteeOffer?.rawValue ?? "",
            ]
            out += cells.map(CSVCell.escape).joined(separator: ",") + "\r\n"
        }
        return out
    }
}
