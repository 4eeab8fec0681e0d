import Fluent
import SQLKit
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDemo
@testable import ContinuumDomain

/// Daily feeds kept as registers, measures carried forward from their stored state, and
/// compaction, checked against the domain's in-memory ledger fed the same files in the same
/// order: whatever path a file takes, the counts and the report must be the ledger's.
final class AttendanceFeedTests: XCTestCase {
    var app: Application!
    var files: AttendanceFiles!

    override func setUp() async throws {
        app = try await TestWorld.makeApp()
        files = try AttendanceFiles()
    }
    override func tearDown() async throws {
        try await app.asyncShutdown()
        try? FileManager.default.removeItem(at: files.directory)
    }

    let days = AttendanceFiles.weekdays(from: CalendarDate(year: 2024, month: 9, day: 2), count: 40)
    let schools = [116003, 116010, 116017]

    /// Imports `rows` as one file through the CLI and through the ledger; the summaries must agree.
    private func importBoth(_ name: String, _ rows: [String], ledger: inout AttendanceLedger) async throws {
        let path = try files.write(name, rows)
        let result = try await importAttendance([path], app: app)
        XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)")
        let expected = ledger.apply(try AttendanceFile.parse(try Data(contentsOf: URL(fileURLWithPath: path))))
        XCTAssertTrue(result.stdout.hasPrefix("read \(expected.rows), added \(expected.added), corrected \(expected.corrected), unchanged \(expected.unchanged),"),
                      "\(name): \(result.stdout) against the ledger's \(expected)")
    }

    private func report() async throws -> String {
        try await IllnessAbsenceReportCommand.run(["--academic-year", "2024", "--format", "csv"], app: app).stdout
    }

    private func expectedReport(_ ledger: AttendanceLedger) -> String {
        var csv = IllnessAbsenceReport.csv(ledger.measures(academicYear: 2024).filter { $0.measures.illnessSessions > 0 })
        if csv.hasSuffix("\n") { csv.removeLast() }
        return csv
    }

    func testFeedsCorrectionsMovesAndCompactionGiveTheLedgersAnswers() async throws {
        var random = SplitMix64(seed: 19)
        var ledger = AttendanceLedger()
        let pupils = (0..<24).map { AttendanceFiles.unmatchedUPN(300 + $0) }
        let codes = ["I", "I", "I", "/", "/", "X", "#", "N", "L"]
        func code() -> String { codes[random.below(codes.count)] }
        func school(of index: Int) -> Int { schools[index % schools.count] }
        func shuffled(_ rows: [String]) -> [String] {
            var rows = rows
            for index in rows.indices.reversed() where index > 0 { rows.swapAt(index, random.below(index + 1)) }
            return rows
        }

        // Twenty days in one file per school: the year blobs.
        for urn in schools {
            var rows: [String] = []
            for (index, upn) in pupils.enumerated() where school(of: index) == urn {
                for day in days[0..<20] { rows += ["\(upn),\(urn),\(day),AM,\(code())", "\(upn),\(urn),\(day),PM,\(code())"] }
            }
            try await importBoth("backfill-\(urn).csv", rows, ledger: &ledger)
        }
        assertEqual(try await report(), expectedReport(ledger))

        // Daily feeds, every school in one file, with the awkward cases mixed in.
        for (offset, day) in days[20..<32].enumerated() {
            var rows: [String] = []
            for (index, upn) in pupils.enumerated() {
                // Pupil 0 moves school on the fourth feed; pupil 1 is new on the second.
                let urn = index == 0 && offset >= 3 ? 116031 : school(of: index)
                if index == 1 && offset == 0 { continue }
                rows += ["\(upn),\(urn),\(day),AM,\(code())"]
                if offset != 5 { rows += ["\(upn),\(urn),\(day),PM,\(code())"] }   // day 5's PMs come in a file of their own
            }
            if offset == 2 { rows += ["\(pupils[2]),\(school(of: 2)),\(days[4]),AM,I", "\(pupils[2]),\(school(of: 2)),\(days[4]),PM,I"] } // a late correction of a blob day
            if offset == 4 { rows += ["\(pupils[3]),\(school(of: 3)),\(days[21]),PM,I"] }                                          // a correction of a register day
            if offset == 6 { rows += ["\(pupils[4]),\(school(of: 4)),\(day),AM,/"] }                                                // corrected within the file
            try await importBoth("feed-\(day).csv", shuffled(rows), ledger: &ledger)
            if offset == 5 {
                let afternoon = pupils.enumerated().map { "\($0.element),\($0.offset == 0 ? 116031 : school(of: $0.offset)),\(day),PM,\(code())" }
                try await importBoth("feed-\(day)-pm.csv", afternoon, ledger: &ledger)
            }
            // A pupil marked by two schools on the same day (dual registration).
            if offset == 7 { try await importBoth("dual-\(day).csv", ["\(pupils[5]),116031,\(day),AM,I"], ledger: &ledger) }
            assertEqual(try await report(), expectedReport(ledger), "after the feed for \(day)")
        }
        assertEqual(try await storedMarks(pupils[0], app: app), ledger.merged(upn: PackedUPN(pupils[0])!, academicYear: 2024)!)

        // A term's file for one school compacts that school's registers first, then corrects on top.
        var term: [String] = []
        for (index, upn) in pupils.enumerated() where school(of: index) == 116010 {
            for day in days[18..<34] { term += ["\(upn),116010,\(day),AM,I"] }
        }
        try await importBoth("term-116010.csv", term, ledger: &ledger)
        assertEqual(try await report(), expectedReport(ledger), "after a term's file")
        let remaining = try await AttendanceRegisterRow.query(on: app.db).all()
        XCTAssertFalse(remaining.contains { $0.urn == 116010 }, "the school's registers were compacted into its blobs")
        XCTAssertTrue(remaining.contains { $0.urn == 116003 }, "other schools' registers wait")

        // Compaction moves marks, never changes them; feeds carry on from the blobs.
        let before = try await storedMarks(pupils[0], app: app)
        let compacted = try await AttendanceCompactCommand.run(["compact", "--before", "2024-10-25"], app: app)
        XCTAssertEqual(compacted.status, 0, compacted.stderr)
        assertEqual(try await storedMarks(pupils[0], app: app), before)
        assertEqual(try await report(), expectedReport(ledger), "after compaction")
        try await importBoth("feed-late.csv", pupils.enumerated().flatMap { index, upn in
            ["\(upn),\(index == 0 ? 116031 : school(of: index)),\(days[34]),AM,I", "\(upn),\(index == 0 ? 116031 : school(of: index)),\(days[34]),PM,I"]
        }, ledger: &ledger)
        assertEqual(try await report(), expectedReport(ledger), "a feed after compaction")
        assertEqual(try await AttendanceCompactCommand.run(["compact", "--before", "2024-13-01"], app: app).status, 2)

        // Every state agrees with a recompute from the marks.
        let sql = app.db as! any SQLDatabase
        let keys = pupils.map { UPNYear(upn: PackedUPN($0)!, academicYear: 2024) }
        let states = try await IllnessStateStore(sql: sql).load(keys)
        for key in keys {
            let merged = ledger.merged(upn: key.upn, academicYear: 2024)!
            XCTAssertEqual(states[key], IllnessMeasureState(computing: merged, urns: ledger.urns(of: key.upn).sorted()), "\(key.upn)")
        }
    }

    func testAFeedRaisesTheIdentificationOnTheDayAndTheChildsPageShowsRegisterMarks() async throws {
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let child = try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$upn != nil).sort(\.$legalSurname).first()!
        let upn = child.upn!
        var ledger = AttendanceLedger()
        try await importBoth("autumn.csv", AttendanceFiles.rows(upn, urn: 116003, days: Array(days[0..<14]), code: "I")
                             + AttendanceFiles.rows(upn, urn: 116003, days: Array(days[14..<20]), code: "/"), ledger: &ledger)
        assertEqual(try await Identification.query(on: app.db).filter(\.$upn == upn).count(), 0, "14 days of illness is not yet 15")
        try await importBoth("feed.csv", AttendanceFiles.rows(upn, urn: 116003, days: [days[20]], code: "I"), ledger: &ledger)
        let raised = try await Identification.query(on: app.db).filter(\.$upn == upn).all()
        XCTAssertEqual(raised.map(\.kind), [IdentificationKind.illness15Days.rawValue], "the day's feed reached 15 days")
        XCTAssertEqual(raised.first?.childID, child.id)
        XCTAssertTrue(raised.first?.detail.contains(days[20].longFormat) ?? false, raised.first?.detail ?? "")

        // The strip and the subject access export both see the mark that is only in a register.
        let sql = app.db as! any SQLDatabase
        let strip = try await AttendanceCodesReader(sql: sql).latestYear(upn: PackedUPN(upn)!)
        XCTAssertEqual(strip?.code(on: days[20], session: .pm), AttendanceCode.illness)
        let gathered = try await SubjectAccessExport(sql: sql, childID: child.id!).gather(upn: upn)
        let entries = gathered.tables["attendance_registers"] ?? []
        XCTAssertEqual(entries.count, 1, "\(entries)")
        XCTAssertEqual(entries.first?["date"] as? String, days[20].description)
        XCTAssertEqual(entries.first?["am"] as? String, "I")

        // A database upgraded to 023 has marks and measures but no states: the next feed recomputes
        // the pupil from the marks, and the identification already raised is not raised again.
        try await IllnessMeasureShardRow.query(on: app.db).delete()
        try await importBoth("feed-2.csv", AttendanceFiles.rows(upn, urn: 116003, days: [days[21]], code: "I"), ledger: &ledger)
        assertEqual(try await Identification.query(on: app.db).filter(\.$upn == upn).count(), 1)
        assertEqual(try await report(), expectedReport(ledger))

        // Migration 023 will not revert over marks held only in registers.
        do {
            try await CreateAttendanceRegisters().revert(on: app.db)
            XCTFail("the revert should have been refused")
        } catch let refusal as MigrationRefusal {
            XCTAssertTrue(refusal.description.contains("continuum attendance compact"), refusal.description)
        }
    }
}
