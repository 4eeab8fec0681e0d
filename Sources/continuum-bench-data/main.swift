// Writes the data for the attendance benchmark (issue 4 item 5; bench/attendance/run.sh):
// a synthetic county year as CSV files in the `continuum import attendance` format, so that
// Continuum and its peer (DuckDB) read exactly the same bytes. It exists as a release-built
// executable because 38 million rows is too many to produce quickly from a script.
//
//   continuum-bench-data DIR [--pupils 100000] [--schools 400] [--seed 885]
//
// Writes DIR/year/attendance-<URN>.csv, one file per school: every school day of 2024/25
// (the demo calendar) except the last, and DIR/feed-<DATE>.csv, every school's marks for that
// last day (the next day's feed after the backfill). One file per school because that is what
// a county receives from its schools' systems, and because the import parses each file whole
// into memory and applies it in one transaction: a 3.7 MB file keeps memory small, where one
// 1.4 GB file would hold the year's marks in memory at once.
import ContinuumDemo
import ContinuumDomain
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("continuum-bench-data: \(message)\n".utf8))
    exit(2)
}

var options = ["pupils": 100_000, "schools": 400, "seed": 885]
var directory: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    if argument.hasPrefix("--") {
        let name = String(argument.dropFirst(2))
        guard options[name] != nil else { fail("unknown option \(argument)") }
        guard let value = arguments.popFirst().flatMap({ Int($0) }), value >= 0 else { fail("\(argument) needs a whole number") }
        options[name] = value
    } else if directory == nil {
        directory = argument
    } else {
        fail("unexpected argument \(argument)")
    }
}
guard let directory else { fail("usage: continuum-bench-data DIR [--pupils N] [--schools M] [--seed S]") }

// School days of academic year 2024/25 in the demo calendar (weekdays in term, less half terms,
// bank holidays and INSET days).
let calendar = SchoolCalendar.demo()
let schoolDays = Array(CalendarDate(year: 2024, month: 9, day: 1)...CalendarDate(year: 2025, month: 8, day: 31))
    .filter(calendar.isSchoolDay)
let feedDate = schoolDays.last!
let synthetic = SyntheticAttendance(seed: UInt64(options["seed"]!), pupils: options["pupils"]!,
                                    schools: options["schools"]!, schoolDays: schoolDays)

let root = URL(fileURLWithPath: directory)
let yearDirectory = root.appendingPathComponent("year")
do {
    try FileManager.default.createDirectory(at: yearDirectory, withIntermediateDirectories: true)
    var yearMarks = 0
    for school in synthetic.urns.indices {
        let marks = synthetic.marks(forSchool: school).filter { $0.date != feedDate }
        yearMarks += marks.count
        try AttendanceFile.csv(marks).write(to: yearDirectory.appendingPathComponent("attendance-\(synthetic.urns[school]).csv"))
    }
    let feed = synthetic.marks(on: feedDate)
    try AttendanceFile.csv(feed).write(to: root.appendingPathComponent("feed-\(feedDate).csv"))
    print("\(schoolDays.count) school days \(schoolDays.first!)...\(feedDate); \(synthetic.urns.count) school files, "
          + "\(yearMarks) marks to \(schoolDays.dropLast().last ?? feedDate) in \(yearDirectory.path); feed \(feedDate): \(feed.count) marks")
} catch {
    fail("cannot write into \(directory): \(error)")
}
