import Fluent
import Foundation
import SQLKit
import Vapor

/// `continuum backup --out FILE` and `continuum restore --from FILE` for the embedded SQLite database
/// (SECURITY.md "Reliability"). A backup is a consistent copy made by SQLite itself (`VACUUM INTO`,
/// safe while the service runs); restore keeps the database it replaces beside it, then checks the
/// restored database against the backup: the same row count in every table and an intact audit chain.
/// PostgreSQL installations use the database's own tools (pg_dump and pg_restore), as README says.
enum BackupCommand {
    static let backupUsage = "usage: continuum backup --out FILE"
    static let restoreUsage = "usage: continuum restore --from FILE [--force]   (stop the service first)"

    /// Row counts by table and the audit chain's verification, for one database.
    struct Inventory: Equatable {
        /// SQLite's own check of the file's structure: "ok" when sound.
        var integrity: String
        var counts: [String: Int]
        var auditRows: Int
        var auditBroken: String?
        var totalRows: Int { counts.values.reduce(0, +) }
    }

    static func inventory(_ db: any Database) async throws -> Inventory {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "backup needs an SQL database") }
        struct Name: Decodable { let name: String }
        struct Count: Decodable { let n: Int }
        struct Integrity: Decodable { let integrity_check: String }
        let integrity = try await sql.raw("PRAGMA integrity_check").all(decoding: Integrity.self).map(\.integrity_check).joined(separator: "; ")
        let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all(decoding: Name.self)
        var counts: [String: Int] = [:]
        for table in tables {
            counts[table.name] = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table.name)").first(decoding: Count.self)?.n ?? 0
        }
        // The chain's MACs only: a backup legitimately ends before the live head file (AuditLog.verify).
        let verification = try await AuditLog.verify(on: db, headFiles: [])
        return Inventory(integrity: integrity, counts: counts, auditRows: verification.rowsChecked, auditBroken: verification.firstBad.map { "row \($0.seq): \($0.reason)" })
    }

    static func sqlitePath(_ config: AppConfiguration) -> String? {
        if case .sqliteFile(let path) = config.database { return path }
        return nil
    }

    /// `out` and `from` come parsed by BackupSubcommand and RestoreSubcommand (ArgumentParser).
    static func backup(out: String, app: Application, config: AppConfiguration) async throws -> CLIResult {
        guard !out.isEmpty else { return .usage(backupUsage) }
        guard sqlitePath(config) != nil else {
            return .usage("backup copies the embedded SQLite database; with DATABASE_URL set use PostgreSQL's pg_dump -Fc (see README)")
        }
        guard !FileManager.default.fileExists(atPath: out) else { return .usage("\(out) already exists: give a new file name, so no backup is overwritten") }
        guard let sql = app.db as? any SQLDatabase else { return .failure("backup needs an SQL database") }
        // Made empty and private first, so the copy is never readable by others, even for a moment.
        guard FileManager.default.createFile(atPath: out, contents: Data(), attributes: [.posixPermissions: 0o600]) else { return .failure("cannot create \(out)") }
        do { try await sql.raw("VACUUM INTO \(bind: out)").run() } catch {
            try? FileManager.default.removeItem(atPath: out)
            return .failure("cannot write \(out): \(error)")
        }
        let copy = try await inventory(of: out, app: app)
        guard copy.integrity == "ok" else { return .failure("the backup in \(out) fails SQLite's integrity check (\(copy.integrity))") }
        if let broken = copy.auditBroken { return .failure("the backup's audit chain does not verify (\(broken)); the live database may be damaged: run `continuum audit verify`") }
        try await AuditLog.record(AuditEntry(action: "system.backup", entityType: "database", detail: "\(copy.counts.count) tables, \(copy.totalRows) rows"),
                                  by: AuditActor(userID: nil, name: "continuum backup", role: "system", socketAddress: "local"), on: app.db)
        return .ok("backup written to \(out): \(copy.counts.count) tables, \(copy.totalRows) rows; audit chain intact (\(copy.auditRows) rows)")
    }

    /// Restores `--from FILE` over the configured SQLite database, keeping the old file beside it.
    static func restore(from: String, force: Bool, config: AppConfiguration) async -> CLIResult {
        guard !from.isEmpty else { return .usage(restoreUsage) }
        guard let live = sqlitePath(config) else {
            return .usage("restore replaces the embedded SQLite database; with DATABASE_URL set use PostgreSQL's pg_restore (see README)")
        }
        let handle = FileHandle(forReadingAtPath: from)
        let header = handle.flatMap { try? $0.read(upToCount: 16) }
        try? handle?.close()
        guard header == Data("SQLite format 3\0".utf8) else { return .usage("\(from) is not a SQLite backup made by `continuum backup`") }
        // An open connection keeps the -shm file: the service (or another command) is using the database.
        if FileManager.default.fileExists(atPath: live + "-shm") && !force {
            return .usage("\(live) is in use (\(live)-shm exists): stop the service first, or add --force if you are sure nothing is running")
        }
        do {
            // restore runs without configure: the chain's key is needed to check the backup's MACs.
            try AuditChain.install(config)
            let headPath = try AuditChain.current().headFile.path
            let savedHead = FileManager.default.contents(atPath: headPath)
            // Check the backup before touching anything.
            let wanted = try await withDatabase(path: from) { try await inventory($0.db) }
            guard wanted.integrity == "ok" else { return .failure("\(from) fails SQLite's integrity check (\(wanted.integrity)); nothing was changed") }
            guard wanted.counts["audit_events"] != nil, wanted.auditBroken == nil else {
                return .failure("\(from) is not a Continuum backup with an intact audit chain" + (wanted.auditBroken.map { " (\($0))" } ?? "") + "; nothing was changed")
            }
            let fm = FileManager.default
            let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
            let kept = live + ".before-restore-" + stamp
            let staging = live + ".restoring"
            try? fm.removeItem(atPath: staging)
            try fm.copyItem(atPath: from, toPath: staging)
            if fm.fileExists(atPath: live) { try fm.moveItem(atPath: live, toPath: kept) }
            for suffix in ["-wal", "-shm"] where fm.fileExists(atPath: live + suffix) { try fm.moveItem(atPath: live + suffix, toPath: kept + suffix) }
            // From here a failure puts the previous database back, so there is never no database.
            func rollBack() {
                if let savedHead { try? savedHead.write(to: URL(fileURLWithPath: headPath), options: .atomic) } else { try? fm.removeItem(atPath: headPath) }
                try? fm.removeItem(atPath: live)
                for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: live + suffix) }
                try? fm.moveItem(atPath: kept, toPath: live)
                for suffix in ["-wal", "-shm"] where fm.fileExists(atPath: kept + suffix) { try? fm.moveItem(atPath: kept + suffix, toPath: live + suffix) }
            }
            do { try fm.moveItem(atPath: staging, toPath: live) } catch { rollBack(); throw error }
            let restored = try await withDatabase(path: live) { app in
                let inventory = try await inventory(app.db)
                // The restored chain ends where the backup did: the head file is re-anchored on it (a restore
                // is the one legitimate way rows after the old head disappear), and the row below records it.
                if inventory.auditBroken == nil { _ = try await AuditCommand.resetHead(on: app.db, chain: try AuditChain.current()) }
                try await AuditLog.record(AuditEntry(action: "system.restore", entityType: "database", detail: "from \(URL(fileURLWithPath: from).lastPathComponent)"),
                                          by: AuditActor(userID: nil, name: "continuum restore", role: "system", socketAddress: "local"), on: app.db)
                return inventory
            }
            let differences = Set(wanted.counts.keys).union(restored.counts.keys).sorted().filter { wanted.counts[$0] != restored.counts[$0] }
            guard differences.isEmpty, restored.auditBroken == nil, restored.integrity == "ok" else {
                rollBack()
                return .failure("the restored copy did not match the backup (\(differences.joined(separator: ", "))" + (restored.auditBroken.map { "; audit chain: \($0)" } ?? "")
                                + "), so the previous database has been put back")
            }
            return .ok("restored \(from): \(restored.counts.count) tables and \(restored.totalRows) rows identical to the backup; audit chain intact (\(restored.auditRows) rows)"
                       + (fm.fileExists(atPath: kept) ? "; the previous database is kept at \(kept)" : ""))
        } catch {
            return .failure("restore failed: \(error)")
        }
    }

    /// Counts and audit verification of a backup file, opened as a second database beside the live one.
    private static func inventory(of path: String, app: Application) async throws -> Inventory {
        let id = DatabaseID(string: "backup-check-\(UUID().uuidString)")
        app.databases.use(.sqlite(.file(path)), as: id, isDefault: false)
        return try await inventory(app.db(id))
    }

    /// A short-lived application on one SQLite file, for restore's checks.
    private static func withDatabase<T>(path: String, _ body: (Application) async throws -> T) async throws -> T {
        let app = try await Application.make(Environment(name: "production", arguments: ["continuum"]))
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
        do {
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
