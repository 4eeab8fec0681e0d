import Fluent
import Vapor
import ContinuumDomain

/// `continuum report training-uptake --academic-year YYYY --format csv [--la-code CODE]`: uptake by school beside its
/// SEN cohort (TRAIN-5), the same query and CSV as the officers' download, one row per school that has pupils.
enum TrainingUptakeReportCommand {
    static let usage = "usage: continuum report training-uptake --academic-year YYYY --format csv [--la-code CODE]"

    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        let options: CLIOptions
        do { options = try CLIOptions(args[...], allowed: ["academic-year", "format", "la-code"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0])") }
        guard (options.values["format"] ?? "csv") == "csv" else { return .usage("--format must be csv") }
        let raw = options.values["academic-year"] ?? ""
        // The academic year is named by the calendar year it starts in: 2026 is September 2026 to August 2027.
        guard raw.count == 4, let start = Int(raw), (2000...2100).contains(start) else {
            return .usage("--academic-year \"\(raw)\" is not a year: give the year the academic year starts in, like 2026 for 2026/27. \(usage)")
        }
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        let schools = try await TrainingUptakeQuery.load(authorityID: try authority.requireID(), year: TrainingYear(startYear: start), db: app.db)
        try await AuditLog.record(AuditEntry(action: "training.uptake_report", entityType: "report", detail: "year=\(start) schools=\(schools.count)"),
                                  by: AuditActor(userID: nil, name: "continuum report training-uptake", role: "system", socketAddress: "local"), on: app.db)
        return .ok(TrainingUptakeQuery.csv(schools).trimmingCharacters(in: .newlines))
    }
}
