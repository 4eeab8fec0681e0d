import ContinuumDomain

/// `continuum rules top-up …` and `continuum rules sv-rag …` (issue 15 items 2 and 6): the money rules as one
/// line of JSON, amounts as decimal strings with two places. Bad arguments: one line on stderr, status 2.
enum MoneyRulesCommand {
    static let topUpUsage = "usage: continuum rules top-up --annual 12000.00 --placement-start YYYY-MM-DD [--placement-end YYYY-MM-DD] --financial-year 2025-26 [--divisor DAYS]"
    static let svRAGUsage = "usage: continuum rules sv-rag --target-in-year 1500000.00 --forecast-in-year 900000.00 [--tolerance-amount 500000.00] [--tolerance-pct 10]"

    static func money(_ options: CLIOptions, _ name: String, usage: String) throws(CLIResult) -> Money {
        guard let raw = options.values[name], !raw.isEmpty else { throw .usage("--\(name) is required; \(usage)") }
        guard let amount = Money(decimal: raw) else { throw .usage("--\(name) \"\(raw)\" is not an amount in pounds like 12000.00") }
        return amount
    }

    private static func date(_ options: CLIOptions, _ name: String) throws(CLIResult) -> CalendarDate? {
        guard let raw = options.values[name] else { return nil }
        guard let date = CalendarDate(input: raw) else { throw .usage("--\(name) \"\(raw)\" is not a real date in the format YYYY-MM-DD") }
        return date
    }

    static func topUp(_ args: ArraySlice<String>) throws(CLIResult) -> CLIResult {
        let options = try CLIOptions(args, allowed: ["annual", "placement-start", "placement-end", "financial-year", "divisor"])
        guard options.positional.isEmpty else { throw .usage("unexpected argument \(options.positional[0]); \(topUpUsage)") }
        let annual = try money(options, "annual", usage: topUpUsage)
        guard let start = try date(options, "placement-start") else { throw .usage("--placement-start is required; \(topUpUsage)") }
        let end = try date(options, "placement-end")
        let rawYear = try options.required("financial-year")
        guard let year = FinancialYear(rawYear) else { throw .usage("--financial-year \"\(rawYear)\" is not a financial year like 2025-26") }
        var divisor = TopUpDivisor.daysInFinancialYear
        if let raw = options.values["divisor"] {
            guard let days = Int(raw), (1...366).contains(days) else { throw .usage("--divisor \"\(raw)\" must be a whole number of days from 1 to 366") }
            divisor = .fixed(days)
        }
        switch TopUpProRata.due(annual: annual, start: start, end: end, year: year, divisor: divisor) {
        case let .failure(problem): throw .usage(String(describing: problem))
        case let .success(due):
            return .ok(JSONLine.object([("financial_year", .string(year.description)), ("days", .int(due.days)), ("amount", .string(due.amount.decimal))]))
        }
    }

    static func svRAG(_ args: ArraySlice<String>) throws(CLIResult) -> CLIResult {
        let options = try CLIOptions(args, allowed: ["target-in-year", "forecast-in-year", "tolerance-amount", "tolerance-pct"])
        guard options.positional.isEmpty else { throw .usage("unexpected argument \(options.positional[0]); \(svRAGUsage)") }
        let target = try money(options, "target-in-year", usage: svRAGUsage)
        let forecast = try money(options, "forecast-in-year", usage: svRAGUsage)
        var tolerance = SafetyValveTolerance.default
        if options.values["tolerance-amount"] != nil {
            let amount = try money(options, "tolerance-amount", usage: svRAGUsage)
            guard amount >= .zero else { throw .usage("--tolerance-amount must not be negative") }
            tolerance = SafetyValveTolerance(amount: amount, percent: tolerance.percent)
        }
        if let raw = options.values["tolerance-pct"] {
            guard let percent = Int(raw), (0...100).contains(percent) else { throw .usage("--tolerance-pct \"\(raw)\" must be a whole number from 0 to 100") }
            tolerance = SafetyValveTolerance(amount: tolerance.amount, percent: percent)
        }
        let rating = SafetyValveRAG.rate(targetInYear: target, forecastInYear: forecast, tolerance: tolerance)
        return .ok(JSONLine.object([("rag", .string(rating.rag.rawValue)), ("variance", .string(rating.variance.decimal))]))
    }
}
