import ContinuumDomain

/// The words in the demo records: decision letters' reasons, part-time reasons and closing
/// notes. Plain English, as a coordinator would write them, so the demo reads like a real service.
enum HistoryWording {
    static func accepted(forename: String, reason: ReferralReason, missed: Int, urgent: Bool, decidedOn: CalendarDate,
                         evidenceWaiting: Bool, awaitingSpecialistPlace: Bool) -> String {
        var text = urgent
            ? "Accepted on \(decidedOn.longFormat), fast-tracked by the coordinator as urgent. "
            : "Accepted by the multi-agency panel on \(decidedOn.longFormat). "
        text += "\(forename) has missed \(missed) school days because of \(need(reason)) and cannot attend school "
            + "full time, so the council will arrange education under section 19 of the Education Act 1996."
        if evidenceWaiting {
            text += " The medical evidence requested had not arrived by then; the decision was made on the information available, as the guidance requires."
        }
        if awaitingSpecialistPlace {
            text += " \(forename) is autistic and the EHC plan names a specialist school with no place available yet."
                + " Provision will continue beyond the four-term target as a recorded exception until that place starts."
        }
        return text
    }

    private static func need(_ reason: ReferralReason) -> String {
        switch reason {
        case .anxietyMentalHealth: "anxiety and mental health needs"
        case .lowImmunity: "low immunity during treatment"
        case .reducedMobility: "reduced mobility"
        case .hospitalTreatment: "hospital treatment"
        case .postOperative: "recovery from an operation"
        case .other: "a health condition"
        }
    }

    static let declined = [
        "Declined: the school can meet the child's needs with an individual healthcare plan and a temporary adjusted timetable; the panel will look again if absence continues.",
        "Declined: absence is not expected to reach 15 school days, so the school will send work home and keep in contact.",
        "Declined: the child is already receiving full-time education in alternative provision arranged by the school.",
        "Declined: the family has moved out of the county; the referral has been passed to the new council.",
        "Declined: the health information describes needs the school can support on site with outreach advice from the service.",
    ]

    static let withdrawn = [
        "Withdrawn by the parent: the child returned to school full time before the panel met.",
        "Withdrawn by the school: a managed move to another school was agreed instead.",
        "Withdrawn by the parent: the family chose to educate the child at home.",
        "Withdrawn by the referrer: the child was admitted to an out-of-county hospital school.",
    ]

    static func partTime(_ type: ProvisionType, hours: Double, fullTime: Double) -> String {
        let offered = "\(hoursText(hours)) hours a week against \(hoursText(fullTime)) full time"
        switch type {
        case .base: return "Base place at \(offered): a phased start after long absence, to increase as the child's anxiety allows; reviewed at each review."
        case .home: return "Home tuition at \(offered): the child's health means one-to-one sessions at home are what can be managed at present."
        case .hospital: return "Hospital tuition at \(offered): teaching fits around treatment on the ward, as the clinical team advises."
        case .virtual: return "Virtual lessons at \(offered): the child can't yet join a group in person and screen time is limited on medical advice."
        case .outreach: return "Outreach support at \(offered): the child is back at the home school part time and the service supports the return."
        }
    }

    static func closureNote(_ outcome: String, forename: String) -> String {
        switch outcome {
        case "returned_full_time": "\(forename) returned to the home school full time; the school's pastoral lead is the contact."
        case "returned_part_time": "\(forename) returned to the home school on a part-time timetable, with a date to reach full time."
        case "specialist_provision": "\(forename) started at a specialist school; the service handed over the reintegration plan."
        case "post16": "\(forename) completed Year 11 with the service and moved on to a post-16 course."
        case "moved_away": "The family moved out of the county; records were sent to the new council."
        default: "Provision ended by agreement with the family and the home school."
        }
    }

    static func specialistClosure(forename: String) -> String {
        "\(forename) started at the specialist school named in the EHC plan; the long placement ended when the place became available."
    }

    /// "15" or "17.5": hours as people write them.
    static func hoursText(_ hours: Double) -> String {
        hours == hours.rounded() ? String(Int(hours)) : String((hours * 10).rounded() / 10)
    }
}
