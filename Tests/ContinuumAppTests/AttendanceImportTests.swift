import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// `continuum import attendance` and `continuum report illness-absence`, in-process against a real
/// database (SQLite in memory, or PostgreSQL in the CI lane) and real files.
final class AttendanceImportTests: XCTestCase {
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

    let autumn = AttendanceFiles.weekdays(from: CalendarDate(year: 2024, month: 9, day: 2), count: 40)

    func demoChild() async throws -> Child {
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        return try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$upn != nil).sort(\.$legalSurname).first()!
    }

    func testImportCountsAndReimportChangesNothing() async throws {
        let child = try await demoChild()
        let stranger = AttendanceFiles.unmatchedUPN(1)
        let path = try files.write("week.csv", AttendanceFiles.rows(child.upn!, urn: 116003, days: Array(autumn.prefix(5)), code: "/")
                                   + AttendanceFiles.rows(stranger, urn: 116003, days: Array(autumn.prefix(5)), code: "I"))
        let first = try await importAttendance([path], app: app)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, "read 20, added 20, corrected 0, unchanged 0, unmatched UPNs 1")
        assertEqual(try await heldSchoolYears(app: app).count, 2)
        assertEqual(try await StoredIllnessMeasures.query(on: app.db).count(), 2)

        let again = try await importAttendance([path], app: app)
        XCTAssertEqual(again.stdout, "read 20, added 0, corrected 0, unchanged 20, unmatched UPNs 1")
        assertEqual(try await heldSchoolYears(app: app).count, 2)
        // A week's file is kept as registers until compacted into the year blobs.
        assertEqual(try await AttendanceYear.query(on: app.db).count(), 0)
        assertEqual(try await AttendanceRegisterRow.query(on: app.db).count(), 5)
        let compacted = try await AttendanceCompactCommand.run(["compact"], app: app)
        XCTAssertEqual(compacted.stdout, "compacted 5 register(s) of 1 school(s)")
        assertEqual(try await AttendanceRegisterRow.query(on: app.db).count(), 0)

        // The blob round-trips through the database (BLOB on SQLite, bytea on PostgreSQL).
        let stored = try await AttendanceYear.query(on: app.db).filter(\.$upn == stranger).first()!
        XCTAssertEqual(stored.codes.count, SessionCodes.slotCount)
        let codes = try stored.sessionCodes()
        XCTAssertEqual(codes.code(on: autumn[4], session: .pm), AttendanceCode("I"))
        XCTAssertEqual(codes.code(on: autumn[5], session: .am), nil)
        XCTAssertEqual(codes.markCount, 10)
        let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "attendance.imported").count()
        XCTAssertEqual(audit, 2, "one audit row per imported file")
        let reimport = try await importAttendance([path], app: app)
        XCTAssertEqual(reimport.stdout, "read 20, added 0, corrected 0, unchanged 20, unmatched UPNs 1", "counted against the compacted blobs")
        assertEqual(try await AttendanceRegisterRow.query(on: app.db).count(), 0, "an import that changes nothing writes no register")
        assertNil(try await AuditLog.verify(on: app.db).firstBad)
    }

    func testLaterRowCorrectsEarlierWithinAndAcrossFiles() async throws {
        let upn = AttendanceFiles.unmatchedUPN(2)
        let day = autumn[0]
        let one = try files.write("one.csv", ["\(upn),116003,\(day),AM,/", "\(upn),116003,\(day),AM,L"])
        let result = try await importAttendance([one], app: app)
        XCTAssertEqual(result.stdout, "read 2, added 1, corrected 1, unchanged 0, unmatched UPNs 1")
        let two = try files.write("two.csv", ["\(upn),116003,\(day),AM,I", "\(upn),116003,\(day),PM,I"])
        let corrected = try await importAttendance([two], app: app)
        XCTAssertEqual(corrected.stdout, "read 2, added 1, corrected 1, unchanged 0, unmatched UPNs 1")
        let codes = try await storedMarks(upn, app: app)
        XCTAssertEqual(codes.code(on: day, session: .am), AttendanceCode("I"))
        let measures = try await StoredIllnessMeasures.query(on: app.db).filter(\.$upn == upn).first()!
        XCTAssertEqual(measures.illnessSessions, 2, "measures follow the correction")
    }

    func testAFileWithBadLinesIsRejectedWholeAndTheOthersStillGoIn() async throws {
        let good = AttendanceFiles.unmatchedUPN(3), other = AttendanceFiles.unmatchedUPN(4)
        var bad = AttendanceFiles.rows(other, urn: 116003, days: [autumn[0]], code: "/")      // lines 2–3
        bad.append("\(other),116003,2024-02-30,AM,/")                                          // line 4: no such date
        bad.append("\(other),116003,\(autumn[1]),AM,/")                                         // line 5: fine
        bad.append("\(other),116003,\(autumn[1]),EVE,/")                                        // line 6: bad session
        bad.append("A\(other.dropFirst()),116003,\(autumn[2]),AM,/")                            // line 7: wrong check letter
        let badPath = try files.write("bad.csv", bad)
        let goodPath = try files.write("good.csv", AttendanceFiles.rows(good, urn: 116003, days: [autumn[0]], code: "/"))
        let yearsBefore = try await heldSchoolYears(app: app).count

        let result = try await importAttendance([badPath, goodPath], app: app)
        XCTAssertNotEqual(result.status, 0)
        for line in ["line 4", "line 6", "line 7"] { XCTAssertTrue(result.stderr.contains(line), "\(line) reported: \(result.stderr)") }
        XCTAssertFalse(result.stderr.contains("line 5"), result.stderr)
        XCTAssertTrue(result.stderr.contains("nothing imported"))
        XCTAssertEqual(result.stdout, "read 2, added 2, corrected 0, unchanged 0, unmatched UPNs 1", "the good file still went in")
        assertEqual(try await heldSchoolYears(app: app).filter { $0.hasPrefix(other) }.count, 0, "nothing from the bad file")
        assertEqual(try await heldSchoolYears(app: app).count, yearsBefore + 1)

        let alone = try await importAttendance([badPath], app: app)
        XCTAssertEqual(alone.status, 1)
        XCTAssertEqual(alone.stdout, "read 0, added 0, corrected 0, unchanged 0, unmatched UPNs 0")
        assertEqual(try await heldSchoolYears(app: app).count, yearsBefore + 1)
        assertEqual(try await StoredIllnessMeasures.query(on: app.db).filter(\.$upn == other).count(), 0)
    }

    func testBadArgumentsExitTwoWithOneLine() async throws {
        let none = try await importAttendance([], app: app)
        XCTAssertEqual(none.status, 2)
        XCTAssertFalse(none.stderr.contains("\n"))
        let good = try files.write("good.csv", AttendanceFiles.rows(AttendanceFiles.unmatchedUPN(5), urn: 116003, days: [autumn[0]], code: "/"))
        let missing = try await importAttendance([good, files.directory.appendingPathComponent("nope.csv").path], app: app)
        XCTAssertEqual(missing.status, 2)
        assertEqual(try await heldSchoolYears(app: app).count, 0, "a missing file stops the batch before anything goes in")
        let report = try await IllnessAbsenceReportCommand.run(["--academic-year", "24"], app: app)
        XCTAssertEqual(report.status, 2)
        assertEqual(try await IllnessAbsenceReportCommand.run(["--academic-year", "2024", "--format", "json"], app: app).status, 2)
        assertEqual(try await IllnessAbsenceReportCommand.run([], app: app).status, 2)
    }

    /// A hand-made case with known answers: runs across weekends, a not-possible mark inside a
    /// run, a half day that breaks one, and one pupil split across two schools.
    func testMeasuresAndReportForAHandMadeCase() async throws {
        let a = AttendanceFiles.unmatchedUPN(10), b = AttendanceFiles.unmatchedUPN(11), c = AttendanceFiles.unmatchedUPN(12)
        let d = autumn // Mon 2 Sep 2024 onwards, weekdays only
        var rows: [String] = []
        // A: Mon–Tue ill; Wed ill AM, present PM (breaks the run); Thu, Fri, Mon ill; Tue ill AM with X PM
        // (still an all-illness day); Wed present. 12 sessions, longest run Thu–Tue = 4 school days.
        rows += AttendanceFiles.rows(a, urn: 116003, days: [d[0], d[1]], code: "I")
        rows += ["\(a),116003,\(d[2]),AM,I", "\(a),116003,\(d[2]),PM,/"]
        rows += AttendanceFiles.rows(a, urn: 116003, days: [d[3], d[4], d[5]], code: "I")
        rows += ["\(a),116003,\(d[6]),AM,I", "\(a),116003,\(d[6]),PM,X"]
        rows += AttendanceFiles.rows(a, urn: 116003, days: [d[7]], code: "/")
        // B: 16 school days ill, the first 8 at one school and the rest at another; the 30th
        // session is the PM of the 15th school day, Friday 20 September 2024.
        rows += AttendanceFiles.rows(b, urn: 116003, days: Array(d[0..<8]), code: "I")
        rows += AttendanceFiles.rows(b, urn: 116010, days: Array(d[8..<16]), code: "I")
        // C: present throughout, so not in the report.
        rows += AttendanceFiles.rows(c, urn: 116003, days: Array(d[0..<10]), code: "/")
        let path = try files.write("autumn.csv", rows.reversed()) // any order
        let result = try await importAttendance([path], app: app)
        XCTAssertEqual(result.status, 0, result.stderr)

        let report = try await IllnessAbsenceReportCommand.run(["--academic-year", "2024", "--format", "csv"], app: app)
        XCTAssertEqual(report.status, 0)
        let expected = ["upn,academic_year,illness_days,longest_consecutive_days,reached_15_on"]
            + [(a, "\(a),2024,6.0,4,"), (b, "\(b),2024,16.0,16,2024-09-20")].sorted { $0.0 < $1.0 }.map(\.1)
        XCTAssertEqual(report.stdout, expected.joined(separator: "\n"))

        let other = try await IllnessAbsenceReportCommand.run(["--academic-year", "2023", "--format", "csv"], app: app)
        XCTAssertEqual(other.stdout, "upn,academic_year,illness_days,longest_consecutive_days,reached_15_on")
    }

    func testMeasuresAreRecomputedOnlyForTouchedPupilYears() async throws {
        let a = AttendanceFiles.unmatchedUPN(20), b = AttendanceFiles.unmatchedUPN(21)
        let first = try files.write("first.csv", AttendanceFiles.rows(a, urn: 116003, days: [autumn[0]], code: "I")
                                    + AttendanceFiles.rows(b, urn: 116003, days: [autumn[0]], code: "I"))
        _ = try await importAttendance([first], app: app)
        let before = try await StoredIllnessMeasures.query(on: app.db).filter(\.$upn == b).first()!.updatedAt
        let second = try files.write("second.csv", AttendanceFiles.rows(a, urn: 116003, days: [autumn[1]], code: "I")
                                     + AttendanceFiles.rows(b, urn: 116003, days: [autumn[0]], code: "I"))
        let result = try await importAttendance([second], app: app)
        XCTAssertEqual(result.stdout, "read 4, added 2, corrected 0, unchanged 2, unmatched UPNs 2")
        assertEqual(try await StoredIllnessMeasures.query(on: app.db).filter(\.$upn == b).first()!.updatedAt, before, "B's marks did not change")
        assertEqual(try await StoredIllnessMeasures.query(on: app.db).filter(\.$upn == a).first()!.illnessSessions, 4)
    }

    func testLongImportsReportProgress() async throws {
        let progress = ProgressLines()
        var rows: [String] = []
        for serial in 100..<(100 + 60) {
            rows += AttendanceFiles.rows(AttendanceFiles.unmatchedUPN(serial), urn: 116003, days: Array(autumn.prefix(40)), code: "/")
        }
        // 60 pupils × 40 days × 2 sessions = 4,800 rows; repeat across 5 schools for 24,000.
        let all = [116003, 116010, 116017, 116024, 116031].flatMap { urn in rows.map { $0.replacingOccurrences(of: ",116003,", with: ",\(urn),") } }
        let path = try files.write("big.csv", all)
        let result = try await importAttendance([path], app: app, progress: progress)
        XCTAssertEqual(result.stdout, "read 24000, added 24000, corrected 0, unchanged 0, unmatched UPNs 60")
        XCTAssertTrue(progress.lines.contains { $0.contains("parsed 24000 marks") }, progress.lines.joined(separator: "\n"))
        XCTAssertTrue(progress.lines.contains { $0.contains("measures changed for 60 of 60 pupil-years touched") }, progress.lines.joined(separator: "\n"))
        assertEqual(try await AttendanceYear.query(on: app.db).count(), 300)
    }

    func testMigrationsRevertAndReapply() async throws {
        let fresh = try await TestWorld.makeApp(seed: false)
        do {
            try await fresh.autoRevert()
            try await fresh.autoMigrate()
            let upn = AttendanceFiles.unmatchedUPN(60)
            try await Authority(name: "Test County Council", laCode: "885", namedOfficer: "n/a").create(on: fresh.db)
            let path = try files.write("again.csv", AttendanceFiles.rows(upn, urn: 116003, days: [autumn[0]], code: "I"))
            let result = try await importAttendance([path], app: fresh)
            XCTAssertEqual(result.stdout, "read 2, added 2, corrected 0, unchanged 0, unmatched UPNs 1")
        } catch {
            try? await fresh.asyncShutdown()
            throw error
        }
        try await fresh.asyncShutdown()
    }
}
