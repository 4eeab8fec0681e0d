import Fluent
import Foundation
import Vapor
import ContinuumDomain

/// Applies a validated band frameworks file (TOPUP-4) in one transaction. A version already held with
/// the same start and bands is left alone, so re-importing a file changes nothing; a version held with
/// different bands is refused, because a version is never edited (each award keeps the version it was
/// made under). Each framework runs until the day before the next one starts.
struct BandFrameworkImporter {
    struct Summary: Sendable, Equatable {
        var frameworks = 0, bands = 0, added = 0, unchanged = 0
        var line: String { "read \(frameworks) framework version(s) with \(bands) band(s): added \(added), unchanged \(unchanged)" }
    }

    enum Outcome: Sendable {
        case imported(Summary)
        case refused([BandFrameworkImportFile.Problem])
    }

    let authorityID: UUID
    let actor: AuditActor

    func importFile(_ data: Data, on db: any Database) async throws -> Outcome {
        let parsed: [BandFrameworkImportFile.Parsed]
        switch BandFrameworkImportFile.parse(data) {
        case .problems(let problems): return .refused(problems)
        case .frameworks(let frameworks): parsed = frameworks
        }
        let held = try await BandFrameworkQuery.all(authorityID: authorityID, on: db)
        let (fresh, problems) = BandFrameworkImportFile.newVersions(parsed, held: held)
        guard problems.isEmpty else { return .refused(problems) }
        let summary = Summary(frameworks: parsed.count, bands: parsed.reduce(0) { $0 + $1.framework.bands.count },
                              added: fresh.count, unchanged: parsed.count - fresh.count)
        try await AuditLog.transaction(on: db, actor: actor) { tx in
            for f in fresh {
                let record = BandFrameworkRecord()
                record.$authority.id = authorityID
                record.name = f.name; record.version = f.version; record.effectiveFrom = f.effectiveFrom
                try await record.create(on: tx)
                let bands = f.bands.map { band -> BandRecord in
                    let row = BandRecord()
                    row.$framework.id = record.id!
                    row.code = band.code; row.descriptor = band.descriptor; row.annualPence = band.annual.pence
                    row.settingTypes = band.settingTypes.map(\.rawValue).sorted().joined(separator: ";")
                    return row
                }
                try await bands.create(on: tx)
            }
            // TOPUP-4: each framework's effective_to follows from the next one's effective_from.
            let records = try await BandFrameworkRecord.query(on: tx).filter(\.$authority.$id == authorityID).all()
            let all = records.map { BandFramework(name: $0.name, version: $0.version, effectiveFrom: $0.effectiveFrom, bands: []) }
            for (record, framework) in zip(records, all) {
                let to = BandFrameworks.effectiveTo(of: framework, among: all)
                if record.effectiveTo != to { record.effectiveTo = to; try await record.save(on: tx) }
            }
            return ([AuditEntry(action: "finance.bands.imported", entityType: "band_framework", detail: summary.line)], ())
        }
        return .imported(summary)
    }
}

/// `continuum finance bands import [--la-code CODE] FILE.csv`.
enum BandImportCommand {
    static let usage = "usage: continuum finance bands import [--la-code CODE] FILE.csv"

    static func run(_ args: ArraySlice<String>, app: Application) async throws -> CLIResult {
        guard args.first == "import" else { return .usage(usage) }
        let options: CLIOptions
        do { options = try CLIOptions(args.dropFirst(), allowed: ["la-code"]) } catch { return error }
        guard options.positional.count == 1 else { return .usage(usage) }
        let path = options.positional[0]
        guard let data = FileManager.default.contents(atPath: path) else { return .usage("cannot read \(path)") }
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        let importer = BandFrameworkImporter(authorityID: try authority.requireID(),
                                             actor: AuditActor(userID: nil, name: "continuum finance bands import", role: "system", socketAddress: "local"))
        switch try await importer.importFile(data, on: app.db) {
        case .refused(let problems):
            return .failure("\(path): nothing imported; \(Set(problems.map(\.line)).count) line(s) need fixing:\n" + problems.map { "  \($0)" }.joined(separator: "\n"))
        case .imported(let summary):
            return .ok("\(path): \(summary.line)")
        }
    }
}
