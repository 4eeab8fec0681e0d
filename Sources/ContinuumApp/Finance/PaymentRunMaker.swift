import Fluent
import SQLKit
import Foundation
import ContinuumDomain

/// Makes a top-up payment run, for the page and for `continuum finance payment-run`: the year's placements
/// and earlier runs are read as columns through SQLKit (a large council has 20,000 placements), the lines
/// come from `PaymentRunRules`, and the run and its lines are saved in one audited transaction.
enum PaymentRunMaker {
    private struct PlacementRow: Decodable {
        let id: UUID; let setting: String; let upn: String; let s251_line: String
        let annual_pence: Int64; let starts_on: CalendarDate; let ends_on: CalendarDate?
    }

    private struct PaidRow: Decodable { let placement_id: UUID; let run_id: UUID; let due_pence: Int64; let adjustment_pence: Int64 }

    static func make(authorityID: UUID, label: String, from: CalendarDate, to: CalendarDate, madeBy: String, actor: AuditActor,
                     on db: any Database) async throws -> Result<PaymentRun, PaymentRunRules.Problem> {
        guard let sql = db as? any SQLDatabase else { throw NotSQL() }
        if to < from { return .failure(.endsBeforeStart) }
        let year = FinancialYear(containing: from)
        let earlier = try await PaymentRun.query(on: db).filter(\.$authority.$id == authorityID).filter(\.$financialYear == year.description).all()
        let placements = try await sql.select().columns("id", "setting", "upn", "s251_line", "annual_pence", "starts_on", "ends_on")
            .from(Placement.schema)
            .where("authority_id", .equal, SQLBind(authorityID))
            .where("starts_on", .lessThanOrEqual, SQLBind(year.end))
            .where { $0.where("ends_on", .is, SQLLiteral.null).orWhere("ends_on", .greaterThanOrEqual, SQLBind(year.start)) }
            .all(decoding: PlacementRow.self)
        let paid: [PaidRow] = earlier.isEmpty ? [] : try await sql.select().columns("placement_id", "run_id", "due_pence", "adjustment_pence")
            .from(PaymentLine.schema).where("run_id", .in, SQLBind.group(earlier.compactMap(\.id))).all(decoding: PaidRow.self)
        let periodOf = Dictionary(uniqueKeysWithValues: earlier.map { ($0.id!, ($0.from, $0.to)) })
        let result = PaymentRunRules.lines(
            from: from, to: to,
            placements: placements.map { .init(id: $0.id, annual: Money(pence: $0.annual_pence), start: $0.starts_on, end: $0.ends_on) },
            earlierRuns: earlier.map { (from: $0.from, to: $0.to) },
            paid: paid.compactMap { line in periodOf[line.run_id].map { .init(placement: line.placement_id, from: $0.0, to: $0.1, amount: Money(pence: line.due_pence + line.adjustment_pence)) } })
        let lines: [PaymentRunRules.Line]
        switch result {
        case let .failure(problem): return .failure(problem)
        case let .success(computed): lines = computed
        }
        let byID = Dictionary(uniqueKeysWithValues: placements.map { ($0.id, $0) })
        let total = Money.sum(lines.map(\.total))
        let run = try await AuditLog.transaction(on: db, actor: actor) { tx in
            let run = PaymentRun()
            run.$authority.id = authorityID
            run.label = label; run.from = from; run.to = to; run.financialYear = year.description
            run.totalPence = total.pence; run.madeBy = madeBy
            try await run.create(on: tx)
            guard let txSQL = tx as? any SQLDatabase else { throw NotSQL() }
            // 500 rows × 9 values stays under SQLite's and PostgreSQL's bound-parameter limits.
            for chunk in lines.chunked(into: 500) {
                var insert = txSQL.insert(into: PaymentLine.schema)
                    .columns("id", "run_id", "placement_id", "setting", "upn", "s251_line", "days", "due_pence", "adjustment_pence")
                for line in chunk {
                    guard let placement = byID[line.placement] else { continue }
                    insert = insert.values([UUID(), run.id!, line.placement, placement.setting, placement.upn, placement.s251_line, line.days,
                                            line.due.pence, line.adjustment.pence] as [any Encodable & Sendable])
                }
                try await insert.run()
            }
            return ([AuditEntry(action: "finance.payment_run", entityType: "payment_run", entityID: run.id?.uuidString,
                                detail: "\(label): \(from) to \(to), \(lines.count) lines, \(total.decimal)")], run)
        }
        return .success(run)
    }

    /// Continuum runs on SQLite or PostgreSQL, both SQL databases; anything else is a programming error.
    struct NotSQL: Error {}

    private struct LineRow: Decodable {
        let setting: String; let upn: String; let s251_line: String; let days: Int; let due_pence: Int64; let adjustment_pence: Int64
    }

    static let csvHeader = "setting,upn,s251_line,period_from,period_to,days,due,adjustment,total"

    /// The run as a CSV for the finance system: one row per placement, grouped by setting.
    static func csv(_ run: PaymentRun, on db: any Database) async throws -> String {
        guard let sql = db as? any SQLDatabase, let id = run.id else { return csvHeader + "\r\n" }
        let lines = try await sql.select().columns("setting", "upn", "s251_line", "days", "due_pence", "adjustment_pence")
            .from(PaymentLine.schema).where("run_id", .equal, SQLBind(id)).orderBy("setting").orderBy("upn")
            .all(decoding: LineRow.self)
        var csv = csvHeader + "\r\n"
        csv.reserveCapacity(lines.count * 80)
        for line in lines {
            let cells = [line.setting, line.upn, line.s251_line, run.from.description, run.to.description, String(line.days),
                         Money(pence: line.due_pence).decimal, Money(pence: line.adjustment_pence).decimal, Money(pence: line.due_pence + line.adjustment_pence).decimal]
            csv += cells.map(CSVCell.escape).joined(separator: ",") + "\r\n"
        }
        return csv
    }
}
