import Fluent
import Foundation
import Vapor
import ContinuumDomain

/// Applies a validated EHC history file: one transaction, keyed on (authority, UPN, request date),
/// so re-importing the same file changes nothing and a corrected row updates its case.
struct EHCImporter {
    struct Summary: Sendable, Equatable {
        var read = 0, added = 0, updated = 0, unchanged = 0, unmatched = 0, keptLive = 0
        var line: String {
            "read \(read), added \(added), updated \(updated), unchanged \(unchanged), unmatched UPNs \(unmatched)"
                + (keptLive > 0 ? ", kept \(keptLive) managed in Continuum" : "")
        }
    }

    let authorityID: UUID
    let actor: AuditActor

    enum Outcome: Sendable {
        case imported(Summary)
        /// The file was refused whole; nothing was saved.
        case refused([EHCImportFile.Problem])
    }

    /// Validates the whole file, then applies it: the one path for `continuum import ehc` and the upload page.
    func importFile(_ data: Data, on db: any Database) async throws -> Outcome {
        switch EHCImportFile.parse(data) {
        case .problems(let problems): return .refused(problems)
        case .rows(let rows): return .imported(try await apply(rows, on: db))
        }
    }

    func apply(_ rows: [EHCImportFile.Row], on db: any Database) async throws -> Summary {
        try await AuditLog.transaction(on: db, actor: actor) { tx in
            var summary = Summary(read: rows.count)
            let upns = Array(Set(rows.map(\.upn.value)))
            var children: [String: UUID] = [:]
            var existing: [String: EHCCase] = [:]
            for chunk in upns.chunked(into: 500) {
                for child in try await Child.query(on: tx).filter(\.$authority.$id == authorityID).filter(\.$upn ~~ chunk).all() {
                    if let upn = child.upn { children[upn] = child.id }
                }
                for item in try await EHCCase.query(on: tx).filter(\.$authority.$id == authorityID).filter(\.$upn ~~ chunk).all() {
                    existing["\(item.upn ?? "")|\(item.requestedOn)"] = item
                }
            }
            var created: [EHCCase] = []
            var unmatched = Set<String>()
            for row in rows {
                let childID = children[row.upn.value]
                if childID == nil { unmatched.insert(row.upn.value) }
                if let current = existing["\(row.upn.value)|\(row.request)"] {
                    guard current.source == "import" else { summary.keptLive += 1; continue }
                    let changed = Self.fill(current, from: row, childID: childID)
                    if changed { try await current.save(on: tx); summary.updated += 1 } else { summary.unchanged += 1 }
                } else {
                    let item = EHCCase(authorityID: authorityID, childID: childID, upn: row.upn.value, requestedOn: row.request,
                                       requester: .imported, requesterName: nil, summary: nil, source: "import")
                    _ = Self.fill(item, from: row, childID: childID)
                    created.append(item)
                }
            }
            for chunk in created.chunked(into: 200) { try await chunk.create(on: tx) }
            summary.added = created.count
            summary.unmatched = unmatched.count
            return ([AuditEntry(action: "ehc.imported", entityType: "ehc_case", detail: summary.line)], summary)
        }
    }

    /// Copies the row onto the case; true when anything differed.
    static func fill(_ item: EHCCase, from row: EHCImportFile.Row, childID: UUID?) -> Bool {
        let before = snapshot(item)
        if item.$child.id == nil, let childID { item.$child.id = childID }
        item.stageRaw = row.stage.rawValue
        item.decisionOn = row.decisionDate
        item.finalIssuedOn = row.finalDate
        item.exceptionRaw = row.exception?.rawValue
        switch row.decision {
        case .refuse?, .withdrawn?: item.assessmentClosedOn = row.decisionDate
        case .assess?: item.assessmentClosedOn = row.finalDate
        case nil: item.assessmentClosedOn = nil
        }
        return snapshot(item) != before
    }

    private static func snapshot(_ item: EHCCase) -> [String?] {
        [item.$child.id?.uuidString, item.stageRaw, item.decisionOn?.description, item.finalIssuedOn?.description, item.exceptionRaw,
         item.assessmentClosedOn?.description]
    }
}

/// `continuum import ehc [--la-code CODE] FILE.csv`.
enum EHCImportCommand {
    static let usage = "usage: continuum import ehc [--la-code CODE] FILE.csv"

    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        let options: CLIOptions
        do { options = try CLIOptions(args[...], allowed: ["la-code"]) } catch { return error }
        guard options.positional.count == 1 else { return .usage(usage) }
        let path = options.positional[0]
        guard let data = FileManager.default.contents(atPath: path) else { return .usage("cannot read \(path)") }
        // Any authority in the database, by --la-code; the only one when there is one (issue 12).
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        let importer = EHCImporter(authorityID: try authority.requireID(),
                                   actor: AuditActor(userID: nil, name: "continuum import ehc", role: "system", socketAddress: "local"))
        switch try await importer.importFile(data, on: app.db) {
        case .refused(let problems):
            return .failure("\(path): nothing imported; \(Set(problems.map(\.line)).count) line(s) need fixing:\n"
                            + problems.map { "  \($0)" }.joined(separator: "\n"))
        case .imported(let summary):
            return .ok("\(path): \(summary.line)")
        }
    }
}
