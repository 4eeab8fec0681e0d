import GOVUK
import ContinuumDomain

/// A horizontal bar chart as server-rendered SVG: labelled, with a text alternative, no script. Each bar's
/// value is written beside it, so the chart reads without colour or hover; the page puts the same figures
/// in a table.
enum BarChart {
    /// A bar with no value (a suppressed figure) is drawn as its label and text only.
    struct Bar { let label: String; let value: Int64?; let text: String }

    static func svg(title: String, id: String = "chart", bars: [Bar]) -> String {
        let width = 640, rowHeight = 34, labelWidth = 300
        let maxValue = max(1, bars.compactMap { $0.value.map(abs) }.max() ?? 1)
        let height = bars.count * rowHeight + 10
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"\(id)-title\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" class=\"app-bar-chart\">",
                     "<title id=\"\(id)-title\">\(Escape.text(title))</title>"]
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight + 5
            let barWidth = bar.value.map { Int(abs($0) * Int64(width - labelWidth - 140) / maxValue) } ?? 0
            parts.append("<text x=\"0\" y=\"\(y + 20)\" font-size=\"16\" fill=\"#0b0c0c\">\(Escape.text(bar.label))</text>")
            parts.append("<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(barWidth)\" height=\"22\" fill=\"#1d70b8\"></rect>")
            parts.append("<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(y + 20)\" font-size=\"16\" fill=\"#0b0c0c\">\(Escape.text(bar.text))</text>")
        }
        parts.append("</svg>")
        return parts.joined()
    }

    /// Bars from the same `SuppressedFigures` as the table beside them: a hidden figure has no bar, and
    /// the scale is set by the visible figures only (a scale set by a hidden one would show it).
    static func svg(title: String, bars: [(String, SuppressedCount)], figures: SuppressedFigures) -> String {
        svg(title: title, bars: bars.map { Bar(label: $0.0, value: $0.1.value.map(Int64.init), text: figures.label($0.1)) })
    }
}
