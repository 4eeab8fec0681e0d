import Fluent
import Foundation
import Vapor
import ContinuumDomain

/// `continuum finance allocation …`: sets a financial year's High Needs figures (issue 15 item 3);
/// `continuum finance bands import FILE.csv` loads band frameworks (TOPUP-4).
enum FinanceCommand {
    static let usage = "usage: continuum finance allocation --financial-year 2025-26 --high-needs 54000000.00 [--transfer-in 1000000.00] [--opening-balance -23000000.00] [--la-code NNN]"
        + " | continuum finance bands import [--la-code NNN] FILE.csv"

    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        if args.first == "bands" { return try await BandImportCommand.run(args.dropFirst(), app: app) }
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
        let placements = try await Placement.query(on: db).filter(\.$authority.$id == authorityID)
            .filter(\.$startsOn <= year.end)
            .group(.or) { $0.filter(\.$endsOn == nil).filter(\.$endsOn >= year.start) }
            .all()
        return HighNeedsPosition.compute(year: year, asAt: asAt, allocation: allocation.allocation, commitments: placements.map(\.commitment))
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
