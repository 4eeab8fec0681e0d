import Foundation
import Vapor
import ContinuumDomain

/// `continuum export dsg-plan --out FILE.xlsx [--as-at YYYY-MM-DD] [--csv-dir DIR] [--la-code NNN]`: the DSG
/// management plan as the template's workbook (DSGMP-2), and with --csv-dir its tables as CSV files too.
enum DSGPlanExportCommand {
    static let usage = "usage: continuum export dsg-plan --out FILE.xlsx [--as-at YYYY-MM-DD] [--csv-dir DIR] [--la-code NNN]"

    static func run(_ args: ArraySlice<String>, app: Application) async throws -> CLIResult {
        let options: CLIOptions
        do { options = try CLIOptions(args, allowed: ["out", "as-at", "csv-dir", "la-code"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0]); \(usage)") }
        guard let out = options.values["out"], !out.isEmpty else { return .usage("--out is required; \(usage)") }
        var asAt = CalendarDate.today()
        if let raw = options.values["as-at"] {
            guard let parsed = CalendarDate(input: raw) else { return .usage("--as-at must be a real date in the format YYYY-MM-DD; \(usage)") }
            asAt = parsed
        }
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        let report = try await DSGPlanQuery.report(authority: authority, asAt: asAt, on: app.db)
        let data = try XLSXArchive.data(try DSGPlanWorkbook.workbook(report))
        do { try data.write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
            return .failure("cannot write \(out): \(error.localizedDescription)")
        }
        var written = [out]
        if let dir = options.values["csv-dir"] {
            for table in DSGPlanWorkbook.Table.allCases {
                let path = URL(fileURLWithPath: dir).appendingPathComponent("dsg-plan-\(table.rawValue).csv")
                do { try Data(DSGPlanWorkbook.csv(DSGPlanWorkbook.table(table, report)).utf8).write(to: path, options: .atomic) } catch {
                    return .failure("cannot write \(path.path): \(error.localizedDescription)")
                }
                written.append(path.path)
            }
        }
        try await AuditLog.record(AuditEntry(action: "finance.dsg_plan.export", entityType: "report", detail: "as at \(asAt)"),
                                  by: AuditActor(userID: nil, name: "continuum export dsg-plan", role: "system", socketAddress: "local"), on: app.db)
        return .ok(written.joined(separator: "\n"))
    }
}
