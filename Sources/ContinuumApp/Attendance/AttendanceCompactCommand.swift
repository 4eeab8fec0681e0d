import Fluent
import Foundation
import SQLKit
import Vapor
import ContinuumDomain

/// `continuum attendance compact [--before DATE]`: folds the daily feeds' registers into the
/// pupils' year blobs, a batch of schools per transaction, for a nightly or weekly schedule. With
/// `--before`, only schools holding a register dated before DATE are compacted.
enum AttendanceCompactCommand {
    static let usage = "usage: continuum attendance compact [--before YYYY-MM-DD]"
    /// Schools per transaction: about 250 pupils each, so a batch rewrites about 5,000 blobs.
    static let schoolsPerBatch = 20

    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        guard args.first == "compact" else { return .usage(usage) }
        let options: CLIOptions
        do { options = try CLIOptions(args.dropFirst(), allowed: ["before"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0])\n" + usage) }
        var before: CalendarDate?
        if let text = options.values["before"] {
            guard let date = CalendarDate(input: text) else { return .usage("--before \"\(text)\" is not a real date in the format YYYY-MM-DD") }
            before = date
        }
        guard let sql = app.db as? any SQLDatabase else { return .failure("compaction needs an SQL database") }
        let schools = try await AttendanceRegisterStore(sql: sql).schoolsWithRegisters(before: before)
        let actor = AuditActor(userID: nil, name: "continuum attendance compact", role: "system", socketAddress: "local")
        var folded = 0
        for batch in schools.chunked(into: schoolsPerBatch) {
            folded += try await AuditLog.transaction(on: app.db, actor: actor) { tx in
                guard let sql = tx as? any SQLDatabase else { throw AttendanceImportError.notSQL }
                let count = try await AttendanceCompactor(sql: sql).compact(urns: Set(batch))
                return ([AuditEntry(action: "attendance.compacted", entityType: "attendance", detail: "urns=\(batch.count) registers=\(count)")], count)
            }
        }
        return .ok("compacted \(folded) register(s) of \(schools.count) school(s)")
    }
}
