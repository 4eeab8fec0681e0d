import Fluent
import Foundation
import Vapor
import ContinuumDomain

/// `continuum import establishments FILE.csv`: all or nothing; every bad line reported by number.
/// `continuum import attendance FILE.csv …` is `AttendanceImportCommand`.
enum ImportCommand {
    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        if args.first == "ctf" { return try await ChildImportCommand.run(.ctf, Array(args.dropFirst()), app: app) }
        if args.first == "pupils" { return try await ChildImportCommand.run(.pupils, Array(args.dropFirst()), app: app) }
        if args.first == "ehc" { return try await EHCImportCommand.run(Array(args.dropFirst()), app: app) }
        if args.first == "placements" { return try await PlacementImportCommand.run(Array(args.dropFirst()), app: app) }
        if args.first == "post16" { return try await Post16Commands.runImport(Array(args.dropFirst()), app: app) }
        if args.first == "attendance" { return try await AttendanceImportCommand.run(Array(args.dropFirst()), app: app) }
        guard args.count == 2, args[0] == "establishments" else {
            return .usage("usage: continuum import establishments FILE.csv | continuum import attendance FILE.csv [FILE.csv …] | continuum import ehc FILE.csv | continuum import placements FILE.csv | continuum import ctf FILE.xml | continuum import pupils FILE.csv | continuum import post16 FILE.csv")
        }
        let path = args[1]
        guard let data = FileManager.default.contents(atPath: path) else { return .usage("cannot read \(path)") }
        switch try await EstablishmentImport.importFile(data, on: app.db) {
        case .refused(let problems):
            return .failure("\(path): nothing imported; \(problems.count) line(s) need fixing:\n" + problems.map { "  \($0)" }.joined(separator: "\n"))
        case .imported(let summary):
            return .ok("\(path): \(summary.line)")
        }
    }
}

enum EstablishmentImport {
    struct Summary: Sendable {
        let read: Int; let added: Int; let updated: Int
        /// What the command prints and the upload page shows.
        var line: String { "read \(read), added \(added), updated \(updated)" }
    }
    static let commandActor = AuditActor(userID: nil, name: "continuum import establishments", role: "system", socketAddress: "local")

    /// Upserts by URN in one transaction, so a failure part-way leaves the table as it was.
    enum Outcome: Sendable {
        case imported(Summary)
        /// The file was refused whole; nothing was saved.
        case refused([GIASFile.Problem])
    }

    /// Validates the whole file, then applies it: the one path for the command and the upload page.
    static func importFile(_ data: Data, actor: AuditActor = commandActor, on db: any Database) async throws -> Outcome {
        switch GIASFile.parse(data) {
        case .problems(let problems): return .refused(problems)
        case .rows(let rows): return .imported(try await apply(rows, actor: actor, on: db))
        }
    }

    /// The one path for `continuum import establishments` and the administrators' upload page (`actor`).
    static func apply(_ rows: [GIASFile.Row], actor: AuditActor = commandActor, on db: any Database) async throws -> Summary {
        return try await AuditLog.transaction(on: db, actor: actor) { tx in
            let existing = try await Establishment.query(on: tx).filter(\.$urn ~~ rows.map(\.urn)).all()
            let byURN = Dictionary(existing.map { ($0.urn, $0) }, uniquingKeysWith: { a, _ in a })
            var added: [Establishment] = []
            var updated = 0
            for row in rows {
                let model = byURN[row.urn] ?? Establishment()
                model.urn = row.urn; model.laCode = row.laCode; model.establishmentNumber = row.establishmentNumber; model.name = row.name
                model.typeName = row.typeName; model.phase = row.phase; model.status = row.status; model.statutoryLowAge = row.statutoryLowAge
                model.statutoryHighAge = row.statutoryHighAge; model.postcode = row.postcode; model.easting = row.easting; model.northing = row.northing
                model.searchKey = "\(row.urn) \(row.name)".lowercased()
                if byURN[row.urn] == nil { added.append(model) } else { try await model.save(on: tx); updated += 1 }
            }
            for chunk in added.chunked(into: 300) { try await chunk.create(on: tx) }
            return ([AuditEntry(action: "establishments.imported", entityType: "establishment", detail: "added \(added.count), updated \(updated)")],
                    Summary(read: rows.count, added: added.count, updated: updated))
        }
    }
}
