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

/// The append-only, MAC-chained audit trail (SECURITY.md "Audit"). Every write goes through
/// `transaction`, which runs the change and appends its rows in one database transaction while
/// holding the chain lock, so a change never commits without its audit row and the chain never forks.
/// Each row's `hash` is an HMAC-SHA256 under the audit key (AuditKey) over its fields and the previous
/// row's `hash`; after each commit the new head is written outside the database (AuditHeadFile), so
/// rows removed from the end are found too.
enum AuditLog {
    static let genesisHash = String(repeating: "0", count: 64)
    static let keyedScheme = "hmac-sha256"
    private static let mutex = AsyncMutex()
    /// An arbitrary constant naming the advisory lock that serialises appends on PostgreSQL.
    private static let advisoryLockKey = 7_272_019

    static func record(_ entry: AuditEntry, by actor: AuditActor, on db: any Database) async throws {
        try await transaction(on: db, actor: actor) { _ in ([entry], ()) }
    }

    /// Runs `work` and appends the audit entries it returns, atomically; then moves the head file on.
    static func transaction<T: Sendable>(on db: any Database, actor: AuditActor,
                                         _ work: @escaping @Sendable (any Database) async throws -> ([AuditEntry], T)) async throws -> T {
        let chain = try AuditChain.current()
        let isSQLite = (db as? any SQLDatabase)?.dialect.name == "sqlite"
        let body: @Sendable () async throws -> (T, AuditHead?) = {
            try await db.transaction { tx in
                if let sql = tx as? any SQLDatabase {
                    if isSQLite { try await SQLiteWriteLock.take(on: sql) }
                    else { try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: advisoryLockKey))").run() }
                }
                if chain.needsHeadCheck { chain.prepare(tail: try await tail(on: tx)) }
                let (entries, result) = try await work(tx)
                // Rows `work` appended itself (AuditLog.append inside it) come before these, so the newest
                // row is this append's last, or, with no entries of its own, whatever the tail is now.
                var last = try await append(entries, by: actor, on: tx)
                if last == nil { last = try await tail(on: tx) }
                return (result, last.map { AuditHead(seq: $0.seq, mac: $0.hash) })
            }
        }
        let (result, head) = isSQLite ? try await mutex.withLock(body) : try await body()
        if let head { await chain.advance(to: head) }
        return result
    }

    private static func tail(on db: any Database) async throws -> AuditEvent? {
        try await AuditEvent.query(on: db).sort(\.$seq, .descending).first()
    }

    /// Text as the database will give it back. SQLite returns TEXT cut at a NUL and PostgreSQL refuses
    /// NUL, so a control character in typed input (an email tried at sign-in, a searched path) would
    /// make the stored row differ from the MAC'd one and the chain read as tampered. Controls other
    /// than tab and line breaks become U+FFFD before the MAC is taken.
    static func storable(_ text: String) -> String {
        func refused(_ c: Unicode.Scalar) -> Bool { (c.value < 0x20 && c != "\t" && c != "\n" && c != "\r") || c.value == 0x7F }
        guard text.unicodeScalars.contains(where: refused) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { refused($0) ? "\u{FFFD}" : $0 }))
    }

    /// Only inside `transaction`'s work, where the chain's lock is held. Returns the last row written.
    @discardableResult
    static func append(_ entries: [AuditEntry], by actor: AuditActor, on db: any Database) async throws -> AuditEvent? {
        guard !entries.isEmpty else { return nil }
        let key = try AuditChain.current().key
        let last = try await tail(on: db)
        var seq = last?.seq ?? 0
        var prev = last?.hash ?? genesisHash
        let now = timestamp(Date())
        var written: AuditEvent?
        for entry in entries {
            seq += 1
            let event = AuditEvent()
            event.seq = seq
            event.occurredAt = now
            event.userID = actor.userID
            event.actor = storable(actor.name)
            event.role = actor.role
            event.action = entry.action
            event.entityType = entry.entityType
            event.entityID = entry.entityID.map(storable)
            event.childID = entry.childID
            event.detail = storable(entry.detail)
            event.socketAddress = actor.socketAddress
            event.prevHash = prev
            event.macScheme = keyedScheme
            event.hash = mac(of: event, key: key)
            prev = event.hash
            try await event.create(on: db)
            written = event
        }
        return written
    }

    /// HMAC-SHA256 under the audit key. Each field is length-prefixed (nil marked apart from empty), so no
    /// value, however a user typed it, can shift text from one field into the next under the same MAC.
    static func mac(of event: AuditEvent, key: AuditKey) -> String {
        func field(_ value: String?) -> String { value.map { "\($0.utf8.count):\($0)" } ?? "-" }
        let fields: [String?] = [
            event.macScheme, String(event.seq), event.occurredAt, event.userID?.uuidString, event.actor, event.role, event.action,
            event.entityType, event.entityID, event.childID?.uuidString, event.detail, event.socketAddress, event.prevHash,
        ]
        return key.mac(Data(("continuum-audit-row-v2;" + fields.map(field).joined(separator: ";")).utf8))
    }

    /// The plain SHA-256 rows had before migration 034: still checked, so an upgraded chain verifies.
    static func legacyHash(of event: AuditEvent) -> String {
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
        /// The first row that doesn't fit the chain, and why; nil when the chain is intact. For a problem
        /// with the head rather than a row, `seq` is the first row the head says should exist.
        let firstBad: (seq: Int, reason: String)?
        /// The recorded head's sequence number, when there is a valid head and it was checked.
        var headSeq: Int? = nil
        /// Intact rows committed after the recorded head (a crash between commit and head write leaves some).
        var rowsAfterHead: Int = 0
        /// Every row predates the audit key and no head has been recorded yet (an upgraded database before
        /// its first new row): MACs and links checked, truncation can't be until the next row records a head.
        var unanchoredLegacy: Bool = false
        static func == (a: Verification, b: Verification) -> Bool {
            a.rowsChecked == b.rowsChecked && a.firstBad?.seq == b.firstBad?.seq && a.firstBad?.reason == b.firstBad?.reason
                && a.headSeq == b.headSeq && a.rowsAfterHead == b.rowsAfterHead && a.unanchoredLegacy == b.unanchoredLegacy
        }
    }

    /// Checks one row against the one before it. `keyedSeen`: a keyed row came earlier, so a plain
    /// SHA-256 row now can only be a rewrite (a downgrade to the hash that needs no key).
    private static func check(_ event: AuditEvent, previous: AuditEvent?, keyedSeen: Bool, key: AuditKey) -> String? {
        if let previous {
            if event.seq != previous.seq + 1 { return "row \(previous.seq + 1) is missing (next row is \(event.seq))" }
            if event.prevHash != previous.hash { return "row \(event.seq) does not follow row \(event.seq - 1): a row before it was changed or removed" }
        }
        switch event.macScheme {
        case keyedScheme?:
            if mac(of: event, key: key) != event.hash {
                return "row \(event.seq) was edited: its contents no longer match its MAC" + (keyedSeen ? "" : " (or this is not the audit key the chain was written with)")
            }
        case nil:
            if keyedSeen { return "row \(event.seq) has a plain SHA-256 hash after keyed rows: the chain was re-hashed without the key" }
            if legacyHash(of: event) != event.hash { return "row \(event.seq) was edited: its contents no longer match its hash" }
        case let other?:
            return "row \(event.seq) names an unknown hash scheme (\(other))"
        }
        return nil
    }

    /// The newest `rows` rows only, for pages that must stay cheap (the administrator's home page): each
    /// row's MAC is recomputed, each links to the one before, and the chain reaches the recorded head.
    /// The whole chain is `verify`'s job.
    static func verifyTail(on db: any Database, rows: Int) async throws -> Verification {
        let chain = try AuditChain.current()
        // The head is read before the rows: it only names committed rows, so a head written while we
        // read can't make rows look missing.
        let head = chain.headFile.read()
        let newest = Array(try await AuditEvent.query(on: db).sort(\.$seq, .descending).limit(rows).all().reversed())
        var previous: AuditEvent?
        var checked = 0
        var keyedSeen = false
        for event in newest {
            if let reason = check(event, previous: previous, keyedSeen: keyedSeen, key: chain.key) {
                return Verification(rowsChecked: checked, firstBad: (previous.map { $0.seq + 1 } ?? event.seq, reason))
            }
            keyedSeen = keyedSeen || event.macScheme != nil
            previous = event
            checked += 1
        }
        return headCheck(head, path: chain.headFile.path, lastSeq: previous?.seq ?? 0, rowsChecked: checked, keyedSeen: keyedSeen,
                         rows: Dictionary(newest.map { ($0.seq, $0) }, uniquingKeysWith: { a, _ in a }))
    }

    /// Walks the whole chain in order, a page at a time, recomputing every MAC, then compares its end
    /// with the head file(s). `headFiles` nil: this process's own head; empty: no head check (a backup
    /// copy, whose chain legitimately ends before the live head).
    static func verify(on db: any Database, pageSize: Int = 2_000, headFiles: [AuditHeadFile]? = nil) async throws -> Verification {
        let chain = try AuditChain.current()
        let heads = headFiles ?? [chain.headFile]
        // Read before the rows, as in verifyTail.
        let states = heads.map { ($0.path, $0.read()) }
        var expectedSeq = 1
        var previous: AuditEvent?
        var keyedSeen = false
        var checked = 0
        var headRows: [Int: AuditEvent] = [:]
        let wanted = Set(states.compactMap { if case .valid(let h) = $0.1 { return h.seq } else { return nil } })
        while true {
            let page = try await AuditEvent.query(on: db).filter(\.$seq >= expectedSeq).sort(\.$seq).limit(pageSize).all()
            if page.isEmpty { break }
            for event in page {
                if previous == nil, event.seq != 1 {
                    return Verification(rowsChecked: checked, firstBad: (1, "row 1 is missing (the first row is \(event.seq))"))
                }
                if previous == nil, event.prevHash != genesisHash {
                    return Verification(rowsChecked: checked, firstBad: (1, "row 1 does not start the chain: rows before it were removed"))
                }
                if let reason = check(event, previous: previous, keyedSeen: keyedSeen, key: chain.key) {
                    return Verification(rowsChecked: checked, firstBad: (previous.map { $0.seq + 1 } ?? 1, reason))
                }
                keyedSeen = keyedSeen || event.macScheme != nil
                if wanted.contains(event.seq) { headRows[event.seq] = event }
                previous = event
                expectedSeq = event.seq + 1
                checked += 1
            }
        }
        // Every row and the head file gone looks like a new installation, unless the database holds councils.
        if checked == 0, !states.isEmpty, states.allSatisfy({ $0.1 == .missing }) {
            let authorities = try await Authority.query(on: db).count()
            if authorities > 0 {
                return Verification(rowsChecked: 0, firstBad: (1, "the audit trail is empty and there is no chain head file, but the database holds \(authorities) \(authorities == 1 ? "authority" : "authorities"): the trail was removed"))
            }
        }
        var result = Verification(rowsChecked: checked, firstBad: nil)
        for (path, state) in states {
            let one = headCheck(state, path: path, lastSeq: previous?.seq ?? 0, rowsChecked: checked, keyedSeen: keyedSeen, rows: headRows)
            if one.firstBad != nil { return one }
            // Several heads (servers with their own data folders): the newest covers the most.
            if (one.headSeq ?? -1) > (result.headSeq ?? -1) { result = one }
        }
        return result
    }

    /// The chain's end against a head file: rows missing after the head are truncation; a head that names
    /// a row whose MAC differs means the chain was rewritten; rows after the head are counted, not failed.
    private static func headCheck(_ state: AuditHead.State, path: String, lastSeq: Int, rowsChecked: Int, keyedSeen: Bool,
                                  rows: [Int: AuditEvent]) -> Verification {
        switch state {
        case .missing:
            if lastSeq > 0 && !keyedSeen {
                return Verification(rowsChecked: rowsChecked, firstBad: nil, unanchoredLegacy: true)
            }
            guard lastSeq == 0 else {
                return Verification(rowsChecked: rowsChecked, firstBad: (lastSeq, "there is no chain head file at \(path) for a chain of \(lastSeq) rows: rows removed from the end can't be ruled out"))
            }
            return Verification(rowsChecked: rowsChecked, firstBad: nil)
        case .invalid(let reason):
            return Verification(rowsChecked: rowsChecked, firstBad: (lastSeq, "the chain head file \(path) is not valid: \(reason)"))
        case .valid(let head):
            if lastSeq < head.seq {
                let gap = lastSeq + 1 == head.seq ? "row \(head.seq) is" : "rows \(lastSeq + 1) to \(head.seq) are"
                return Verification(rowsChecked: rowsChecked, firstBad: (lastSeq + 1, "\(gap) missing: the recorded head is row \(head.seq) but \(lastSeq == 0 ? "the chain has no rows" : "the chain ends at row \(lastSeq)") (rows removed from the end)"))
            }
            if head.seq > 0, let row = rows[head.seq], row.hash != head.mac {
                return Verification(rowsChecked: rowsChecked, firstBad: (head.seq, "row \(head.seq) is not the row the head recorded: the chain was rewritten"))
            }
            return Verification(rowsChecked: rowsChecked, firstBad: nil, headSeq: head.seq, rowsAfterHead: lastSeq - head.seq)
        }
    }
}
