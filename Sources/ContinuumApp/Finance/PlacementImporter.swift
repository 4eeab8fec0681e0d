import Fluent
import Foundation
import Vapor
import ContinuumDomain

/// Applies a validated placements file (issue 15 item 2): one transaction, keyed on (authority, UPN,
/// setting, start date), so re-importing the same file changes nothing and a corrected row updates its
/// placement. Placements recorded in Continuum itself are never overwritten by an import.
struct PlacementImporter {
    struct Summary: Sendable, Equatable {
        var read = 0, added = 0, updated = 0, unchanged = 0, unmatched = 0
        var line: String { "read \(read), added \(added), updated \(updated), unchanged \(unchanged), unmatched UPNs \(unmatched)" }
    }

    enum Outcome: Sendable {
        case imported(Summary)
        case refused([PlacementImportFile.Problem])
    }

    let authorityID: UUID
    let actor: AuditActor

    /// The authority's framework in force today (TOPUP-4): an imported band must be one of its bands, and
    /// the placement stores its version.
    static func currentFramework(authorityID: UUID, on db: any Database) async throws -> BandFramework? {
        try await BandFrameworkQuery.current(authorityID: authorityID, on: CalendarDate.today(), db: db)
    }

    func importFile(_ data: Data, on db: any Database) async throws -> Outcome {
        let framework = try await Self.currentFramework(authorityID: authorityID, on: db)
        switch PlacementImportFile.parse(data, framework: framework) {
        case .problems(let problems): return .refused(problems)
        case .rows(let rows): return .imported(try await apply(rows, frameworkVersion: framework?.version, on: db))
        }
    }

    func apply(_ rows: [PlacementImportFile.Row], frameworkVersion: Int?, on db: any Database) async throws -> Summary {
        try await AuditLog.transaction(on: db, actor: actor) { tx in
            var summary = Summary(read: rows.count)
            let upns = Array(Set(rows.map(\.upn.value)))
            var children: [String: UUID] = [:]
            var existing: [String: Placement] = [:]
            for chunk in upns.chunked(into: 500) {
                for child in try await Child.query(on: tx).filter(\.$authority.$id == authorityID).filter(\.$upn ~~ chunk).all() {
                    if let upn = child.upn { children[upn] = child.id }
                }
                for item in try await Placement.query(on: tx).filter(\.$authority.$id == authorityID).filter(\.$upn ~~ chunk).all() {
                    existing["\(item.upn)|\(item.setting)|\(item.startsOn)"] = item
                }
            }
            var created: [Placement] = []
            var unmatched = Set<String>()
            for row in rows {
                let childID = children[row.upn.value]
                if childID == nil { unmatched.insert(row.upn.value) }
                let fresh = Placement(authorityID: authorityID, row: row, childID: childID, frameworkVersion: frameworkVersion)
                guard let current = existing[row.key] else { created.append(fresh); continue }
                guard current.source == "import" else { summary.unchanged += 1; continue }
                if Self.snapshot(current) == Self.snapshot(fresh) && current.$child.id == (childID ?? current.$child.id) {
                    summary.unchanged += 1; continue
                }
                current.$child.id = childID ?? current.$child.id
                current.settingTypeRaw = fresh.settingTypeRaw; current.s251Line = fresh.s251Line; current.band = fresh.band
                current.bandFrameworkVersion = fresh.bandFrameworkVersion; current.annualPence = fresh.annualPence
                current.endsOn = fresh.endsOn; current.placeFundingPence = fresh.placeFundingPence
                try await current.save(on: tx)
                summary.updated += 1
            }
            for chunk in created.chunked(into: 200) { try await chunk.create(on: tx) }
            summary.added = created.count
            summary.unmatched = unmatched.count
            return ([AuditEntry(action: "placements.imported", entityType: "placement", detail: summary.line)], summary)
        }
    }

    private static func snapshot(_ p: Placement) -> [String] {
        [p.settingTypeRaw, p.s251Line, p.band ?? "", String(p.annualPence), p.endsOn?.description ?? "", String(p.placeFundingPence ?? -1)]
    }
}

/// `continuum import placements [--la-code CODE] FILE.csv`.
enum PlacementImportCommand {
    static let usage = "usage: continuum import placements [--la-code CODE] FILE.csv"

    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        let options: CLIOptions
        do { options = try CLIOptions(args[...], allowed: ["la-code"]) } catch { return error }
        guard options.positional.count == 1 else { return .usage(usage) }
        let path = options.positional[0]
        guard let data = FileManager.default.contents(atPath: path) else { return .usage("cannot read \(path)") }
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        let importer = PlacementImporter(authorityID: try authority.requireID(),
                                         actor: AuditActor(userID: nil, name: "continuum import placements", role: "system", socketAddress: "local"))
        switch try await importer.importFile(data, on: app.db) {
        case .refused(let problems):
            return .failure("\(path): nothing imported; \(Set(problems.map(\.line)).count) line(s) need fixing:\n"
                            + problems.map { "  \($0)" }.joined(separator: "\n"))
        case .imported(let summary):
            return .ok("\(path): \(summary.line)")
        }
    }
}
