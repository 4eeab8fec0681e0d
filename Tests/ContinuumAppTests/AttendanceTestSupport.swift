import Foundation
import Fluent
import SQLKit
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Real attendance files in a temporary folder, and the import command run on them in-process.
struct AttendanceFiles {
    let directory: URL

    init() throws {
        directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("continuum-attendance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Writes the header and `rows` (each "upn,urn,date,session,code") and returns the path.
    func write(_ name: String, _ rows: [String], header: String = AttendanceFile.header) throws -> String {
        let url = directory.appendingPathComponent(name)
        try ([header] + rows).joined(separator: "\n").appending("\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// UPNs no demo child has (establishment 2998, year 91).
    static func unmatchedUPN(_ serial: Int) -> String {
        UPN.make(laCode: "885", establishment: "2998", year2: 91, serial: serial).value
    }

    /// `count` weekdays from `start` (inclusive), skipping weekends.
    static func weekdays(from start: CalendarDate, count: Int) -> [CalendarDate] {
        var days: [CalendarDate] = []
        var day = start
        while days.count < count {
            if !day.isWeekend { days.append(day) }
            day = day.adding(days: 1)
        }
        return days
    }

    /// Both sessions of each day with the same code.
    static func rows(_ upn: String, urn: Int, days: [CalendarDate], code: String) -> [String] {
        days.flatMap { ["\(upn),\(urn),\($0),AM,\(code)", "\(upn),\(urn),\($0),PM,\(code)"] }
    }
}

/// Collects the progress lines an import writes, instead of printing them.
final class ProgressLines: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    var lines: [String] { lock.withLock { storage } }
    func append(_ line: String) { lock.withLock { storage.append(line) } }
}

extension XCTestCase {
    func importAttendance(_ paths: [String], app: Application, today: CalendarDate = CalendarDate(year: 2024, month: 10, day: 15),
                          progress: ProgressLines = ProgressLines()) async throws -> CLIResult {
        // With a second council in the database (the neighbour fixture) a command is told which one (issue 12).
        let several = try await Authority.query(on: app.db).count() > 1
        return try await AttendanceImportCommand.run((several ? ["--la-code", DemoSeeder.laCode] : []) + paths, app: app, today: today, progress: { progress.append($0) })
    }
}

extension XCTestCase {
    /// A pupil's marks for a year as the application reads them (year blobs with the registers
    /// not yet compacted laid over them, every school merged).
    func storedMarks(_ upn: String, academicYear: Int = 2024, app: Application) async throws -> SessionCodes {
        let sql = app.db as! any SQLDatabase
        let key = UPNYear(upn: PackedUPN(upn)!, academicYear: academicYear)
        let states = try await IllnessStateStore(sql: sql).load([key])
        return try await AttendanceCodesReader(sql: sql).marks([key], urns: Set(states[key]?.urns ?? [])).merged(key)
    }

    /// Every (UPN, URN, year) with marks held, in blobs or in registers: "upn|urn|year".
    func heldSchoolYears(app: Application) async throws -> Set<String> {
        var held = Set(try await AttendanceYear.query(on: app.db).all().map { "\($0.upn)|\($0.urn)|\($0.academicYear)" })
        for row in try await AttendanceRegisterRow.query(on: app.db).all() {
            let register = try AttendanceRegister(urn: row.urn, date: row.date, bytes: [UInt8](row.pupils))
            for upn in register.pupils.keys { held.insert("\(upn)|\(row.urn)|\(row.academicYear)") }
        }
        return held
    }
}
