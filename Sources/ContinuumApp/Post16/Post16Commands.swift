import Fluent
import Foundation
import Vapor
import ContinuumDomain

/// The post-16 commands (issue 17): `import post16`, `report neet` and `export nccis`. Each first brings the children
/// Continuum holds into the cohort (`Post16CohortSync`), so the figures cover everyone the authority knows of.
enum Post16Commands {
    static let importUsage = "usage: continuum import post16 FILE.csv [--la-code CODE]"
    static let neetUsage = "usage: continuum report neet --month YYYY-MM --format json [--la-code CODE] | continuum report neet --headline YYYY [--months 12,1,2] --format json [--la-code CODE]"
    static let nccisUsage = "usage: continuum export nccis --month YYYY-MM --out FILE [--la-code CODE]"

    static func actor(_ command: String) -> AuditActor { AuditActor(userID: nil, name: "continuum \(command)", role: "system", socketAddress: "local") }

    static func runImport(_ args: [String], app: Application) async throws -> CLIResult {
        let options: CLIOptions
        do { options = try CLIOptions(args[...], allowed: ["la-code"]) } catch { return error }
        guard options.positional.count == 1 else { return .usage(importUsage) }
        let path = options.positional[0]
        guard let data = FileManager.default.contents(atPath: path) else { return .usage("cannot read \(path)") }
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        let id = try authority.requireID(), today = CalendarDate.today()
        _ = try await Post16CohortSync.refresh(authorityID: id, today: today, actor: actor("import post16"), on: app.db)
        switch try await Post16Importer.importFile(data, authorityID: id, today: today, actor: actor("import post16"), on: app.db) {
        case let .refused(problems):
            return .failure("\(path): nothing imported; \(problems.count) problem(s) need fixing:\n" + problems.map { "  \($0)" }.joined(separator: "\n"))
        case let .imported(summary):
            return .ok("\(path): \(summary.line)")
        }
    }

    static func runNEET(_ args: [String], app: Application) async throws -> CLIResult {
        let options: CLIOptions
        do { options = try CLIOptions(args[...], allowed: ["month", "headline", "months", "format", "la-code"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0])\n" + neetUsage) }
        guard (options.values["format"] ?? "json") == "json" else { return .usage("--format must be json\n" + neetUsage) }
        let month = options.values["month"], headline = options.values["headline"]
        guard (month == nil) != (headline == nil) else { return .usage("give --month YYYY-MM or --headline YYYY\n" + neetUsage) }
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        let id = try authority.requireID()
        if let raw = month {
            guard let m = NCCISMonth(raw) else { return .usage("--month \"\(raw)\" is not a month in the format YYYY-MM\n" + neetUsage) }
            _ = try await Post16CohortSync.refresh(authorityID: id, today: .today(), actor: actor("report neet"), on: app.db)
            let figures = Post16Store.figures(try await Post16Store.loadAll(authorityID: id, db: app.db, cohortOn: m.lastDay), month: m)
            try await AuditLog.record(AuditEntry(action: "post16.neet_report", entityType: "report", detail: "month=\(m) cohort=\(figures.cohort)"), by: actor("report neet"), on: app.db)
            return .ok(figures.json)
        }
        let raw = headline!
        guard raw.count == 4, let year = Int(raw), (2000...2100).contains(year) else { return .usage("--headline \"\(raw)\" is not a year like 2027\n" + neetUsage) }
        // LOCAL (rulebook P16-5 ⚠): the snapshot months are configuration; December, January and February by default.
        var monthsOfYear = NEETHeadline.defaultMonths
        if let list = options.values["months"] {
            let parsed = list.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !parsed.isEmpty, parsed.allSatisfy({ $0.map { (1...12).contains($0) } ?? false }), Set(parsed).count == parsed.count else {
                return .usage("--months \"\(list)\" must be distinct month numbers 1 to 12, like 12,1,2\n" + neetUsage)
            }
            monthsOfYear = parsed.map { $0! }
        }
        _ = try await Post16CohortSync.refresh(authorityID: id, today: .today(), actor: actor("report neet"), on: app.db)
        let people = try await Post16Store.loadAll(authorityID: id, db: app.db)
        let result = NEETHeadline(year: year, snapshots: NEETHeadline.months(year: year, monthsOfYear: monthsOfYear).map { Post16Store.figures(people, month: $0) })
        try await AuditLog.record(AuditEntry(action: "post16.neet_headline", entityType: "report", detail: "headline=\(year)"), by: actor("report neet"), on: app.db)
        return .ok(result.json)
    }

    static func runNCCIS(_ args: ArraySlice<String>, app: Application) async throws -> CLIResult {
        let options: CLIOptions
        do { options = try CLIOptions(args, allowed: ["month", "out", "la-code"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0])\n" + nccisUsage) }
        let raw = options.values["month"] ?? ""
        guard let month = NCCISMonth(raw) else { return .usage("--month \"\(raw)\" is not a month in the format YYYY-MM\n" + nccisUsage) }
        guard let out = options.values["out"], !out.isEmpty else { return .usage("--out is required\n" + nccisUsage) }
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        let id = try authority.requireID()
        _ = try await Post16CohortSync.refresh(authorityID: id, today: .today(), actor: actor("export nccis"), on: app.db)
        let built = try await build(authorityID: id, laCode: authority.laCode, month: month, db: app.db)
        // NCCIS-3: an invalid return is not written; each problem is named.
        guard built.problems.isEmpty else {
            return CLIResult(stdout: "", stderr: "\(out) not written: the NCCIS return for \(month) has \(built.problems.count) problem(s)\n"
                             + built.problems.map(\.description).joined(separator: "\n"), status: 2)
        }
        do { try Data(built.file.csv().utf8).write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
            return .failure("cannot write \(out): \(error.localizedDescription)")
        }
        try await AuditLog.record(AuditEntry(action: "post16.nccis_export", entityType: "report", detail: "month=\(month) records=\(built.file.records.count)"),
                                  by: actor("export nccis"), on: app.db)
        return .ok("\(out): the NCCIS return for \(month), \(built.file.records.count) young people")
    }

    /// The return and its problems: the one path for the command and the officers' page.
    static func build(authorityID: UUID, laCode: String, month: NCCISMonth, db: any Database) async throws -> (file: NCCISReturn, problems: [NCCISReturn.Problem]) {
        let people = try await Post16Store.loadAll(authorityID: authorityID, db: db, cohortOn: month.lastDay)
        let offers = try await Post16Store.offers(authorityID: authorityID, year: SeptemberGuarantee.year(on: month.lastDay), db: db)
        let file = Post16Store.nccisReturn(people, offers: offers, laCode: laCode, month: month)
        return (file, file.problems(codes: NCCISCodeSet.bundled(for: month.lastDay)))
    }
}
