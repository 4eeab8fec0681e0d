import Fluent
import SQLKit
import Vapor
import XCTest
@testable import ContinuumApp

/// Issue 13, finding 3: under load on SQLite two requests failed with 500 (SQLiteError). An audited
/// transaction reads the chain's tail before it appends; when another connection commits in between,
/// WAL answers SQLITE_BUSY_SNAPSHOT at once instead of waiting. These run on a real database file with
/// two pooled connections (one per event loop), as the server does; in-memory SQLite has no WAL.
final class SQLiteWriteLockTests: XCTestCase {
    private func fileApp() async throws -> (Application, String) {
        var config = AppConfiguration.testing()
        if config.database.isPostgres { throw XCTSkip("SQLite only: PostgreSQL serialises appends with an advisory lock") }
        let folder = NSTemporaryDirectory() + "continuum-writelock-\(UUID().uuidString)"
        config.dataDirectory = folder
        config.database = .sqliteFile(path: folder + "/continuum.sqlite")
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: config)
            try await app.autoMigrate()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return (app, folder)
    }

    private func twoConnections(_ app: Application) throws -> (any Database, any Database) {
        let loops = Array(app.eventLoopGroup.makeIterator())
        guard loops.count >= 2,
              let first = app.databases.database(logger: app.logger, on: loops[0]),
              let second = app.databases.database(logger: app.logger, on: loops[1]) else {
            throw XCTSkip("needs two event loops, so two pooled SQLite connections")
        }
        return (first, second)
    }

    private let actor = AuditActor(userID: nil, name: "load test", role: "none", socketAddress: "127.0.0.1")

    /// The interleaving that failed: the audited transaction has read, another connection writes (a
    /// session's last-seen time, an unaudited single statement), then the transaction appends.
    func testAnAuditedTransactionWaitsForAnotherConnectionsWriteInsteadOfFailing() async throws {
        let (app, folder) = try await fileApp()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            let (first, second) = try twoConnections(app)
            let other = try await AuditLog.transaction(on: first, actor: actor) { tx in
                _ = try await AuditEvent.query(on: tx).count()
                let write = Task { try await Authority(name: "Written meanwhile", laCode: "999", namedOfficer: "n/a").create(on: second) }
                // Long enough for the other connection to commit if nothing holds the write lock.
                try await Task.sleep(for: .milliseconds(400))
                return ([AuditEntry(action: "test.append", entityType: "test")], write)
            }
            try await other.value
            let written = try await Authority.query(on: app.db).filter(\.$name == "Written meanwhile").count()
            XCTAssertEqual(written, 1, "the other connection's write waited and then committed")
            let report = try await AuditLog.verify(on: app.db)
            XCTAssertNil(report.firstBad.map { "\($0.seq): \($0.reason)" }, "the chain verifies")
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Many audited writes and unaudited writes at once on both connections: none fails.
    func testConcurrentAuditedAndUnauditedWritesAllCommit() async throws {
        let (app, folder) = try await fileApp()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            let (first, second) = try twoConnections(app)
            let actor = self.actor
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<40 {
                    let db = i.isMultiple(of: 2) ? first : second
                    group.addTask {
                        try await AuditLog.transaction(on: db, actor: actor) { tx in
                            _ = try await AuditEvent.query(on: tx).count()
                            try await Authority(name: "Audited", laCode: "A\(i)", namedOfficer: "n/a").create(on: tx)
                            return ([AuditEntry(action: "test.append", entityType: "authority", detail: "\(i)")], ())
                        }
                    }
                    group.addTask {
                        try await Authority(name: "Plain", laCode: "P\(i)", namedOfficer: "n/a").create(on: i.isMultiple(of: 2) ? second : first)
                    }
                }
                try await group.waitForAll()
            }
            let audited = try await Authority.query(on: app.db).filter(\.$name == "Audited").count()
            let plain = try await Authority.query(on: app.db).filter(\.$name == "Plain").count()
            let rows = try await AuditEvent.query(on: app.db).filter(\.$action == "test.append").count()
            XCTAssertEqual([audited, plain, rows], [40, 40, 40])
            let report = try await AuditLog.verify(on: app.db)
            XCTAssertNil(report.firstBad.map { "\($0.seq): \($0.reason)" }, "the chain verifies")
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
