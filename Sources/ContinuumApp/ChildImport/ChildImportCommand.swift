import Fluent
import Foundation
import Vapor
import ContinuumDomain

/// `continuum import ctf [--la-code NNN] FILE.xml` and `continuum import pupils [--la-code NNN] FILE.csv`.
/// One line of JSON on success; a refused file lists its problems on standard error, exit status 1.
enum ChildImportCommand {
    enum Kind: Sendable {
        case ctf, pupils
        var usage: String {
            switch self {
            case .ctf: "usage: continuum import ctf [--la-code NNN] FILE.xml"
            case .pupils: "usage: continuum import pupils [--la-code NNN] FILE.csv"
            }
        }
        var source: String { self == .ctf ? "CTF" : "pupils CSV" }
    }

    static func run(_ kind: Kind, _ args: [String], app: Application) async throws -> CLIResult {
        let options: CLIOptions
        do { options = try CLIOptions(args[...], allowed: ["la-code"]) } catch { return error }
        guard options.positional.count == 1 else { return .usage(kind.usage) }
        let path = options.positional[0]
        guard FileManager.default.isReadableFile(atPath: path) else { return .usage("cannot read \(path)") }
        // The same choice every command makes: --la-code, else the only authority; never a guess.
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let refusal as CLIResult { return refusal }

        let records: [PupilRecord]
        let problems: [String]
        switch kind {
        case .ctf:
            switch CTFReader.read(contentsOf: URL(fileURLWithPath: path)) {
            case .file(let file): records = file.pupils; problems = []
            case .problems(let found): records = []; problems = found.map(\.description)
            }
        case .pupils:
            switch PupilCSVReader.read(contentsOf: URL(fileURLWithPath: path)) {
            case .rows(let rows): records = rows; problems = []
            case .problems(let found): records = []; problems = found.map(\.description)
            }
        }
        guard problems.isEmpty else { return refused(path, problems) }
        let importer = ChildImporter(authorityID: try authority.requireID(),
                                     actor: AuditActor(userID: nil, name: "continuum import \(kind == .ctf ? "ctf" : "pupils")", role: "system", socketAddress: "local"),
                                     source: kind.source)
        switch try await importer.apply(records, on: app.db) {
        case .imported(let summary): return .ok(summary.json)
        case .refused(let found): return refused(path, found)
        }
    }

    static func refused(_ path: String, _ problems: [String]) -> CLIResult {
        .failure("\(path): nothing imported; \(problems.count) problem\(problems.count == 1 ? "" : "s") to fix:\n"
                 + problems.map { "  \($0)" }.joined(separator: "\n"))
    }
}
