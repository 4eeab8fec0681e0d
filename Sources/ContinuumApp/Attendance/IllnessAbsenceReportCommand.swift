import Fluent
import SQLKit
import Vapor
import ContinuumDomain

/// `continuum report illness-absence --academic-year YYYY [--format csv]`: the stored measures
/// as the issue 4 CSV. Reads `illness_measures` only, so it costs one query whatever the year holds.
enum IllnessAbsenceReportCommand {
    static let usage = "usage: continuum report illness-absence --academic-year YYYY --format csv"

    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        let options: CLIOptions
        do { options = try CLIOptions(args[...], allowed: ["academic-year", "format"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0])") }
        let rawYear = options.values["academic-year"] ?? ""
        guard !rawYear.isEmpty else { return .usage("--academic-year is required, for example --academic-year 2024 for 2024/25") }
        guard let year = Self.academicYear(rawYear) else {
            return .usage("--academic-year \"\(rawYear)\" must be the year the academic year starts, like 2024")
        }
        guard (options.values["format"] ?? "csv") == "csv" else { return .usage("--format must be csv") }
        guard let sql = app.db as? any SQLDatabase else { return .failure("the report needs an SQL database") }
        let rows = try await Self.rows(academicYear: year, authorityID: nil, sql: sql, on: app.db)
        try await AuditLog.record(AuditEntry(action: "illness_absence.report", entityType: "report", detail: "academic_year=\(year) rows=\(rows.count)"),
                                  by: AuditActor(userID: nil, name: "continuum report illness-absence", role: "system", socketAddress: "local"), on: app.db)
        // `emit` prints with a newline of its own, so drop the CSV's last one to print it exactly.
        var csv = IllnessAbsenceReport.csv(rows)
        if csv.hasSuffix("\n") { csv.removeLast() }
        return .ok(csv)
    }

    /// The rows with illness in `academicYear`: the one path for this command and the officers' CSV download.
    /// Measures are kept by UPN across every school, so a council's officer (`authorityID`) gets only the
    /// UPNs of its own children; the operator's command (nil) gets them all.
    static func rows(academicYear: Int, authorityID: UUID?, sql: any SQLDatabase, on db: any Database) async throws -> [IllnessAbsenceRow] {
        let rows = try await IllnessMeasureStore(sql: sql).rowsWithIllness(academicYear: academicYear)
        guard let authorityID else { return rows }
        let upns = Set(try await Child.query(on: db).filter(\.$authority.$id == authorityID).filter(\.$upn != nil).all(\.$upn).compactMap { $0 })
        return rows.filter { upns.contains($0.upn.description) }
    }

    /// "2024" for 2024/25; nil unless a plausible four-digit year.
    static func academicYear(_ raw: String) -> Int? {
        guard raw.count == 4, let year = Int(raw), (1990...2200).contains(year) else { return nil }
        return year
    }
}
