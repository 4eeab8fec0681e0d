import Foundation
import GOVUK
import ContinuumDomain
import ContinuumPlanning

/// The county as SVG: children aggregated to postcode sectors (a circle per sector sized by count,
/// so no home is shown), sites as labelled squares; the extent comes from the points themselves.
enum PlanningMap {
    /// Small sectors are labelled as the suppression says and drawn at the threshold's size, so neither the
    /// label nor the circle gives a count under the threshold away.
    static func svg(children: [PlanningChild], sectorOf: [String: String], sites: [CandidateSite], hubIDs: Set<String>,
                    suppression: SmallNumberSuppression) -> String {
        var sectors: [String: (x: Double, y: Double, n: Int)] = [:]
        for child in children {
            let key = sectorOf[child.id] ?? "?"
            var s = sectors[key] ?? (0, 0, 0)
            s.x += child.location.easting; s.y += child.location.northing; s.n += 1
            sectors[key] = s
        }
        let points = sectors.values.map { ($0.x / Double($0.n), $0.y / Double($0.n)) } + sites.map { ($0.location.easting, $0.location.northing) }
        let minX = (points.map(\.0).min() ?? 0) - 3000, maxX = (points.map(\.0).max() ?? 1) + 3000
        let minY = (points.map(\.1).min() ?? 0) - 3000, maxY = (points.map(\.1).max() ?? 1) + 3000
        let width = 640.0, height = max(200, width * (maxY - minY) / max(1, maxX - minX))
        func sx(_ x: Double) -> Int { Int((x - minX) / (maxX - minX) * width) }
        func sy(_ y: Double) -> Int { Int(height - (y - minY) / (maxY - minY) * height) }
        var out = ["<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"map-title\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" class=\"app-bar-chart\">",
                   "<title id=\"map-title\">Map: children by postcode sector (circles sized by number) and sites (squares; hubs in orange)</title>",
                   "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#f3f2f1\"></rect>"]
        for (key, s) in sectors.sorted(by: { $0.key < $1.key }) {
            let small = suppression.isSmall(s.n)
            let r = 3 + Int(Double(small ? suppression.threshold : s.n).squareRoot() * 3)
            out.append("<circle cx=\"\(sx(s.x / Double(s.n)))\" cy=\"\(sy(s.y / Double(s.n)))\" r=\"\(r)\" fill=\"#1d70b8\" fill-opacity=\"0.6\"><title>\(Escape.text(key)): \(small ? suppression.primaryLabel : String(s.n)) children</title></circle>")
        }
        for site in sites {
            let x = sx(site.location.easting), y = sy(site.location.northing)
            let colour = hubIDs.contains(site.id) ? "#f47738" : "#0b0c0c"
            out.append("<rect x=\"\(x - 5)\" y=\"\(y - 5)\" width=\"10\" height=\"10\" fill=\"\(colour)\"></rect>")
            out.append("<text x=\"\(x + 8)\" y=\"\(y + 4)\" font-size=\"12\" fill=\"#0b0c0c\">\(Escape.text(site.name))</text>")
        }
        out.append("</svg>")
        return out.joined()
    }
}

/// Journey times today and with the hubs as paired bars per 5-minute band; the same numbers are in
/// a table beside it, so the chart is never the only way to read them.
enum PlanningDistributionChart {
    static func svg(today: TravelTimeDistribution, hubs: TravelTimeDistribution) -> String {
        let bands = today.counts.count
        let width = 640, height = 240, left = 40, bottom = 40, top = 20
        let peak = max(1, (today.counts + hubs.counts).max() ?? 1)
        let slot = (width - left - 10) / max(1, bands)
        let bar = max(2, (slot - 4) / 2)
        func h(_ n: Int) -> Int { Int(Double(n) / Double(peak) * Double(height - bottom - top)) }
        var out = ["<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"distribution-title\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" class=\"app-bar-chart\">",
                   "<title id=\"distribution-title\">Children by journey time in minutes: today (dark) and with the hubs (orange)</title>",
                   "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - 10)\" y2=\"\(height - bottom)\" stroke=\"#0b0c0c\"></line>",
                   "<text x=\"0\" y=\"\(top + 4)\" font-size=\"12\" fill=\"#0b0c0c\">\(peak)</text>"]
        for i in 0..<bands {
            let x = left + i * slot + 2
            let a = h(today.counts[i]), b = h(hubs.counts[i])
            out.append("<rect x=\"\(x)\" y=\"\(height - bottom - a)\" width=\"\(bar)\" height=\"\(a)\" fill=\"#0b0c0c\"><title>\(today.labels[i]) minutes, today: \(today.counts[i])</title></rect>")
            out.append("<rect x=\"\(x + bar)\" y=\"\(height - bottom - b)\" width=\"\(bar)\" height=\"\(b)\" fill=\"#f47738\"><title>\(hubs.labels[i]) minutes, with hubs: \(hubs.counts[i])</title></rect>")
            if i % 2 == 0 || i == bands - 1 {
                let label = i == bands - 1 ? "\(today.capMinutes)+" : String(i * today.bandMinutes)
                out.append("<text x=\"\(x)\" y=\"\(height - bottom + 16)\" font-size=\"12\" fill=\"#0b0c0c\">\(label)</text>")
            }
        }
        out.append("<text x=\"\(left)\" y=\"\(height - 6)\" font-size=\"12\" fill=\"#0b0c0c\">Minutes to the nearest site</text>")
        out.append("</svg>")
        return out.joined()
    }
}
