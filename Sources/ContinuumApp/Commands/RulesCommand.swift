import ContinuumDomain

/// `continuum rules …`: the statutory rules for operators and scripts, one line of JSON each.
/// Needs no database; school days use the demo authority's calendar.
public enum RulesCommand {
    static let usage = "usage: continuum rules upn UPN | stage --dob YYYY-MM-DD --on YYYY-MM-DD | school-days --from YYYY-MM-DD --to YYYY-MM-DD | ehc-timeline --request YYYY-MM-DD [--advice-requested D] [--draft-served D] [--final-issued D] [--exception a|b|c|d] [--decision-exception a|b|c|d] [--transfer secondary|post16 --transfer-year YYYY] | top-up --annual 12000.00 --placement-start YYYY-MM-DD [--placement-end YYYY-MM-DD] --financial-year 2025-26 [--divisor DAYS] | sv-rag --target-in-year 1500000.00 --forecast-in-year 900000.00 [--tolerance-amount 500000.00] [--tolerance-pct 10]"

    public static func run(_ args: [String]) -> CLIResult {
        guard let sub = args.first else { return .usage(usage) }
        do {
            switch sub {
            case "upn": return try upn(args.dropFirst())
            case "stage": return try stage(args.dropFirst())
            case "school-days": return try schoolDays(args.dropFirst())
            case "ehc-timeline": return try ehcTimeline(args.dropFirst())
            case "top-up": return try MoneyRulesCommand.topUp(args.dropFirst())
            case "sv-rag": return try MoneyRulesCommand.svRAG(args.dropFirst())
            default: return .usage("unknown rule \"\(sub)\"; \(usage)")
            }
        } catch {
            return error
        }
    }

    private static func upn(_ args: ArraySlice<String>) throws(CLIResult) -> CLIResult {
        let options = try CLIOptions(args, allowed: [])
        guard options.positional.count == 1 else { throw .usage("usage: continuum rules upn UPN") }
        let raw = options.positional[0]
        switch UPN.validate(raw) {
        case .valid:
            return .ok(JSONLine.object([("upn", .string(raw)), ("valid", .bool(true))]))
        case .invalid(let reason):
            return .ok(JSONLine.object([("upn", .string(raw)), ("valid", .bool(false)), ("reason", .string(reason))]))
        }
    }

    private static func date(_ options: CLIOptions, _ name: String) throws(CLIResult) -> CalendarDate {
        let raw = try options.required(name)
        guard let date = CalendarDate(input: raw) else { throw .usage("--\(name) \"\(raw)\" is not a real date in the format YYYY-MM-DD") }
        return date
    }

    private static func stage(_ args: ArraySlice<String>) throws(CLIResult) -> CLIResult {
        let options = try CLIOptions(args, allowed: ["dob", "on"])
        guard options.positional.isEmpty else { throw .usage("unexpected argument \(options.positional[0])") }
        let dob = try date(options, "dob"), on = try date(options, "on")
        guard dob <= on else { throw .usage("--dob must not be after --on") }
        let year = AgeAndStage.yearGroup(dateOfBirth: dob, on: on)
        let keyStage = AgeAndStage.keyStage(yearGroup: year)?.number
        return .ok(JSONLine.object([
            ("year_group", .int(year)),
            ("key_stage", keyStage.map { .int($0) } ?? .null),
            ("compulsory_school_age", .bool(AgeAndStage.isCompulsorySchoolAge(dateOfBirth: dob, on: on))),
        ]))
    }

    private static func schoolDays(_ args: ArraySlice<String>) throws(CLIResult) -> CLIResult {
        let options = try CLIOptions(args, allowed: ["from", "to"])
        guard options.positional.isEmpty else { throw .usage("unexpected argument \(options.positional[0])") }
        let from = try date(options, "from"), to = try date(options, "to")
        guard from <= to else { throw .usage("--from must not be after --to") }
        let calendar = SchoolCalendar.demo()
        guard calendar.covers(from), calendar.covers(to) else {
            throw .usage("the demo calendar covers \(calendar.coverage.map { "\($0.lowerBound) to \($0.upperBound)" } ?? "no dates"); \(from) to \(to) is outside it")
        }
        // Issue 14 item 5: past the bank-holiday table the count is unknown, so it is null with the reason, not a guess.
        guard let count = calendar.schoolDaysIfKnown(from: from, to: to) else {
            let warning = calendar.unknownHolidayWarning(from: from, to: to) ?? "bank holidays in this span are not known"
            return .ok("{\"school_days\":null,\"warnings\":[\(JSONLine.quote(warning))]}")
        }
        return .ok(JSONLine.object([("school_days", .int(count))]))
    }

    private static func ehcTimeline(_ args: ArraySlice<String>) throws(CLIResult) -> CLIResult {
        let options = try CLIOptions(args, allowed: ["request", "advice-requested", "draft-served", "final-issued", "exception", "decision-exception", "transfer", "transfer-year"])
        guard options.positional.isEmpty else { throw .usage("unexpected argument \(options.positional[0])") }
        let request = try date(options, "request")
        func optionalDate(_ name: String) throws(CLIResult) -> CalendarDate? {
            options.values[name] == nil ? nil : try date(options, name)
        }
        let advice = try optionalDate("advice-requested"), draft = try optionalDate("draft-served"), final = try optionalDate("final-issued")
        var exception: EHCException?
        if let raw = options.values["exception"] {
            guard let parsed = EHCException(rawValue: raw) else { throw .usage("--exception must be a, b, c or d (SEND Regulations 2014 reg 10(4))") }
            exception = parsed
        }
        // SEND Regulations 2014 reg 5(4) (rulebook EHC-2): the same (a)–(d) circumstances lift the 6-week decision limit.
        var decisionException: EHCException?
        if let raw = options.values["decision-exception"] {
            guard let parsed = EHCException(rawValue: raw) else { throw .usage("--decision-exception must be a, b, c or d (SEND Regulations 2014 reg 5(4))") }
            decisionException = parsed
        }
        var transfer: PhaseTransfer?
        switch (options.values["transfer"], options.values["transfer-year"]) {
        case (nil, nil): break
        case (let kind?, let year?):
            guard let parsedKind = PhaseTransfer.Kind(rawValue: kind) else { throw .usage("--transfer must be secondary or post16") }
            guard let parsedYear = Int(year), let value = PhaseTransfer(kind: parsedKind, year: parsedYear) else { throw .usage("--transfer-year must be a year like 2026") }
            transfer = value
        default: throw .usage("--transfer and --transfer-year go together")
        }
        let problems = EHCTimeline.problems(request: request, adviceRequested: advice, draftServed: draft, finalIssued: final)
        if let first = problems.first { throw .usage(first) }
        return .ok(EHCTimeline.compute(request: request, adviceRequested: advice, draftServed: draft, finalIssued: final, exception: exception,
                                       decisionException: decisionException, transfer: transfer).jsonLine())
    }
}
