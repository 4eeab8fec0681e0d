import Fluent
import SQLKit
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Migration 022 on a database that already holds cases: existing cases become new assessments, and a revert
/// that would lose re-assessments is refused.
final class MigrationUpgradeTests: XCTestCase {
    func testMigration022UpgradesExistingCasesAndRefusesALossyRevert() async throws {
        let app = try await TestWorld.makeApp()
        do {
            let migration = AddEHCConsultationsAndReassessment()
            let before = try await EHCCase.query(on: app.db).count()
            XCTAssertGreaterThan(before, 0)
            try await migration.revert(on: app.db)
            if let sql = app.db as? any SQLDatabase, sql.dialect.name == "sqlite" {
                struct Column: Decodable { let name: String }
                let columns = try await sql.raw("SELECT name FROM pragma_table_info('ehc_advice_requests')").all(decoding: Column.self).map(\.name)
                XCTAssertFalse(columns.contains("file_stored_name"), "\(columns)")
            }
            try await migration.prepare(on: app.db)
            let kinds = Set(try await EHCCase.query(on: app.db).all().map(\.kindRaw))
            XCTAssertEqual(kinds, ["new"], "every case that existed before 022 is a new assessment")
            assertEqual(try await EHCCase.query(on: app.db).count(), before)

            let any = try await EHCCase.query(on: app.db).first()!
            any.kindRaw = EHCCaseKind.reassessment.rawValue
            try await any.save(on: app.db)
            do {
                try await migration.revert(on: app.db)
                XCTFail("a revert that would lose a re-assessment must be refused")
            } catch let refusal as MigrationRefusal {
                XCTAssertTrue(refusal.reason.contains("cannot be reverted"))
            }
            assertEqual(try await EHCCase.find(any.id, on: app.db)?.kind, .reassessment, "nothing was changed")
        } catch { XCTFail("\(error)") }
        try await app.asyncShutdown()
    }
}
