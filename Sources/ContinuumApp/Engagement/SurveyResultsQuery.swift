import Fluent
import Foundation
import SQLKit
import Vapor
import ContinuumDomain

/// A survey's results, aggregated in SQL: a fixed number of queries whatever the number of responses, and
/// never an answer's text (free text is counted by its coded themes). One path for the page, the CSV-free
/// JSON report and the bench.
struct SurveyResultsData {
    struct StageRow: Sendable { let stage: String; let responses: Int; let agree: Int; let scaleAnswers: Int }
    struct QuarterRow: Sendable { let quarter: String; let responses: Int; let agree: Int; let scaleAnswers: Int }
    let survey: Survey
    let questions: [SurveyQuestion]
    let sent: Int
    let responses: Int
    let counts: [SurveyQuestionCounts]
    let stages: [StageRow]
    let quarters: [QuarterRow]
}

enum SurveyResultsQuery {
    /// Every question any published version asked, in order, the latest wording of each.
    static func questions(surveyID: UUID, db: any Database) async throws -> [SurveyQuestion] {
        let versions = try await SurveyVersion.query(on: db).filter(\.$survey.$id == surveyID).filter(\.$publishedOn != nil).sort(\.$version).all()
        var order: [String] = []
        var latest: [String: SurveyQuestion] = [:]
        for version in versions {
            for q in version.questions {
                if latest[q.code] == nil { order.append(q.code) }
                latest[q.code] = q
            }
        }
        return order.compactMap { latest[$0] }
    }

    static func load(_ survey: Survey, db: any Database) async throws -> SurveyResultsData {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let surveyID = try survey.requireID()
        let questions = try await Self.questions(surveyID: surveyID, db: db)
        let codes = Set(questions.map(\.code))
        let counted = questions.filter { $0.type != .text }.map(\.code)
        let scale = questions.filter { $0.type == .scale }.map(\.code)
        let texts = questions.filter { $0.type == .text }.map(\.code)

        let sent = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(SurveyInvitation.schema)
            .where("survey_id", .equal, surveyID).first()?.decode(column: "n", as: Int.self) ?? 0
        // Responses by stage and month: the totals, the stage comparison and the quarters come from these.
        let byStageMonth = try await sql.select().column("stage").column(SQLFunction("SUBSTR", args: SQLColumn("submitted_on"), SQLLiteral.numeric("1"), SQLLiteral.numeric("7")), as: "ym")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(SurveyResponse.schema)
            .where("survey_id", .equal, surveyID).groupBy("stage").groupBy("ym").all()
        // Answers by question and value, and respondents per question, for the counted types.
        var valueCounts: [String: [(String, Int)]] = [:]
        if !counted.isEmpty {
            for row in try await sql.select().column("question").column("value").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(SurveyAnswerRecord.schema).where("survey_id", .equal, surveyID).where("question", .in, counted)
                .groupBy("question").groupBy("value").all() {
                valueCounts[try row.decode(column: "question", as: String.self), default: []].append((try row.decode(column: "value", as: String.self), try row.decode(column: "n", as: Int.self)))
            }
        }
        var respondents: [String: Int] = [:]
        for row in try await sql.select().column("question").column(SQLFunction("COUNT", args: SQLDistinct(SQLColumn("response_id"))), as: "n")
            .from(SurveyAnswerRecord.schema).where("survey_id", .equal, surveyID).groupBy("question").all() {
            let code = try row.decode(column: "question", as: String.self)
            if codes.contains(code) { respondents[code] = try row.decode(column: "n", as: Int.self) }
        }
        // Free text: respondents per theme (an answer with two themes counts once under each).
        var themeCounts: [String: [String: Int]] = [:]
        var themeOrder: [String] = []
        if !texts.isEmpty {
            themeOrder = try await FeedbackThemeRecord.query(on: db).filter(\.$authority.$id == survey.$authority.id).sort(\.$label).all().map(\.label)
            for row in try await sql.select().column(SQLColumn("question", table: SurveyAnswerRecord.schema)).column(SQLColumn("label", table: FeedbackThemeRecord.schema))
                .column(SQLFunction("COUNT", args: SQLDistinct(SQLColumn("response_id", table: SurveyAnswerRecord.schema))), as: "n")
                .from(SurveyAnswerTheme.schema)
                .join(SurveyAnswerRecord.schema, on: SQLColumn("answer_id", table: SurveyAnswerTheme.schema), .equal, SQLColumn("id", table: SurveyAnswerRecord.schema))
                .join(FeedbackThemeRecord.schema, on: SQLColumn("theme_id", table: SurveyAnswerTheme.schema), .equal, SQLColumn("id", table: FeedbackThemeRecord.schema))
                .where(SQLColumn("survey_id", table: SurveyAnswerRecord.schema), .equal, SQLBind(surveyID))
                .groupBy(SQLColumn("question", table: SurveyAnswerRecord.schema)).groupBy(SQLColumn("label", table: FeedbackThemeRecord.schema)).all() {
                themeCounts[try row.decode(column: "question", as: String.self), default: [:]][try row.decode(column: "label", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
        }
        // Agreement (4 or 5) on the scale questions by stage and month.
        var agreeByStageMonth: [(stage: String, ym: String, agree: Int, all: Int)] = []
        if !scale.isEmpty {
            // Grouped by value too (five values at most), so agreement is summed here rather than in a CASE. The answer carries
            // its response's stage and month (migration 052), so this reads the covering index alone, with no join.
            for row in try await sql.select().column("stage").column(SQLColumn("submitted_month"), as: "ym").column("value")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(SurveyAnswerRecord.schema)
                .where("survey_id", .equal, SQLBind(surveyID)).where("question", .in, SQLBind.group(scale))
                .groupBy("stage").groupBy("submitted_month").groupBy("value").all() {
                let value = try row.decode(column: "value", as: String.self), n = try row.decode(column: "n", as: Int.self)
                agreeByStageMonth.append((try row.decode(column: "stage", as: String.self), try row.decode(column: "ym", as: String.self),
                                          value == "4" || value == "5" ? n : 0, n))
            }
        }

        var stageTotals: [String: Int] = [:], quarterTotals: [String: Int] = [:]
        var total = 0
        for row in byStageMonth {
            let n = try row.decode(column: "n", as: Int.self)
            stageTotals[try row.decode(column: "stage", as: String.self), default: 0] += n
            quarterTotals[quarter(try row.decode(column: "ym", as: String.self)), default: 0] += n
            total += n
        }
        var stageAgree: [String: (Int, Int)] = [:], quarterAgree: [String: (Int, Int)] = [:]
        for row in agreeByStageMonth {
            let s = stageAgree[row.stage] ?? (0, 0); stageAgree[row.stage] = (s.0 + row.agree, s.1 + row.all)
            let q = quarterAgree[quarter(row.ym)] ?? (0, 0); quarterAgree[quarter(row.ym)] = (q.0 + row.agree, q.1 + row.all)
        }
        let counts = questions.map { q in
            q.type == .text
                ? SurveyResults.count(q, total: respondents[q.code] ?? 0, values: themeCounts[q.code] ?? [:], themeOrder: themeOrder)
                : SurveyResults.count(q, total: respondents[q.code] ?? 0, values: Dictionary(valueCounts[q.code] ?? [], uniquingKeysWith: +))
        }
        let rank = { (stage: String) in SurveyTrigger.allCases.firstIndex { $0.rawValue == stage } ?? SurveyTrigger.allCases.count }
        let stages = stageTotals.keys.sorted { (rank($0), $0) < (rank($1), $1) }
            .map { SurveyResultsData.StageRow(stage: $0, responses: stageTotals[$0] ?? 0, agree: stageAgree[$0]?.0 ?? 0, scaleAnswers: stageAgree[$0]?.1 ?? 0) }
        let quarters = quarterTotals.keys.sorted().map { SurveyResultsData.QuarterRow(quarter: $0, responses: quarterTotals[$0] ?? 0, agree: quarterAgree[$0]?.0 ?? 0, scaleAnswers: quarterAgree[$0]?.1 ?? 0) }
        return SurveyResultsData(survey: survey, questions: questions, sent: sent, responses: total, counts: counts, stages: stages, quarters: quarters)
    }

    /// "2026-07" → "2026 Q3".
    static func quarter(_ ym: String) -> String {
        guard let date = CalendarDate(iso: ym + "-01") else { return ym }
        return SurveyResults.quarter(date)
    }
}
