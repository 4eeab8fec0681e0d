import Fluent
import Foundation
import ContinuumDomain

/// A few early-identification entries, so the queue has something in it: two children whose
/// illness absence reached 15 days (one of them a UPN with no child record yet), a school's
/// sickness notification, and one already reviewed with no action.
enum DemoIdentifications {
    /// A UPN no demo child has: establishment 2999 and year 90 are outside what the seeder allocates.
    static let unmatchedUPN = UPN.make(laCode: DemoSeeder.laCode, establishment: "2999", year2: 90, serial: 7).value

    static func seed(authorityID: UUID, children: [Child], sencoSchool: UUID?, calendar: SchoolCalendar, on db: any Database) async throws {
        let today = CalendarDate.today()
        let withUPN = children.filter { $0.upn != nil }
        var items: [Identification] = []
        func illness(_ upn: String, child: Child?, daysAgo: Int, sessions: Int, longest: Int) {
            let reached = calendar.addingSchoolDays(-daysAgo, to: calendar.previousSchoolDay(onOrBefore: today))
            let measures = IllnessMeasures(illnessSessions: sessions, reached15On: reached, longestConsecutiveDays: longest)
            let year = reached.academicYearStart
            items.append(Identification(id: UUID(), authorityID: authorityID, childID: child?.id, upn: upn, kind: .illness15Days,
                                        detail: IdentificationRecorder.illnessDetail(measures, academicYear: year), academicYear: year,
                                        identifiedOn: reached, dedupeKey: Identification.illnessKey(authorityID: authorityID, upn: upn, academicYear: year)))
        }
        if let child = withUPN.dropFirst(20).first { illness(child.upn!, child: child, daysAgo: 1, sessions: 31, longest: 6) }
        illness(unmatchedUPN, child: nil, daysAgo: 3, sessions: 30, longest: 15)
        if let child = withUPN.dropFirst(30).first {
            illness(child.upn!, child: child, daysAgo: 12, sessions: 34, longest: 3)
            items.last!.decision = IdentificationDecision.noAction.rawValue
            items.last!.decisionNote = "Spoke to the school: the absences were chickenpox and a planned operation, and the child is back full time."
            items.last!.reviewedBy = "Casey Caseworker (caseworker@demo.continuum.test)"
            items.last!.reviewedOn = calendar.addingSchoolDays(-10, to: calendar.previousSchoolDay(onOrBefore: today))
            items.last!.version = 2
        }
        var notifications: [SicknessNotification] = []
        let senco = try await User.query(on: db).filter(\.$authority.$id == authorityID).filter(\.$roleRaw == Role.schoolUser.rawValue).first()
        if let senco, let pupil = children.last(where: { $0.$homeSchool.id == sencoSchool && sencoSchool != nil }) {
            let first = calendar.addingSchoolDays(-2, to: calendar.previousSchoolDay(onOrBefore: today))
            let notification = SicknessNotification()
            notification.id = UUID()
            notification.$authority.id = authorityID
            notification.$child.id = pupil.id!
            notification.schoolID = sencoSchool
            notification.firstDayAbsent = first
            notification.reason = "Broken leg in two places; in traction at the county hospital, then home on crutches."
            notification.notifiedBy = "\(senco.displayName) (\(senco.email))"
            notification.notifiedByUserID = senco.id!
            notifications.append(notification)
            items.append(Identification(
                id: UUID(), authorityID: authorityID, childID: pupil.id, upn: pupil.upn, kind: .sicknessNotification,
                detail: "\(senco.displayName) notified on \(today.longFormat): absent from \(first.longFormat), with no known return date. Reason given: \(notification.reason)",
                academicYear: first.academicYearStart, identifiedOn: today, dedupeKey: Identification.notificationKey(notification.id!),
                sicknessNotificationID: notification.id))
        }
        try await notifications.create(on: db)
        try await items.create(on: db)
    }
}
