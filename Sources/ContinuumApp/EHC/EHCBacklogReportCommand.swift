import Fluent
import Foundation
import Vapor
import ContinuumDomain

/// `continuum report ehc-backlog [--at YYYY-MM-DD] --format json [--la-code CODE]`: the backlog
/// dashboard's figures as one line of JSON, for operators and the benchmark (same query as the page).
enum EHCBacklogReportCommand {
    static let usage = "usage: continuum report ehc-backlog [--at YYYY-MM-DD] --format json [--la-code CODE]"

    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        let options: CLIOptions
        do { options = try CLIOptions(args[...], allowed: ["at", "format", "la-code"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0])\n" + usage) }
        guard (options.values["format"] ?? "json") == "json" else { return .usage("--format must be json") }
        var at = CalendarDate.today()
        if let raw = options.values["at"] {
            guard let parsed = CalendarDate(input: raw) else { return .usage("--at \"\(raw)\" is not a real date in the format YYYY-MM-DD") }
            at = parsed
        }
        // Any authority in the database, by --la-code; the only one when there is one (issue 12).
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        let backlog = try await EHCBacklog.load(authorityID: try authority.requireID(), today: at, withCases: true, on: app.db)
        let overdue = backlog.open.filter { $0.next?.isOverdue(on: at) == true }.count
        let stages = backlog.byStageAndWeeks.map { row in
            "\"\(row.stage.rawValue)\":[" + row.counts.map(String.init).joined(separator: ",") + "]"
        }.joined(separator: ",")
        let weeks = backlog.forecast?.weeksToClear().map(String.init) ?? "null"
        let json = "{\"at\":\"\(at)\",\"open\":\(backlog.open.count),\"overdue\":\(overdue),\"unallocated\":\(backlog.unallocated),"
            + "\"by_stage_weeks\":{\(stages)},\"plans_in_force\":\(backlog.plansInForce),\"reviews_overdue\":\(backlog.reviewsOverdue),"
            + "\"caseworkers\":\(backlog.caseloads.count),\"weeks_to_clear\":\(weeks)}"
        try await AuditLog.record(AuditEntry(action: "ehc.backlog_report", entityType: "report", detail: "at=\(at)"),
                                  by: AuditActor(userID: nil, name: "continuum report ehc-backlog", role: "system", socketAddress: "local"), on: app.db)
        return .ok(json)
    }
}
