import Fluent
import SQLKit
import Vapor

/// Who did something, for the audit row. Built from the principal, or from the sign-in form for
/// attempts made before anyone is signed in.
struct AuditActor: Sendable {
    let userID: UUID?
    let name: String
    let role: String
    let socketAddress: String

    static func anonymous(_ req: Request, attemptedEmail: String? = nil) -> AuditActor {
        AuditActor(userID: nil, name: attemptedEmail.map { "anonymous (\($0))" } ?? "anonymous", role: "none", socketAddress: req.socketAddress)
    }
}

struct AuditEntry: Sendable {
    var action: String
    var entityType: String
    var entityID: String?
    var childID: UUID?
    var detail: String = ""
}

/// The append-only, hash-chained audit trail (SECURITY.md "Audit"). Every write goes through
/// `transaction`, which runs the change and appends its rows in one database transaction while
/// holding the chain lock, so a change never commits without its audit row and the chain never forks.
enum AuditLog {
    static let genesisHash = String(repeating: "0", count: 64)
    private static let mutex = AsyncMutex()
    /// An arbitrary constant naming the advisory lock that serialises appends on PostgreSQL.
    private static let advisoryLockKey = 7_272_019

    static func record(_ entry: AuditEntry, by actor: AuditActor, on db: any Database) async throws {
        try await transaction(on: db, actor: actor) { _ in ([entry], ()) }
    }

    /// Runs `work` and appends the audit entries it returns, atomically.
    static func transaction<T: Sendable>(on db: any Database, actor: AuditActor,
                                         _ work: @escaping @Sendable (any Database) async throws -> ([AuditEntry], T)) async throws -> T {
        let isSQLite = (db as? any SQLDatabase)?.dialect.name == "sqlite"
        let body: @Sendable () async throws -> T = {
            try await db.transaction { tx in
                if !isSQLite, let sql = tx as? any SQLDatabase {
                    try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: advisoryLockKey))").run()
                }
                let (entries, result) = try await work(tx)
                try await append(entries, by: actor, on: tx)
                return result
            }
        }
        return isSQLite ? try await mutex.withLock(body) : try await body()
    }

    /// Only inside `transaction`'s work, where the chain's lock is held.
    static func append(_ entries: [AuditEntry], by actor: AuditActor, on db: any Database) async throws {
        guard !entries.isEmpty else { return }
        let last = try await AuditEvent.query(on: db).sort(\.$seq, .descending).first()
        var seq = last?.seq ?? 0
        var prev = last?.hash ?? genesisHash
        let now = timestamp(Date())
        for entry in entries {
            seq += 1
            let event = AuditEvent()
            event.seq = seq
            event.occurredAt = now
            event.userID = actor.userID
            event.actor = actor.name
            event.role = actor.role
            event.action = entry.action
            event.entityType = entry.entityType
            event.entityID = entry.entityID
            event.childID = entry.childID
            event.detail = entry.detail
            event.socketAddress = actor.socketAddress
            event.prevHash = prev
            event.hash = hash(of: event)
            prev = event.hash
            try await event.create(on: db)
        }
    }

    static func hash(of event: AuditEvent) -> String {
        let fields: [String] = [
            String(event.seq), event.occurredAt, event.userID?.uuidString ?? "", event.actor, event.role, event.action,
            event.entityType, event.entityID ?? "", event.childID?.uuidString ?? "", event.detail, event.socketAddress, event.prevHash,
        ]
        let digest = SHA256.hash(data: Data(fields.joined(separator: "\u{1F}").utf8))
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    struct Verification: Sendable, Equatable {
        let rowsChecked: Int
        /// The first row that doesn't fit the chain, and why; nil when the chain is intact.
        let firstBad: (seq: Int, reason: String)?
        static func == (a: Verification, b: Verification) -> Bool {
            a.rowsChecked == b.rowsChecked && a.firstBad?.seq == b.firstBad?.seq && a.firstBad?.reason == b.firstBad?.reason
        }
    }

    /// The newest `rows` rows only, for pages that must stay cheap (the administrator's home page): each
    /// row's hash is recomputed and each links to the one before. The whole chain is `verify`'s job.
    static func verifyTail(on db: any Database, rows: Int) async throws -> Verification {
        let newest = try await AuditEvent.query(on: db).sort(\.$seq, .descending).limit(rows).all().reversed()
        var previous: AuditEvent?
        var checked = 0
        for event in newest {
            if let previous {
                if event.seq != previous.seq + 1 {
                    return Verification(rowsChecked: checked, firstBad: (previous.seq + 1, "row \(previous.seq + 1) is missing (next row is \(event.seq))"))
                }
                if event.prevHash != previous.hash {
                    return Verification(rowsChecked: checked, firstBad: (event.seq, "row \(event.seq) does not follow row \(event.seq - 1): a row before it was changed or removed"))
                }
            }
            if hash(of: event) != event.hash {
                return Verification(rowsChecked: checked, firstBad: (event.seq, "row \(event.seq) was edited: its contents no longer match its hash"))
            }
            previous = event
            checked += 1
        }
        return Verification(rowsChecked: checked, firstBad: nil)
    }

    /// Walks the whole chain in order, a page at a time, recomputing every hash.
    static func verify(on db: any Database, pageSize: Int = 2_000) async throws -> Verification {
        var expectedSeq = 1
        var prev = genesisHash
        var checked = 0
        while true {
            let page = try await AuditEvent.query(on: db).filter(\.$seq >= expectedSeq).sort(\.$seq).limit(pageSize).all()
            if page.isEmpty { break }
            for event in page {
                if event.seq != expectedSeq {
                    return Verification(rowsChecked: checked, firstBad: (expectedSeq, "row \(expectedSeq) is missing (next row is \(event.seq))"))
                }
                if event.prevHash != prev {
                    return Verification(rowsChecked: checked, firstBad: (event.seq, "row \(event.seq) does not follow row \(event.seq - 1): a row before it was changed or removed"))
                }
                if hash(of: event) != event.hash {
                    return Verification(rowsChecked: checked, firstBad: (event.seq, "row \(event.seq) was edited: its contents no longer match its hash"))
                }
                prev = event.hash
                expectedSeq += 1
                checked += 1
            }
        }
        return Verification(rowsChecked: checked, firstBad: nil)
    }
}
