import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The team page: FTE, qualified-teacher status and each teacher's current caseload.
struct StaffController {
    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .medicalEducationPart(.staff), roles: [.administrator, .metCoordinator, .caseworker, .finance], use: show)
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let today = CalendarDate.today()
        // Staff who have left (an end date before today) are listed on /admin/met-staff, not counted here.
        let staff = try await StaffMember.query(on: req.db).filter(\.$authority.$id == principal.authorityID).sort(\.$kind).sort(\.$name).all()
            .filter { !$0.hasEnded(by: today) }
        // Caseload: distinct children with an active timetable slot for the teacher's account.
        let slots = try await TimetableSlot.query(on: req.db).filter(\.$active == true)
            .join(Referral.self, on: \TimetableSlot.$referral.$id == \Referral.$id)
            .filter(Referral.self, \.$authority.$id == principal.authorityID)
            .filter(Referral.self, \.$status == ReferralStatus.accepted.rawValue).all()
        var caseload: [UUID: Set<UUID>] = [:]
        for slot in slots { caseload[slot.$teacher.id, default: []].insert(slot.$referral.id) }
        let permanent = staff.filter { $0.kindValue != .supply }
        let fte = permanent.reduce(0) { $0 + $1.fte }
        try await AuditLog.record(AuditEntry(action: "staff.view", entityType: "report"), by: principal.auditActor, on: req.db)
        return .html(HTMLPage(title: "Medical Education Team staff", chrome: try await req.chrome(for: principal, current: .medicalEducation), content: [
            h1("Staff", caption: "Medical Education Team"),
            summaryList([
                SummaryRow("Permanent staff", text: String(format: "%.2f FTE (%d people)", fte, permanent.count)),
                SummaryRow("Qualified teachers", text: String(permanent.filter(\.qts).count)),
                SummaryRow("Supply bank", text: "\(staff.count - permanent.count) people"),
                SummaryRow("As at", text: today.longFormat),
            ]),
            table(caption: "Team members", headers: ["Name", "Role", "FTE", "Qualified teacher status", "Pupils timetabled now"], numericColumns: [2, 4],
                  rows: staff.map { s in
                      [TableCell(text: s.name), TableCell(text: s.kindValue.label), TableCell(text: s.kindValue == .supply ? "—" : String(format: "%.2f", s.fte)),
                       TableCell(s.qts ? tag("QTS", .green) : tag("No QTS", .grey)), TableCell(text: String(s.userID.flatMap { caseload[$0]?.count } ?? 0))]
                  }),
        ]))
    }
}

