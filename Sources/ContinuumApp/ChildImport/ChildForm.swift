import Foundation
import Vapor
import GOVUK
import ContinuumDomain

/// The add and change forms for a child's details, as typed. Decoded as strings so that nothing a
/// person types can fail decoding; `check` turns it into `ChildDetails` or field errors.
struct ChildForm: Content, Sendable {
    var legalForename: String?
    var legalSurname: String?
    var preferredName: String?
    var dateOfBirth: String?
    var sex: String?
    var upn: String?
    var homePostcode: String?
    var confidentialAddress: String?
    var homeSchoolURN: String?
    var senProvision: String?
    var primaryNeed: String?
    var secondaryNeed: String?
    var version: String?

    init() {}

    /// The form as it shows a stored child.
    init(_ child: Child, schoolURN: Int?) {
        legalForename = child.legalForename; legalSurname = child.legalSurname; preferredName = child.preferredName
        dateOfBirth = child.dateOfBirth.description; sex = child.sex; upn = child.upn; homePostcode = child.homePostcode
        confidentialAddress = child.confidentialAddress ? "true" : nil; homeSchoolURN = schoolURN.map(String.init)
        senProvision = child.senProvision; primaryNeed = child.primaryNeed; secondaryNeed = child.secondaryNeed
        version = String(child.version)
    }

    func value(_ text: String?) -> String { (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Checks everything that needs no database; the UPN's uniqueness and the school's existence are
    /// checked by the controller, with the same field names.
    func check(today: CalendarDate) -> (ChildDetails?, [FormError]) {
        var errors: [FormError] = []
        func name(_ raw: String?, field: String, missing: String?) -> String? {
            let text = value(raw)
            if text.isEmpty {
                if let missing { errors.append(FormError(field: field, message: missing)) }
                return nil
            }
            if text.count > ChildDetailRules.nameLimit {
                errors.append(FormError(field: field, message: "This must be \(ChildDetailRules.nameLimit) characters or fewer")); return nil
            }
            return text
        }
        let forename = name(legalForename, field: "legalForename", missing: "Enter the child's legal first name")
        let surname = name(legalSurname, field: "legalSurname", missing: "Enter the child's legal last name")
        let preferred = name(preferredName, field: "preferredName", missing: nil)

        var birth: CalendarDate?
        let dob = DateEntry(dateOfBirth)
        if let problem = FieldChecks.dateProblem(dob, subject: "Date of birth", blank: "Enter the child's date of birth") {
            errors.append(FormError(field: "dateOfBirth", message: problem))
        } else if let entered = dob.date {
            switch ChildDetailRules.birthDate(entered.description, today: today) {
            case .success(let date): birth = date
            case .failure(.notARealDate):
                errors.append(FormError(field: "dateOfBirth", message: "Date of birth must be a real date, for example 27 3 2015"))
            case .failure(.inTheFuture): errors.append(FormError(field: "dateOfBirth", message: "Date of birth must be today or in the past"))
            case .failure(.tooOld):
                errors.append(FormError(field: "dateOfBirth", message: "Date of birth must be within the last \(ChildDetailRules.oldestAgeInYears) years: Continuum is for children and young people up to \(ChildDetailRules.oldestAgeInYears)"))
            }
        }
        let sexCode = value(sex).isEmpty ? nil : ChildDetailRules.sexCode(value(sex))
        if sexCode == nil { errors.append(FormError(field: "sex", message: "Select the child's sex, or Not known")) }

        var parsedUPN: UPN?
        if !value(upn).isEmpty {
            switch UPN.validate(value(upn)) {
            case .valid(let found): parsedUPN = found
            case .invalid(let reason): errors.append(FormError(field: "upn", message: "Enter a valid UPN: \(reason)"))
            }
        }
        var postcode: Postcode?
        if !value(homePostcode).isEmpty {
            postcode = Postcode.normalise(value(homePostcode))
            if postcode == nil { errors.append(FormError(field: "homePostcode", message: Postcode.invalidMessage)) }
        }
        var urn: Int?
        let urnText = value(homeSchoolURN)
        if !urnText.isEmpty {
            if urnText.count <= 7, urnText.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(urnText), number > 0 { urn = number }
            else { errors.append(FormError(field: "homeSchoolURN", message: "Enter the school's URN as a number of up to 7 digits, or leave it blank")) }
        }
        let provision = SENProvision(rawValue: value(senProvision))
        if provision == nil { errors.append(FormError(field: "senProvision", message: "Select the child's SEN provision")) }
        func need(_ raw: String?, field: String) -> (ok: Bool, need: SENNeed?) {
            let code = value(raw)
            if code.isEmpty { return (true, nil) }
            guard let found = SENNeed(rawValue: code) else {
                errors.append(FormError(field: field, message: "Select a type of need from the list")); return (false, nil)
            }
            return (true, found)
        }
        let primary = need(primaryNeed, field: "primaryNeed"), secondary = need(secondaryNeed, field: "secondaryNeed")
        if let provision, primary.ok, secondary.ok {
            // Rulebook SEN-1 and SEN-2, the same rules the imports apply.
            for message in SENNeed.validateNeeds(provision: provision, primary: primary.need, secondary: secondary.need) {
                errors.append(FormError(field: message == SENNeed.sameNeedTwiceMessage ? "secondaryNeed" : "primaryNeed", message: message))
            }
        }
        guard errors.isEmpty, let forename, let surname, let birth, let sexCode, let provision else { return (nil, errors) }
        return (ChildDetails(legalForename: forename, legalSurname: surname, preferredName: preferred == forename ? nil : preferred,
                             dateOfBirth: birth, sex: sexCode, upn: parsedUPN, homePostcode: postcode,
                             confidentialAddress: value(confidentialAddress) == "true", homeSchoolURN: urn, senProvision: provision,
                             primaryNeed: primary.need, secondaryNeed: secondary.need), [])
    }
}

/// A child's details once checked.
struct ChildDetails: Sendable {
    let legalForename: String
    let legalSurname: String
    let preferredName: String?
    let dateOfBirth: CalendarDate
    let sex: String
    let upn: UPN?
    let homePostcode: Postcode?
    let confidentialAddress: Bool
    let homeSchoolURN: Int?
    let senProvision: SENProvision
    let primaryNeed: SENNeed?
    let secondaryNeed: SENNeed?

    /// Copies the details onto the child; returns the names of the fields that changed.
    func apply(to child: Child, schoolID: UUID?) -> [String] {
        var changed: [String] = []
        func set<T: Equatable>(_ name: String, _ current: T, _ new: T, _ assign: (T) -> Void) {
            if current != new { assign(new); changed.append(name) }
        }
        set("legal_forename", child.legalForename, legalForename) { child.legalForename = $0 }
        set("legal_surname", child.legalSurname, legalSurname) { child.legalSurname = $0 }
        set("preferred_name", child.preferredName, preferredName) { child.preferredName = $0 }
        set("date_of_birth", child.dateOfBirth, dateOfBirth) { child.dateOfBirth = $0 }
        set("sex", child.sex, sex) { child.sex = $0 }
        set("upn", child.upn, upn?.value) { child.upn = $0 }
        set("home_postcode", child.homePostcode, homePostcode?.value) { child.homePostcode = $0 }
        set("confidential_address", child.confidentialAddress, confidentialAddress) { child.confidentialAddress = $0 }
        set("home_school", child.$homeSchool.id, schoolID) { child.$homeSchool.id = $0 }
        set("sen_provision", child.senProvision, senProvision.rawValue) { child.senProvision = $0 }
        set("primary_need", child.primaryNeed, primaryNeed?.rawValue) { child.primaryNeed = $0 }
        set("secondary_need", child.secondaryNeed, secondaryNeed?.rawValue) { child.secondaryNeed = $0 }
        return changed
    }
}
