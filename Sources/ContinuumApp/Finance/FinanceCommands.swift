import Fluent
import SQLKit
import Foundation
import Vapor
import ContinuumDomain

/// `continuum finance allocation …`: sets a financial year's High Needs figures (issue 15 item 3);
/// `continuum finance bands import FILE.csv` loads band frameworks (TOPUP-4); `continuum finance payment-run`
/// makes a termly or monthly top-up payment run and writes its CSV.
enum FinanceCommand {
    static let usage = "usage: continuum finance allocation --financial-year 2025-26 --high-needs 54000000.00 [--transfer-in 1000000.00] [--opening-balance -23000000.00] [--la-code NNN]"
        + " | continuum finance bands import [--la-code NNN] FILE.csv"
        + " | continuum finance payment-run --label TEXT --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE.csv] [--la-code NNN]"

    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        if args.first == "bands" { return try await BandImportCommand.run(args.dropFirst(), app: app) }
        if args.first == "payment-run" { return try await PaymentRunCommand.run(args.dropFirst(), app: app) }
        guard args.first == "allocation" else { return .usage(usage) }
        let options: CLIOptions
        do { options = try CLIOptions(args.dropFirst(), allowed: ["financial-year", "high-needs", "transfer-in", "opening-balance", "la-code"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0]); \(usage)") }
        let year: FinancialYear, highNeeds: Money, transfer: Money, opening: Money
        do {
            let raw = try options.required("financial-year")
            guard let parsed = FinancialYear(raw) else { throw CLIResult.usage("--financial-year \"\(raw)\" is not a financial year like 2025-26") }
            year = parsed
            highNeeds = try MoneyRulesCommand.money(options, "high-needs", usage: usage)
            transfer = options.values["transfer-in"] == nil ? .zero : try MoneyRulesCommand.money(options, "transfer-in", usage: usage)
            opening = options.values["opening-balance"] == nil ? .zero : try MoneyRulesCommand.money(options, "opening-balance", usage: usage)
            guard highNeeds >= .zero else { throw CLIResult.usage("--high-needs must not be negative") }
        } catch let error as CLIResult { return error }
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        let authorityID = try authority.requireID()
        let actor = AuditActor(userID: nil, name: "continuum finance allocation", role: "system", socketAddress: "local")
        try await AuditLog.transaction(on: app.db, actor: actor) { tx in
            let row = try await HighNeedsAllocation.query(on: tx).filter(\.$authority.$id == authorityID)
                .filter(\.$financialYear == year.description).first() ?? HighNeedsAllocation()
            row.$authority.id = authorityID
            row.financialYear = year.description
            row.highNeedsPence = highNeeds.pence; row.transferInPence = transfer.pence; row.openingBalancePence = opening.pence
            try await row.save(on: tx)
            return ([AuditEntry(action: "finance.allocation", entityType: "high_needs_allocation", entityID: row.id?.uuidString,
                                detail: "\(year) high needs \(highNeeds.decimal), transfer in \(transfer.decimal), opening \(opening.decimal)")], ())
        }
        return .ok("\(year): high needs \(highNeeds.decimal), transfer in \(transfer.decimal), opening balance \(opening.decimal)")
    }
}

/// Loads what the High Needs position needs: the year's allocation and the authority's placements that
/// touch the year. One query each, whatever the number of placements.
enum HighNeedsQuery {
    static func position(authorityID: UUID, year: FinancialYear, asAt: CalendarDate, on db: any Database) async throws -> HighNeedsPosition? {
        guard let allocation = try await HighNeedsAllocation.query(on: db).filter(\.$authority.$id == authorityID)
            .filter(\.$financialYear == year.description).first() else { return nil }
        return HighNeedsPosition.compute(year: year, asAt: asAt, allocation: allocation.allocation,
                                         commitments: try await commitments(authorityID: authorityID, year: year, on: db))
    }

    private struct CommitmentRow: Decodable { let s251_line: String; let annual_pence: Int64; let starts_on: CalendarDate; let ends_on: CalendarDate? }

    /// The four columns the position needs from each placement touching the year, read through SQLKit:
    /// a large council's 20,000 placements are never built as models (issue 15's speed goal).
    static func commitments(authorityID: UUID, year: FinancialYear, on db: any Database) async throws -> [HighNeedsPosition.Commitment] {
        guard let sql = db as? any SQLDatabase else { throw PaymentRunMaker.NotSQL() }
        return try await sql.select().columns("s251_line", "annual_pence", "starts_on", "ends_on")
            .from(Placement.schema)
            .where("authority_id", .equal, SQLBind(authorityID))
            .where("starts_on", .lessThanOrEqual, SQLBind(year.end))
            .where { $0.where("ends_on", .is, SQLLiteral.null).orWhere("ends_on", .greaterThanOrEqual, SQLBind(year.start)) }
            .all(decoding: CommitmentRow.self)
            .map { .init(s251Line: $0.s251_line, annual: Money(pence: $0.annual_pence), start: $0.starts_on, end: $0.ends_on) }
    }
}

/// `continuum report high-needs --financial-year 2025-26 --as-at YYYY-MM-DD --format json`.
enum HighNeedsReportCommand {
    static let usage = "usage: continuum report high-needs --financial-year 2025-26 --as-at YYYY-MM-DD --format json [--la-code NNN]"

    static func run(_ args: ArraySlice<String>, app: Application) async throws -> CLIResult {
        let options: CLIOptions
        do { options = try CLIOptions(args, allowed: ["financial-year", "as-at", "format", "la-code"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0]); \(usage)") }
        guard options.values["format"] == "json" else { return .usage("--format json is required; \(usage)") }
        guard let rawYear = options.values["financial-year"], let year = FinancialYear(rawYear) else {
            return .usage("--financial-year must be a financial year like 2025-26; \(usage)")
        }
        guard let rawAt = options.values["as-at"], let asAt = CalendarDate(input: rawAt) else {
            return .usage("--as-at must be a real date in the format YYYY-MM-DD; \(usage)")
        }
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        guard let position = try await HighNeedsQuery.position(authorityID: try authority.requireID(), year: year, asAt: asAt, on: app.db) else {
            return .failure("no High Needs allocation is set for \(year): run continuum finance allocation --financial-year \(year) …")
        }
        return .ok(json(position))
    }

    static func json(_ p: HighNeedsPosition) -> String {
        func amount(_ m: Money) -> String { JSONLine.quote(m.decimal) }
        let lines = p.lineCodes.map { code -> String in
            let f = p.byLine[code]!
            return "\(JSONLine.quote(code)):{\"spent_to_date\":\(amount(f.spentToDate)),\"forecast_outturn\":\(amount(f.forecastOutturn))}"
        }
        let pairs: [(String, String)] = [
            ("financial_year", JSONLine.quote(p.year.description)), ("as_at", JSONLine.quote(p.asAt.description)),
            ("allocation", amount(p.allocation.highNeeds)), ("transfer_in", amount(p.allocation.transferIn)),
            ("spent_to_date", amount(p.spentToDate)), ("forecast_outturn", amount(p.forecastOutturn)),
            ("in_year_balance", amount(p.inYearBalance)), ("opening_cumulative", amount(p.allocation.openingCumulative)),
            ("closing_cumulative_forecast", amount(p.closingCumulativeForecast)), ("by_s251_line", "{" + lines.joined(separator: ",") + "}"),
        ]
        return "{" + pairs.map { "\(JSONLine.quote($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }
}

/// `continuum finance payment-run --label TEXT --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE.csv]`: the same run
/// as the payment runs page makes, for a finance team's scheduled job; a period already paid is refused (status 1).
enum PaymentRunCommand {
    static let usage = "usage: continuum finance payment-run --label TEXT --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE.csv] [--la-code NNN]"

    static func run(_ args: ArraySlice<String>, app: Application) async throws -> CLIResult {
        let options: CLIOptions
        do { options = try CLIOptions(args, allowed: ["label", "from", "to", "out", "la-code"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0]); \(usage)") }
        guard let label = options.values["label"]?.trimmingCharacters(in: .whitespaces), !label.isEmpty, label.count <= 100 else {
            return .usage("--label is required, up to 100 characters; \(usage)")
        }
        guard let rawFrom = options.values["from"], let from = CalendarDate(input: rawFrom) else { return .usage("--from must be a real date in the format YYYY-MM-DD; \(usage)") }
        guard let rawTo = options.values["to"], let to = CalendarDate(input: rawTo) else { return .usage("--to must be a real date in the format YYYY-MM-DD; \(usage)") }
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        let actor = AuditActor(userID: nil, name: "continuum finance payment-run", role: "system", socketAddress: "local")
        switch try await PaymentRunMaker.make(authorityID: try authority.requireID(), label: label, from: from, to: to, madeBy: actor.name, actor: actor, on: app.db) {
        case let .failure(problem): return .failure(problem.description)
        case let .success(run):
            let csv = try await PaymentRunMaker.csv(run, on: app.db)
            let lines = csv.split(separator: "\r\n").count - 1
            if let out = options.values["out"] {
                do { try Data(csv.utf8).write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
                    return .failure("the run was made, but \(out) could not be written: \(error.localizedDescription); download it from the payment runs page")
                }
            }
            return .ok("\(label): \(from) to \(to), \(lines) line(s), total \(Money(pence: run.totalPence).decimal)")
        }
    }
}
