import Fluent
import Foundation
import Vapor

/// `continuum audit verify [--head FILE …]` and `continuum audit reset-head`.
enum AuditCommand {
    static let usage = "usage: continuum audit verify [--head FILE ...] | continuum audit reset-head"

    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        switch args.first {
        case "verify": return try await verify(Array(args.dropFirst()), app: app)
        case "reset-head" where args.count == 1: return try await resetHead(app: app)
        default: return .usage(usage)
        }
    }

    /// `--head FILE` (repeatable): check against other servers' head files instead of this data folder's,
    /// for servers that share one PostgreSQL database but not a data folder.
    static func verify(_ args: [String], app: Application) async throws -> CLIResult {
        let chain = try AuditChain.current()
        var heads: [AuditHeadFile] = []
        var index = 0
        while index < args.count {
            guard args[index] == "--head", index + 1 < args.count, !args[index + 1].isEmpty else { return .usage(usage) }
            heads.append(AuditHeadFile(path: args[index + 1], key: chain.key))
            index += 2
        }
        let result = try await AuditLog.verify(on: app.db, headFiles: heads.isEmpty ? nil : heads)
        if let bad = result.firstBad {
            return .failure("audit chain BROKEN at row \(bad.seq): \(bad.reason)", out: "checked \(result.rowsChecked) rows before the break")
        }
        var line = "audit chain intact: \(result.rowsChecked) rows verified"
        if let head = result.headSeq { line += "; recorded head is row \(head)" }
        if result.unanchoredLegacy {
            line += "; every row was written before the audit key and no head is recorded yet (the next audited action records one)"
        }
        if result.rowsAfterHead > 0 {
            line += "; \(result.rowsAfterHead) \(result.rowsAfterHead == 1 ? "row" : "rows") after the recorded head (committed just before a stop or crash; their MACs chain)"
        }
        return .ok(line)
    }

    /// Re-anchors the head on the chain as it is, after an operator has looked into why verify failed
    /// (a lost data folder, a restored database, a new server). Only over a chain whose MACs all verify,
    /// and it leaves a row saying what the head was before.
    static func resetHead(app: Application) async throws -> CLIResult {
        let chain = try AuditChain.current()
        let result = try await AuditLog.verify(on: app.db, headFiles: [])
        if let bad = result.firstBad {
            return .failure("not resetting the head: the chain itself is broken at row \(bad.seq): \(bad.reason)")
        }
        let previous = try await resetHead(on: app.db, chain: chain)
        try await AuditLog.record(AuditEntry(action: "audit.head_reset", entityType: "audit", detail: "previous head: \(previous)"),
                                  by: AuditActor(userID: nil, name: "continuum audit reset-head", role: "system", socketAddress: "local"), on: app.db)
        return .ok("audit head re-anchored at row \(result.rowsChecked) (previous head: \(previous)); the reset is recorded in the trail")
    }

    /// Writes the head for the chain's current last row, whatever the file held; says what it held.
    static func resetHead(on db: any Database, chain: AuditChain) async throws -> String {
        let tail = try await AuditEvent.query(on: db).sort(\.$seq, .descending).first()
        let (before, _) = try chain.headFile.write(tail.map { AuditHead(seq: $0.seq, mac: $0.hash) } ?? .genesis, mode: .replace)
        switch before {
        case .missing: return "none"
        case .invalid(let reason): return "not valid (\(reason))"
        case .valid(let head): return "row \(head.seq)"
        }
    }
}
