import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Uptake by school against the SEN cohort (TRAIN-5, TRAIN-6) and the charges to schools as a CSV a finance system
/// can import (TRAIN-3). Counts only: no child is named on either.
struct TrainingReportsController {
    /// The officers who run the programme and finance, who invoice it.
    static let readers: Set<Role> = TrainingController.managers.union([.finance])

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .trainingPart(.uptake), roles: Self.readers, use: uptake)
        routes.secure(.GET, .trainingPart(.chargesCSV), roles: Self.readers, use: charges)
    }

    @Sendable func uptake(_ req: Request, _ principal: Principal) async throws -> Response {
        let year = TrainingController.year(req)
        let schools = try await TrainingUptakeQuery.load(authorityID: principal.authorityID, year: year, db: req.db)
        try await AuditLog.record(AuditEntry(action: "training.uptake.view", entityType: "report", detail: "year=\(year.startYear)"), by: principal.auditActor, on: req.db)
        if req.query[String.self, at: "format"] == "csv" {
            return ReportsController.attachment(TrainingUptakeQuery.csv(schools), contentType: "text/csv; charset=utf-8",
                                                filename: "training-uptake-\(year.startYear).csv")
        }
        let area = req.query[String.self, at: "area"].flatMap(TrainingArea.init(rawValue:)) ?? .semh
        // LOCAL: what counts as "many" pupils is the officer's to set on the page; out-of-range input falls back to the default.
        let minimum = req.query[String.self, at: "minimum"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.flatMap { (1...10_000).contains($0) ? $0 : nil }
            ?? TrainingUptake.defaultManyPupils
        let content = TrainingPages.uptake(schools, year: year, area: area, minimum: minimum, today: .today())
        return .html(HTMLPage(title: "Training uptake by school", chrome: try await req.chrome(for: principal, current: .training), content: content))
    }

    @Sendable func charges(_ req: Request, _ principal: Principal) async throws -> Response {
        let year = TrainingController.year(req)
        let csv = try await TrainingChargesQuery.csv(authorityID: principal.authorityID, year: year, db: req.db)
        try await AuditLog.record(AuditEntry(action: "training.charges.csv", entityType: "report", detail: "year=\(year.startYear)"), by: principal.auditActor, on: req.db)
        return ReportsController.attachment(csv, contentType: "text/csv; charset=utf-8", filename: "training-charges-\(year.startYear).csv")
    }
}

/// The charges for the academic year's sessions: one row per booking with a charge, as the finance system imports them.
enum TrainingChargesQuery {
    static let header = "booking_ref,urn,school,buyer,course_code,course,session_date,delegate,status,amount,policy"

    static func csv(authorityID: UUID, year: TrainingYear, db: any Database) async throws -> String {
        let rows = try await TrainingBooking.query(on: db).filter(\.$authority.$id == authorityID).filter(\.$chargePence > 0)
            .join(TrainingSession.self, on: \TrainingBooking.$session.$id == \TrainingSession.$id)
            .join(TrainingCourse.self, on: \TrainingSession.$course.$id == \TrainingCourse.$id)
            .join(Establishment.self, on: \TrainingBooking.$school.$id == \Establishment.$id)
            .filter(TrainingSession.self, \.$date >= year.start).filter(TrainingSession.self, \.$date <= year.end)
            .sort(\.$schoolURN).sort(TrainingSession.self, \.$date).all()
        var out = header + "\r\n"
        for b in rows {
            let session = try b.joined(TrainingSession.self), course = try b.joined(TrainingCourse.self), school = try b.joined(Establishment.self)
            let cells = [b.id!.uuidString, String(b.schoolURN), school.name, b.buyer.rawValue, course.code, course.title, session.date.description,
                         b.delegateName, b.status.rawValue, Money(pence: b.chargePence).decimal, b.chargePolicy ?? ""]
            out += cells.map(CSVCell.escape).joined(separator: ",") + "\r\n"
        }
        return out
    }
}
