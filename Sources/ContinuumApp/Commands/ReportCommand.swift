import Fluent
import Vapor
import ContinuumDomain

/// `continuum report census --at YYYY-MM-DD --format json|csv [--la-code 885]`;
/// `continuum report illness-absence …` is `IllnessAbsenceReportCommand`.
enum ReportCommand {
    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        if args.first == "illness-absence" { return try await IllnessAbsenceReportCommand.run(Array(args.dropFirst()), app: app) }
        if args.first == "ehc-backlog" { return try await EHCBacklogReportCommand.run(Array(args.dropFirst()), app: app) }
        if args.first == "high-needs" { return try await HighNeedsReportCommand.run(args.dropFirst(), app: app) }
        if args.first == "survey-results" { return try await SurveyResultsReportCommand.run(Array(args.dropFirst()), app: app) }
        if args.first == "training-uptake" { return try await TrainingUptakeReportCommand.run(Array(args.dropFirst()), app: app) }
        if args.first == "neet" { return try await Post16Commands.runNEET(Array(args.dropFirst()), app: app) }
        if args.first == "ehc-timeliness" { return try await EHCTimelinessReportCommand.run(Array(args.dropFirst()), app: app) }
        guard args.first == "census" else {
            return .usage("usage: continuum report census --at YYYY-MM-DD --format json|csv [--la-code CODE] | continuum report illness-absence --academic-year YYYY --format csv | continuum report ehc-timeliness --year YYYY --format json | continuum report ehc-backlog [--at YYYY-MM-DD] --format json | continuum report high-needs --financial-year 2025-26 --as-at YYYY-MM-DD --format json | continuum report survey-results --all --format json | continuum report training-uptake --academic-year YYYY --format csv | continuum report neet --month YYYY-MM --format json")
        }
        let options: CLIOptions
        do { options = try CLIOptions(args.dropFirst(), allowed: ["at", "format", "la-code"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0])") }
        let rawAt = options.values["at"] ?? ""
        guard let at = CalendarDate(input: rawAt) else { return .usage("--at \"\(rawAt)\" is not a real date in the format YYYY-MM-DD") }
        let format = options.values["format"] ?? "json"
        guard format == "json" || format == "csv" else { return .usage("--format must be json or csv") }
        // Any authority in the database, by --la-code; the only one when there is one (issue 12).
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        let census = try await Self.census(authorityID: try authority.requireID(), at: at, on: app.db)
        try await AuditLog.record(AuditEntry(action: "census.report", entityType: "report", detail: "at=\(at) format=\(format)"),
                                  by: AuditActor(userID: nil, name: "continuum report census", role: "system", socketAddress: "local"), on: app.db)
        return .ok(format == "json" ? census.json() : census.csv().trimmingCharacters(in: .newlines))
    }

    /// The census as at a date: the one path for this command and the officers' census CSV download.
    static func census(authorityID: UUID, at: CalendarDate, on db: any Database) async throws -> Census {
        try await ServiceSnapshot.load(authorityID: authorityID, on: db).census(at: at)
    }
}
