import Fluent
import Vapor
import ContinuumDomain

/// `continuum report survey-results (--all | --survey SLUG) --format json [--la-code CODE]`: one JSON array,
/// one object per survey, every count a string (a number, or "<10"), suppressed as the results page is.
enum SurveyResultsReportCommand {
    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        let options: CLIOptions
        do { options = try CLIOptions(args[...], allowed: ["survey", "format", "la-code"], flags: ["all"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0])") }
        guard (options.values["format"] ?? "json") == "json" else { return .usage("--format must be json") }
        let all = options.values["all"] != nil
        guard all != (options.values["survey"] != nil) else { return .usage("usage: continuum report survey-results (--all | --survey SLUG) --format json [--la-code CODE]") }
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        var query = Survey.query(on: app.db).filter(\.$authority.$id == (try authority.requireID())).sort(\.$slug)
        if let slug = options.values["survey"] { query = query.filter(\.$slug == slug) }
        let surveys = try await query.all()
        if let slug = options.values["survey"], surveys.isEmpty { return .failure("no survey with the short name \(slug)") }
        let policy = SmallNumberSuppression(threshold: app.continuumConfiguration.smallNumberThreshold)
        var objects: [String] = []
        for survey in surveys {
            objects.append(json(try await SurveyResultsQuery.load(survey, db: app.db), policy: policy))
        }
        try await AuditLog.record(AuditEntry(action: "survey.results_report", entityType: "report", detail: "surveys=\(surveys.count)"),
                                  by: AuditActor(userID: nil, name: "continuum report survey-results", role: "system", socketAddress: "local"), on: app.db)
        return .ok("[" + objects.joined(separator: ",") + "]")
    }

    static func json(_ data: SurveyResultsData, policy: SmallNumberSuppression) -> String {
        // `sent`, `responses` and the rate are numbers, as the issue's format gives them: how many answered says
        // nothing of what anyone answered. Every answer count is suppressed.
        let rate = SurveyResults.rate(responses: data.responses, sent: data.sent)
        let questions = data.counts.map { counts -> String in
            let result = SurveyResults.suppress(counts, policy: policy)
            let countPairs = result.counts.map { "\(JSONLine.quote($0.key)):\(JSONLine.quote($0.text))" }.joined(separator: ",")
            return "{\"id\":\(JSONLine.quote(result.code)),\"type\":\(JSONLine.quote(result.type.rawValue)),\"total\":\(JSONLine.quote(result.total)),\"counts\":{\(countPairs)}}"
        }
        return "{\"survey\":\(JSONLine.quote(data.survey.slug)),\"title\":\(JSONLine.quote(data.survey.title)),\"sent\":\(data.sent),"
            + "\"responses\":\(data.responses),\"response_rate_pct\":\(rate.map { String(format: "%.1f", $0) } ?? "null"),"
            + "\"questions\":[\(questions.joined(separator: ","))]}"
    }
}

/// `continuum surveys send [--today YYYY-MM-DD] [--la-code CODE]`: sends the invitations due at the stages
/// chosen (the operator's daily scheduler runs it; `serve` does not).
enum SurveysCommand {
    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        guard args.first == "send" else { return .usage("usage: continuum surveys send [--today YYYY-MM-DD] [--la-code CODE]") }
        let options: CLIOptions
        do { options = try CLIOptions(args.dropFirst(), allowed: ["today", "la-code"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0])") }
        var today = CalendarDate.today()
        if let raw = options.values["today"] {
            guard let date = CalendarDate(input: raw) else { return .usage("--today \"\(raw)\" is not a real date in the format YYYY-MM-DD") }
            today = date
        }
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        let summary = try await SurveyDispatcher.sendDue(authorityID: try authority.requireID(), today: today,
                                                         actor: AuditActor(userID: nil, name: "continuum surveys send", role: "system", socketAddress: "local"),
                                                         links: app.ehcRequestLinks, db: app.db)
        return .ok("\(summary.invitations) invitations sent for \(summary.surveys) surveys")
    }
}
