import Foundation
import GOVUK
import ContinuumDomain

/// The attendance strip as server-rendered SVG: a cell per school day with its date and codes as a
/// tooltip, and a text summary beside it so the picture is never the only way to read it.
enum AttendanceStripView {
    static let colours: [AttendanceStrip.Category: String] = [
        .present: "#00703c", .approvedActivity: "#1d70b8", .illness: "#d4351c", .authorisedAbsence: "#f47738",
        .unauthorisedAbsence: "#4c2c92", .notPossible: "#b1b4b6", .noMark: "#ffffff",
    ]

    static func render(_ strip: AttendanceStrip, childName: String) -> HTMLNode {
        guard !strip.days.isEmpty else { return p("No attendance marks have been received for \(strip.academicYear)/\(String(strip.academicYear + 1).suffix(2)).") }
        let cell = 7, gap = 1, perRow = 100
        let rows = (strip.days.count + perRow - 1) / perRow
        let width = perRow * (cell + gap), height = rows * (cell + 6)
        let title = "Attendance for \(childName), \(strip.academicYear)/\(String(strip.academicYear + 1).suffix(2)): one square per school day"
        var svg = ["<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"strip-title\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" class=\"app-strip\">",
                   "<title id=\"strip-title\">\(Escape.text(title))</title>"]
        for (index, day) in strip.days.enumerated() {
            let x = (index % perRow) * (cell + gap), y = (index / perRow) * (cell + 6)
            let codes = "\(day.am?.code ?? "–") \(day.pm?.code ?? "–")"
            svg.append("<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell)\" height=\"\(cell)\" fill=\"\(colours[day.category]!)\" stroke=\"#0b0c0c\" stroke-width=\"0.3\"><title>\(day.date.longFormatWithWeekday): \(Escape.text(codes)), \(Escape.text(day.category.label))</title></rect>")
        }
        svg.append("</svg>")
        let total = strip.days.count
        return group([
            el("div", [.cls("app-chart")], [.raw(svg.joined())]),
            table(caption: "Attendance summary, \(strip.academicYear)/\(String(strip.academicYear + 1).suffix(2)) (\(total) school days with marks)", captionSize: "s",
                  headers: ["Key", "Days"], numericColumns: [1],
                  rows: strip.counts.map { category, n in
                      [TableCell(group([el("span", [.cls("app-swatch app-swatch--\(category.rawValue)"), Attr("aria-hidden", "true")], []), txt(" " + category.label)])),
                       TableCell(text: String(n), numeric: true)]
                  }),
        ])
    }
}

/// New identifications per week as a column chart, with the numbers in a table beside it.
enum WeeklyChart {
    static func render(title: String, weeks: [(start: CalendarDate, count: Int)]) -> HTMLNode {
        let width = 640, height = 200, left = 36, bottom = 30
        let maxValue = max(1, weeks.map(\.count).max() ?? 1)
        let step = weeks.isEmpty ? 0 : (width - left) / weeks.count
        var svg = ["<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"weekly-title\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" class=\"app-bar-chart\">",
                   "<title id=\"weekly-title\">\(Escape.text(title))</title>",
                   "<text x=\"\(left - 6)\" y=\"14\" font-size=\"13\" text-anchor=\"end\" fill=\"#0b0c0c\">\(maxValue)</text>",
                   "<text x=\"\(left - 6)\" y=\"\(height - bottom)\" font-size=\"13\" text-anchor=\"end\" fill=\"#0b0c0c\">0</text>"]
        for (index, week) in weeks.enumerated() {
            let h = (height - bottom - 10) * week.count / maxValue
            let x = left + index * step + 2
            svg.append("<rect x=\"\(x)\" y=\"\(height - bottom - h)\" width=\"\(max(2, step - 4))\" height=\"\(h)\" fill=\"#1d70b8\"><title>Week of \(week.start.longFormat): \(week.count)</title></rect>")
            if index % 2 == 0 {
                svg.append("<text x=\"\(x)\" y=\"\(height - 10)\" font-size=\"12\" fill=\"#0b0c0c\">\(week.start.day) \(CalendarDate.monthName(week.start.month).prefix(3))</text>")
            }
        }
        svg.append("</svg>")
        return group([
            el("div", [.cls("app-chart")], [.raw(svg.joined())]),
            details(summary: "The chart's figures as a table", [
                table(caption: title, captionSize: "s", headers: ["Week beginning", "New identifications"], numericColumns: [1],
                      rows: weeks.map { [TableCell(text: $0.start.longFormat), TableCell(text: String($0.count), numeric: true)] }),
            ]),
        ])
    }
}
