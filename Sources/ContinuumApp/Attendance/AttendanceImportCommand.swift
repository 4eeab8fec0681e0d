import Fluent
import Foundation
import Vapor
import ContinuumDomain

/// `continuum import attendance [--la-code CODE] FILE.csv [FILE.csv …]`.
///
/// Files are taken in the order given, because a later row corrects an earlier one. Each is
/// parsed whole before anything from it is applied; a file with any bad row is refused whole,
/// every bad line listed, and the others still go in. Each good file is one transaction.
enum AttendanceImportCommand {
    static let usage = "usage: continuum import attendance [--la-code CODE] FILE.csv [FILE.csv …]"
    /// Files at least this long get progress lines; a school's daily file stays quiet.
    static let progressThreshold = 20_000

    static func run(_ args: [String], app: Application, today: CalendarDate = .today(),
                    progress: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) async throws -> CLIResult {
        // Each progress line says how long the command has run, so a slow step shows itself.
        let started = ContinuousClock.now
        let progress: @Sendable (String) -> Void = { [progress] line in
            let elapsed = started.duration(to: .now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            progress("[\(String(format: "%.2f", seconds)) s] \(line)")
        }
        let options: CLIOptions
        do { options = try CLIOptions(args[...], allowed: ["la-code"]) } catch { return error }
        let paths = options.positional
        guard !paths.isEmpty else { return .usage(usage) }
        // Refuse a missing file before importing any: a typo should not leave half a batch in.
        if let unreadable = paths.first(where: { !FileManager.default.isReadableFile(atPath: $0) }) {
            return .usage("cannot read \(unreadable)")
        }
        // Any authority in the database, by --la-code; the only one when there is one (issue 12).
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        var importer = AttendanceImporter(authorityID: try authority.requireID(), today: today,
                                          actor: AuditActor(userID: nil, name: "continuum import attendance", role: "system", socketAddress: "local"))
        // HN-2: the authority's trigger in sessions (two a day).
        importer.thresholdSessions = authority.serviceTargets.absenceTriggerDays * 2
        var total = AttendanceImportSummary()
        var rejections: [String] = []
        // The next file is read and parsed on another thread while this one is applied: on a
        // backfill of 400 school files that is a tenth of the work taken off the critical path.
        var next: Task<Parsed, Never>? = Task.detached { Parsed(path: paths[0]) }
        for (index, path) in paths.enumerated() {
            let parsed = await next!.value
            next = index + 1 < paths.count ? Task.detached { [paths] in Parsed(path: paths[index + 1]) } : nil
            let marks: [AttendanceMark]
            switch parsed {
            case .unreadable:
                rejections.append("\(path): cannot read the file; nothing imported")
                continue
            case .rejected(let problems):
                rejections.append("\(path): nothing imported; \(problems.count) line(s) need fixing:\n"
                                  + problems.lines.map { "  \($0)" }.joined(separator: "\n"))
                continue
            case .marks(let parsedMarks):
                marks = parsedMarks
            }
            var fileImporter = importer
            if marks.count >= progressThreshold {
                progress("\(path): parsed \(marks.count) marks")
                fileImporter.progress = progress
            }
            let summary = try await fileImporter.apply(marks, fileName: path, on: app.db)
            if paths.count > 1 || marks.count >= progressThreshold { progress("\(path): \(summary.line)") }
            total.add(summary)
        }
        if total.identificationsCreated > 0 {
            progress("\(total.identificationsCreated) new early identification(s) for \(today.academicYearStart)/\(today.academicYearStart + 1): see \(SiteURL.identifications.path)")
        }
        guard rejections.isEmpty else {
            return .failure(rejections.joined(separator: "\n"), out: total.line)
        }
        return .ok(total.line)
    }
}

/// One file read and parsed, or why not.
private enum Parsed: Sendable {
    case marks([AttendanceMark])
    case unreadable
    case rejected(AttendanceFileRejection)

    init(path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { self = .unreadable; return }
        do { self = .marks(try AttendanceFile.parse(data)) } catch { self = .rejected(error) }
    }
}
