import Fluent
import SQLKit
import Foundation
import Vapor
import ContinuumDomain

/// The 20-week figures over plans whose final date falls in a calendar year, read with three
/// columns per plan through SQLKit so a national-scale table isn't materialised as models.
enum EHCTimelinessQuery {
    struct Row: Decodable { let requested_on: CalendarDate; let final_issued_on: CalendarDate; let exception: String? }

    static func cases(authorityID: UUID, from: CalendarDate, through: CalendarDate, on db: any Database) async throws -> [EHCTimeliness.Case] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let rows = try await sql.select().column("requested_on").column("final_issued_on").column("exception")
            .from(EHCCase.schema)
            .where("authority_id", .equal, authorityID)
            // Re-assessments run to 14 weeks (reg 27) and are not new plans: the 20-week measure leaves them out.
            .where("kind", .equal, EHCCaseKind.new.rawValue)
            .where("final_issued_on", .greaterThanOrEqual, from)
            .where("final_issued_on", .lessThanOrEqual, through)
            .all(decoding: Row.self)
        return rows.map { row in (row.requested_on, row.final_issued_on, row.exception.flatMap(EHCException.init(rawValue:))) }
    }

    static func summary(authorityID: UUID, year: Int, on db: any Database) async throws -> EHCTimeliness.Summary {
        let cases = try await cases(authorityID: authorityID, from: CalendarDate(year: year, month: 1, day: 1),
                                    through: CalendarDate(year: year, month: 12, day: 31), on: db)
        return EHCTimeliness.summary(cases: cases, year: year)
    }

    /// Both ways (rulebook EHC-6): the summary without exception cases, and the count of every plan
    /// issued in time, exception or not.
    static func report(authorityID: UUID, year: Int, on db: any Database) async throws -> EHCTimeliness.Report {
        let cases = try await cases(authorityID: authorityID, from: CalendarDate(year: year, month: 1, day: 1),
                                    through: CalendarDate(year: year, month: 12, day: 31), on: db)
        return EHCTimeliness.report(cases: cases, year: year)
    }

    /// One month of the trend. `within` and `exceptions` are kept so small-number suppression can protect
    /// the counts a percentage implies (`pct` x plans without an exception = plans within 20 weeks).
    struct MonthTrend: Sendable {
        let month: CalendarDate
        let issued: Int
        let within: Int
        let exceptions: Int
        let pct: Double?
        var late: Int { issued - within - exceptions }
    }

    /// Month by month over the months ending with `last`: plans issued and the percentage within 20 weeks.
    static func monthlyTrend(authorityID: UUID, months: Int, endingWith last: CalendarDate,
                             on db: any Database) async throws -> [MonthTrend] {
        let lastMonth = CalendarDate(year: last.year, month: last.month, day: 1)
        let first = lastMonth.adding(months: -(months - 1))
        let end = lastMonth.adding(months: 1).adding(days: -1)
        let cases = try await cases(authorityID: authorityID, from: first, through: end, on: db)
        var buckets: [Int: (issued: Int, within: Int, exceptions: Int)] = [:]
        for item in cases {
            guard let final = item.final else { continue }
            let key = final.year * 12 + final.month
            var bucket = buckets[key] ?? (0, 0, 0)
            bucket.issued += 1
            switch EHCTimeliness.isWithin20Weeks(request: item.request, finalIssued: final, exception: item.exception) {
            case nil: bucket.exceptions += 1
            case true?: bucket.within += 1
            case false?: break
            }
            buckets[key] = bucket
        }
        return (0..<months).map { offset in
            let month = first.adding(months: offset)
            let bucket = buckets[month.year * 12 + month.month] ?? (0, 0, 0)
            return MonthTrend(month: month, issued: bucket.issued, within: bucket.within, exceptions: bucket.exceptions,
                              pct: EHCTimeliness.percentage(bucket.within, of: bucket.issued - bucket.exceptions))
        }
    }
}

/// `continuum report ehc-timeliness --year YYYY --format json [--la-code CODE]`.
enum EHCTimelinessReportCommand {
    static let usage = "usage: continuum report ehc-timeliness --year YYYY --format json [--la-code CODE]"

    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        let options: CLIOptions
        do { options = try CLIOptions(args[...], allowed: ["year", "format", "la-code"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0])\n" + usage) }
        guard let raw = options.values["year"] else { return .usage("--year is required\n" + usage) }
        guard raw.count == 4, let year = Int(raw), CalendarDate.plausibleYears.contains(year) else { return .usage("--year \"\(raw)\" must be a four-digit year such as 2024") }
        let format = options.values["format"] ?? "json"
        guard format == "json" else { return .usage("--format must be json") }
        // Any authority in the database, by --la-code; the only one when there is one (issue 12).
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        let report = try await EHCTimelinessQuery.report(authorityID: try authority.requireID(), year: year, on: app.db)
        try await AuditLog.record(AuditEntry(action: "ehc.timeliness_report", entityType: "report", detail: "year=\(year)"),
                                  by: AuditActor(userID: nil, name: "continuum report ehc-timeliness", role: "system", socketAddress: "local"), on: app.db)
        return .ok(EHCTimeliness.jsonLine(year: year, report: report))
    }
}
