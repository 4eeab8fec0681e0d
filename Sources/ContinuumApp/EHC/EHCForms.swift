import Foundation
import Vapor
import GOVUK
import ContinuumDomain

/// Form bodies for the EHC pages. Every field is optional so a missing one is a form error, never a 500.
struct EHCRequestForm: Content {
    var requester: String?
    var requesterName: String?
    var receivedOn: String?
    var summary: String?
}

struct EHCActionForm: Content {
    var version: Int?
    var outcome: String?
    var on: String?
    var reasons: String?
    var kind: String?
    var adviser: String?
    var adviserName: String?
    var advice: String?
    var comments: String?
    var preferredSchool: String?
    var placement: String?
    var consultedOn: String?
    var waived: String?
    var exception: String?
    var ceaseReason: String?
    var caseworker: String?
    var mediationOn: String?
    var tribunalOn: String?
    var meetingOn: String?
    var institution: String?
    var consultation: String?
    var response: String?
    var responseNotes: String?
    var reminder: String?
    var requester: String?
    // Exception evidence (rulebook EHC-6): the advice request and closure for (a)/(b), the absence for (d).
    var exceptionAdvice: String?, closedFrom: String?, reopenedOn: String?, absentFrom: String?, returnedOn: String?
    // Rulebook EHC-3: "yes" when the family missed an appointment; the advice request it concerns.
    var familyMissedAppointment: String?, missedAppointment: String?
    // Draft plan sections and up to three outcomes (need → outcome → provision).
    var sectionA: String?, sectionB: String?, sectionC: String?, sectionD: String?, sectionG: String?
    var sectionH1: String?, sectionH2: String?, sectionJ: String?, sectionK: String?
    var need1: String?, outcome1: String?, provision1: String?
    var need2: String?, outcome2: String?, provision2: String?
    var need3: String?, outcome3: String?, provision3: String?
}

/// The plan's sections as the SEND Code of Practice 9.62 letters them.
enum EHCPlanSections {
    // SEND Code of Practice (2015) para 9.62: sections A–K of an EHC plan.
    static let all: [(key: String, field: String, title: String)] = [
        ("A", "sectionA", "A: The views, interests and aspirations of the child and their parents, or of the young person"),
        ("B", "sectionB", "B: Special educational needs"),
        ("C", "sectionC", "C: Health needs related to the special educational needs"),
        ("D", "sectionD", "D: Social care needs related to the special educational needs or disability"),
        ("G", "sectionG", "G: Health provision"),
        ("H1", "sectionH1", "H1: Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970"),
        ("H2", "sectionH2", "H2: Other social care provision"),
        ("J", "sectionJ", "J: Personal budget"),
        ("K", "sectionK", "K: Advice and information gathered during the assessment"),
    ]

    static func value(_ form: EHCActionForm, _ field: String) -> String? {
        switch field {
        case "sectionA": form.sectionA
        case "sectionB": form.sectionB
        case "sectionC": form.sectionC
        case "sectionD": form.sectionD
        case "sectionG": form.sectionG
        case "sectionH1": form.sectionH1
        case "sectionH2": form.sectionH2
        case "sectionJ": form.sectionJ
        case "sectionK": form.sectionK
        default: nil
        }
    }
}
