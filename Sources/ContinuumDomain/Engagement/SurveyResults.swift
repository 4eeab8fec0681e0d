import Foundation

/// One question's counts before suppression.
public struct SurveyQuestionCounts: Sendable, Equatable {
    public let question: SurveyQuestion
    /// Respondents who answered the question (for multiple choice, who chose at least one option).
    public let total: Int
    /// Counts by result key, in the question's order; for free text, by theme label.
    public let counts: [(key: String, count: Int)]
    /// Whether the counts add up to the total (single answers), so a reader could subtract.
    public let additive: Bool

    public init(question: SurveyQuestion, total: Int, counts: [(key: String, count: Int)], additive: Bool) {
        self.question = question; self.total = total; self.counts = counts; self.additive = additive
    }
    public static func == (a: Self, b: Self) -> Bool {
        a.question == b.question && a.total == b.total && a.additive == b.additive && a.counts.map(\.key) == b.counts.map(\.key) && a.counts.map(\.count) == b.counts.map(\.count)
    }
}

/// One question's results as published: every figure a number or "<10" (SURV-4: cells below the
/// threshold suppressed, with secondary suppression so none can be recovered by subtraction).
public struct SuppressedQuestionResult: Sendable, Equatable {
    public let code: String
    public let type: SurveyQuestionType
    public let total: String
    public let counts: [(key: String, text: String)]
    public static func == (a: Self, b: Self) -> Bool {
        a.code == b.code && a.type == b.type && a.total == b.total && a.counts.map(\.key) == b.counts.map(\.key) && a.counts.map(\.text) == b.counts.map(\.text)
    }
}

public enum SurveyResults {
    /// A question's counts from what SQL aggregated: `total` respondents who answered it, `values` answers by
    /// stored value (for free text, respondents by coded theme label; the words are never counted).
    public static func count(_ question: SurveyQuestion, total: Int, values: [String: Int], themeOrder: [String] = []) -> SurveyQuestionCounts {
        switch question.type {
        case .scale, .choice:
            return SurveyQuestionCounts(question: question, total: total, counts: question.resultKeys.map { ($0, values[$0] ?? 0) }, additive: true)
        case .multi:
            // One respondent may choose several options: the options need not add up to the total.
            return SurveyQuestionCounts(question: question, total: total, counts: question.resultKeys.map { ($0, values[$0] ?? 0) }, additive: false)
        case .number:
            // Whole numbers in fixed bands, so a rare exact value is never a cell of its own.
            let bands = numberBands(maximum: question.maximum ?? SurveyQuestion.defaultMaximum)
            var tally = [Int](repeating: 0, count: bands.count)
            for (value, n) in values {
                guard let v = Int(value), let i = bands.firstIndex(where: { $0.range.contains(v) }) else { continue }
                tally[i] += n
            }
            return SurveyQuestionCounts(question: question, total: total, counts: zip(bands, tally).map { ($0.label, $1) }, additive: true)
        case .text:
            // A free-text answer may carry several themes, or none: theme counts need not add up to the total.
            return SurveyQuestionCounts(question: question, total: total, counts: themeOrder.map { ($0, values[$0] ?? 0) }, additive: false)
        }
    }

    /// Bands for a number question: 0, then five bands up to the maximum.
    public static func numberBands(maximum: Int) -> [(label: String, range: ClosedRange<Int>)] {
        guard maximum >= 5 else { return (0...max(0, maximum)).map { (String($0), $0...$0) } }
        var bands: [(String, ClosedRange<Int>)] = [("0", 0...0)]
        var low = 1
        for i in 1...5 {
            let high = i == 5 ? maximum : max(low, maximum * i / 5)
            bands.append((low == high ? String(low) : "\(low) to \(high)", low...high))
            low = high + 1
            if low > maximum { break }
        }
        return bands
    }

    /// Applies small-number suppression to one question (SURV-4; issue 16 item 4): 1 to threshold-1 shown
    /// as "<10"; where the counts add up to the total and exactly one is hidden, a second is hidden too.
    public static func suppress(_ counts: SurveyQuestionCounts, policy: SmallNumberSuppression) -> SuppressedQuestionResult {
        var table = DisclosureTable()
        table.add("total", counts.total)
        for (i, c) in counts.counts.enumerated() { table.add("c\(i)", c.count) }
        if counts.additive { table.addLine(total: "total", parts: counts.counts.indices.map { "c\($0)" }) }
        let shown = policy.apply(table)
        var hidden = counts.counts.indices.map { shown["c\($0)"].isHidden }
        let totalHidden = shown["total"].isHidden
        // The rule for every question type, additive or not: a shown total with exactly one hidden
        // cell gets a second hidden cell, the smallest visible non-zero one (zero is always shown, as
        // elsewhere: SmallNumberSuppression), so no cell is recovered by subtraction.
        if !totalHidden, hidden.filter({ $0 }).count == 1,
           let second = counts.counts.indices.filter({ !hidden[$0] && counts.counts[$0].count > 0 }).min(by: { (counts.counts[$0].count, $0) < (counts.counts[$1].count, $1) }) {
            hidden[second] = true
        }
        // A hidden cell reads "<10" whether it is small or hidden to protect a small one: a reader sees only
        // numbers and "<10" (the contract), and the page says what "<10" covers.
        return SuppressedQuestionResult(code: counts.question.code, type: counts.question.type,
                                        total: totalHidden ? policy.primaryLabel : String(counts.total),
                                        counts: counts.counts.indices.map { (counts.counts[$0].key, hidden[$0] ? policy.primaryLabel : String(counts.counts[$0].count)) })
    }

    /// A response rate to one decimal place, as a string ("20.3"); nil with nothing sent.
    public static func rate(responses: Int, sent: Int) -> Double? {
        guard sent > 0 else { return nil }
        return (Double(responses * 1000 / sent) + (responses * 1000 % sent * 2 >= sent ? 1 : 0)) / 10
    }

    /// The calendar quarter a date falls in, as "2026 Q3" (January to March is Q1).
    public static func quarter(_ date: CalendarDate) -> String { "\(date.year) Q\((date.month - 1) / 3 + 1)" }

    /// Share agreeing (4 or 5 on the scale), to the nearest whole per cent; nil below the threshold, so a
    /// percentage never reveals a small count.
    public static func agreePercent(agree: Int, of total: Int, policy: SmallNumberSuppression) -> Int? {
        guard total >= policy.threshold else { return nil }
        return (agree * 200 + total) / (total * 2)
    }
}
