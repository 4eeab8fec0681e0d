import Foundation
import ContinuumDomain

/// What the children pages show, computed before rendering so the pages stay dumb.
struct ChildRowView: Sendable {
    let id: UUID
    let name: String
    let upn: String
    let dateOfBirth: String
    let yearGroup: String
    let school: String
    let sen: String
}

struct ChildRecordView {
    struct PersonView: Sendable { let name: String; let relationship: String; let organisation: String; let consent: String }
    struct ViewerView: Sendable { let when: String; let who: String; let role: String }

    let id: ChildID
    let name: String
    let preferredName: String?
    let upn: String
    let dateOfBirth: String
    let age: String
    let yearGroup: String
    let keyStage: String
    let compulsorySchoolAge: String
    let sex: String
    let homePostcode: String
    let homeSchool: String
    let homeSchoolURN: Int?
    let senProvision: String
    let needs: String
    let people: [PersonView]?
    let viewers: [ViewerView]?
    var referrals: [(id: ReferralID, received: String, status: String)] = []
    var ehcCases: [(id: EHCCaseID, requested: String, stage: String)] = []
    var canRequestEHC = false
    var canRefer = false
    var concerns: [(date: String, by: String, text: String, risk: Bool)]? = nil
    var canRaiseConcern = false
    var canSeeAgencies = false
    /// The latest academic year of marks, for roles that see attendance (issue 4 item 6).
    var attendanceStrip: AttendanceStrip?
    var attendanceVisible = false
    var canNotifySickness = false
    /// Officers may change the details (issue 12 item 4).
    var canEdit = false
}

enum ChildPresentation {
    static func yearGroupLabel(_ year: Int) -> String {
        switch year {
        case ..<(-2): return "Below nursery age"
        case -2: return "Nursery 1"
        case -1: return "Nursery 2"
        case 0: return "Reception"
        case 1...13: return "Year \(year)"
        default: return "Beyond Year 13"
        }
    }

    static func row(_ child: Child, today: CalendarDate) -> ChildRowView {
        let dob = child.dateOfBirth
        return ChildRowView(
            id: child.id ?? UUID(), name: "\(child.legalSurname), \(child.legalForename)", upn: child.upn ?? "Not known",
            dateOfBirth: dob.longFormat,
            yearGroup: yearGroupLabel(AgeAndStage.yearGroup(dateOfBirth: dob, on: today)),
            school: child.homeSchool?.name ?? "None recorded",
            sen: SENProvision(rawValue: child.senProvision)?.displayName ?? child.senProvision)
    }

    static func ageInYears(_ dob: CalendarDate, on date: CalendarDate) -> Int {
        var age = date.year - dob.year
        if (date.month, date.day) < (dob.month, dob.day) { age -= 1 }
        return age
    }
}
