import Fluent
import SQLKit
import Vapor
import GOVUK
import ContinuumDomain

/// Turning feedback into figures and action (SURV-1, SURV-2, SURV-5, SURV-6): the managed list of themes,
/// coding free-text answers with them, "you said, we did" with its public page, and the co-production log.
struct FeedbackController {
    func register(_ routes: any RoutesBuilder) {
        let managers = SurveysController.managers
        routes.secure(.GET, .surveysPart(.themes), roles: managers, use: themes)
        routes.secure(.POST, .surveysPart(.themes), roles: managers, use: addTheme)
        routes.secure(.GET, .surveysPart(.coding), roles: managers, use: coding)
        routes.secure(.POST, .surveysPart(.coding), roles: managers, use: code)
        routes.secure(.GET, .surveysPart(.youSaidWeDid), roles: managers, use: youSaidWeDid)
        routes.secure(.POST, .surveysPart(.youSaidWeDid), roles: managers, use: addYouSaidWeDid)
        routes.secure(.GET, .surveysPart(.coProduction), roles: managers, use: coProduction)
        routes.secure(.POST, .surveysPart(.coProduction), roles: managers, use: addCoProduction)
        routes.publicRoute(.GET, .publicYouSaidWeDid(laCode: .key), use: publicPage)
    }

    struct ThemeForm: Content { var label: String? }
    struct CodeForm: Content { var answer: String?; var themes: [String]? }
    struct YSWDForm: Content {
        var theme: String?; var youSaid: String?; var weDid: String?; var status: String?; var rationale: String?; var evidence: String?
        var review: String?; var noPersonalData: String?
        enum CodingKeys: String, CodingKey {
            case theme, status, rationale, evidence, review
            case youSaid = "you-said", weDid = "we-did", noPersonalData = "no-personal-data"
        }
    }
    struct CoProductionForm: Content {
        var heldOn: String?; var groups: [String]?; var title: String?; var asked: String?; var changed: String?; var milestone: String?
        enum CodingKeys: String, CodingKey { case heldOn = "held-on", groups, title, asked, changed, milestone }
    }

    private func render(_ req: Request, _ principal: Principal, title: String, errors: [FormError], status: HTTPStatus = .ok, _ content: [HTMLNode]) async throws -> Response {
        .html(HTMLPage(title: title, chrome: try await req.chrome(for: principal, current: .surveys), errors: errors, content: content), status: status)
    }

    private func themeList(_ principal: Principal, db: any Database) async throws -> [FeedbackThemeRecord] {
        try await FeedbackThemeRecord.query(on: db).filter(\.$authority.$id == principal.authorityID).sort(\.$label).all()
    }

    // MARK: themes

    @Sendable func themes(_ req: Request, _ principal: Principal) async throws -> Response {
        try await themesPage(req, principal, form: ThemeForm(), errors: [])
    }

    private func themesPage(_ req: Request, _ principal: Principal, form: ThemeForm, errors: [FormError], status: HTTPStatus = .ok) async throws -> Response {
        let themes = try await themeList(principal, db: req.db)
        return try await render(req, principal, title: "Themes", errors: errors, status: status, [
            h1("Themes", caption: "Feedback"),
            p("Staff code free-text answers and comments with themes from this list, so what people write can be counted and followed over time (SURV-5)."),
            themes.isEmpty ? p("No themes yet.") : table(caption: "The council's themes", headers: ["Theme"], rows: themes.map { [TableCell(text: $0.label)] }),
            postForm(action: SiteURL.surveysPart(.themes).path, csrfToken: principal.csrfToken, [
                textInput(Field(name: "label", label: "New theme", value: form.label ?? "", hint: "For example: " + FeedbackTheme.starters.prefix(3).joined(separator: ", "), error: errors.message(for: "label"))),
                button("Add the theme"),
            ]),
        ])
    }

    @Sendable func addTheme(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(ThemeForm.self)) ?? ThemeForm()
        switch FeedbackTheme.checkLabel(form.label, existing: try await themeList(principal, db: req.db).map(\.label)) {
        case let .failure(problems): return try await themesPage(req, principal, form: form, errors: problems.formErrors, status: .unprocessableEntity)
        case let .success(label):
            let theme = FeedbackThemeRecord()
            theme.$authority.id = principal.authorityID; theme.label = label; theme.retired = false
            try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
                try await theme.create(on: db)
                return ([AuditEntry(action: "feedback.theme_added", entityType: "feedback_theme", entityID: theme.id?.uuidString, detail: label)], ())
            }
            return req.redirect(to: SiteURL.surveysPart(.themes).path)
        }
    }

    // MARK: coding free text

    /// Uncoded free-text answers, oldest first, 25 at a time: two queries whatever the number.
    @Sendable func coding(_ req: Request, _ principal: Principal) async throws -> Response {
        try await codingPage(req, principal, errors: [])
    }

    private func codingPage(_ req: Request, _ principal: Principal, errors: [FormError], status: HTTPStatus = .ok) async throws -> Response {
        guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let themes = try await themeList(principal, db: req.db)
        let surveys = try await Survey.query(on: req.db).filter(\.$authority.$id == principal.authorityID).all()
        let textCodes = Set(try await SurveyVersion.query(on: req.db).filter(\.$survey.$id ~~ surveys.compactMap(\.id)).all()
            .flatMap { v in v.questions.filter { $0.type == .text }.map { "\(v.$survey.id.uuidString)|\($0.code)" } })
        let titles = Dictionary(uniqueKeysWithValues: surveys.map { ($0.id!, $0.title) })
        var rows: [(id: UUID, survey: String, question: String, text: String, stage: String, consent: Bool, caseType: String?, caseID: UUID?)] = []
        if !surveys.isEmpty {
            let coded = SQLSubquery.select { $0.column("answer_id").from(SurveyAnswerTheme.schema) }
            let found = try await sql.select()
                .column(SQLColumn("id", table: SurveyAnswerRecord.schema)).column(SQLColumn("survey_id", table: SurveyAnswerRecord.schema))
                .column(SQLColumn("question", table: SurveyAnswerRecord.schema)).column(SQLColumn("value", table: SurveyAnswerRecord.schema))
                .column(SQLColumn("stage", table: SurveyResponse.schema)).column(SQLColumn("consent_to_contact", table: SurveyResponse.schema))
                .column(SQLColumn("case_type", table: SurveyResponse.schema)).column(SQLColumn("case_id", table: SurveyResponse.schema))
                .from(SurveyAnswerRecord.schema)
                .join(SurveyResponse.schema, on: SQLColumn("response_id", table: SurveyAnswerRecord.schema), .equal, SQLColumn("id", table: SurveyResponse.schema))
                .where(SQLColumn("authority_id", table: SurveyResponse.schema), .equal, SQLBind(principal.authorityID))
                .where(SQLColumn("id", table: SurveyAnswerRecord.schema), .notIn, coded)
                .orderBy(SQLColumn("submitted_on", table: SurveyResponse.schema)).limit(400).all()
            for row in found {
                let surveyID = try row.decode(column: "survey_id", as: UUID.self), question = try row.decode(column: "question", as: String.self)
                guard textCodes.contains("\(surveyID.uuidString)|\(question)") else { continue }
                rows.append((try row.decode(column: "id", as: UUID.self), titles[surveyID] ?? "", question, try row.decode(column: "value", as: String.self),
                             try row.decode(column: "stage", as: String.self), try row.decode(column: "consent_to_contact", as: Bool.self),
                             try row.decode(column: "case_type", as: String?.self), try row.decode(column: "case_id", as: UUID?.self)))
                if rows.count == 25 { break }
            }
        }
        // Reading free text is a read of what a family wrote: one audit row for the page.
        try await AuditLog.record(AuditEntry(action: "survey.free_text_viewed", entityType: "survey_answer", detail: "shown=\(rows.count)"), by: principal.auditActor, on: req.db)
        var content: [HTMLNode] = [
            h1("Code free-text answers", caption: "Feedback"),
            p("Give each answer the themes it raises. Theme counts, not the words, appear in results and reports. A response shows its case only where the respondent agreed to be contacted."),
        ]
        if themes.isEmpty { content.append(p([txt("Add themes first: "), link("themes", href: SiteURL.surveysPart(.themes).path)])) }
        if rows.isEmpty { content.append(p("Every free-text answer has been coded.")) }
        for (index, row) in rows.enumerated() where !themes.isEmpty {
            let contact: HTMLNode = row.consent && row.caseType == "ehc_case" && row.caseID != nil
                ? p([txt("Agreed to be contacted: "), link("the EHC case", href: SiteURL.ehcCase(.value(EHCCaseID(row.caseID!))).path)])
                : row.consent && row.caseType == "referral" && row.caseID != nil
                    ? p([txt("Agreed to be contacted: "), link("the Section 19 case", href: SiteURL.referral(.value(ReferralID(row.caseID!))).path)])
                    : p("Anonymous: did not agree to be contacted.")
            content += [
                h2("\(row.survey): \(row.question)", size: "s"),
                p("Stage: \(SurveyPages.stageLabel(row.stage))"),
                insetText(row.text),
                contact,
                postForm(action: SiteURL.surveysPart(.coding).path, csrfToken: principal.csrfToken, [
                    hiddenInput(name: "answer", value: row.id.uuidString),
                    checkboxes(Field(name: "themes", label: "Themes of answer \(index + 1)", value: "", error: index == 0 ? errors.message(for: "themes") : nil, id: "themes-\(index + 1)"),
                               options: themes.map { Option($0.id!.uuidString, $0.label) }, selected: []),
                    button("Save the themes", secondary: true),
                ]),
            ]
        }
        return try await render(req, principal, title: "Code free-text answers", errors: errors, status: status, content)
    }

    @Sendable func code(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(CodeForm.self)) ?? CodeForm()
        let themes = try await themeList(principal, db: req.db)
        let chosen = Set((form.themes ?? []).compactMap(UUID.init(uuidString:)))
        let valid = themes.filter { chosen.contains($0.id!) }
        guard let answerText = form.answer, !answerText.isEmpty else {
            return try await codingPage(req, principal, errors: [FormError(field: "themes", message: "Select an answer to code, from the list below")], status: .unprocessableEntity)
        }
        guard let answerID = UUID(uuidString: answerText),
              let answer = try await SurveyAnswerRecord.query(on: req.db).filter(\.$id == answerID).with(\.$survey).first(),
              answer.survey.$authority.id == principal.authorityID else { throw Abort(.notFound) }
        guard !valid.isEmpty, valid.count == chosen.count else {
            return try await codingPage(req, principal, errors: [FormError(field: "themes", message: "Select at least one theme for the answer")], status: .unprocessableEntity)
        }
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            for theme in valid {
                let row = SurveyAnswerTheme()
                row.$answer.id = answerID; row.$theme.id = theme.id!; row.codedBy = principal.displayName
                try await row.create(on: db)
            }
            return ([AuditEntry(action: "survey.answer_coded", entityType: "survey_answer", entityID: answerID.uuidString, detail: valid.map(\.label).joined(separator: "; "))], ())
        }
        return req.redirect(to: SiteURL.surveysPart(.coding).path)
    }

    // MARK: you said, we did

    @Sendable func youSaidWeDid(_ req: Request, _ principal: Principal) async throws -> Response {
        try await yswdPage(req, principal, form: YSWDForm(), errors: [])
    }

    private func yswdPage(_ req: Request, _ principal: Principal, form: YSWDForm, errors: [FormError], status: HTTPStatus = .ok) async throws -> Response {
        let items = try await YouSaidWeDidRecord.query(on: req.db).filter(\.$authority.$id == principal.authorityID).with(\.$theme).sort(\.$publishedOn, .descending).all()
        let themes = try await themeList(principal, db: req.db)
        let authority = try await Authority.find(principal.authorityID, on: req.db)
        return try await render(req, principal, title: "You said, we did", errors: errors, status: status, [
            h1("You said, we did", caption: "Feedback"),
            p([txt("What the council did about what families told it, published without personal data (SURV-1, SURV-2) on "),
               link("the council's public page", href: SiteURL.publicYouSaidWeDid(laCode: .value(authority?.laCode ?? "")).path), txt(".")]),
            FeedbackPages.yswdTable(items),
            h2("Publish an action"),
            postForm(action: SiteURL.surveysPart(.youSaidWeDid).path, csrfToken: principal.csrfToken, [
                select(Field(name: "theme", label: "Theme (optional)", value: form.theme ?? "", error: errors.message(for: "theme")),
                       options: [Option("", "No theme")] + themes.map { Option($0.id!.uuidString, $0.label) }),
                textarea(Field(name: "you-said", label: "You said", value: form.youSaid ?? "", hint: "A summary of what families said: no names", error: errors.message(for: "you-said"))),
                textarea(Field(name: "we-did", label: "We did", value: form.weDid ?? "", error: errors.message(for: "we-did"))),
                radios(Field(name: "status", label: "Status", value: form.status ?? "", error: errors.message(for: "status")), options: YouSaidWeDidStatus.allCases.map { Option($0.rawValue, $0.label) }),
                textarea(Field(name: "rationale", label: "Why it was not possible", value: form.rationale ?? "", hint: "Needed when the status is \u{201C}Not possible\u{201D}", error: errors.message(for: "rationale"))),
                textarea(Field(name: "evidence", label: "Evidence (optional)", value: form.evidence ?? "", error: errors.message(for: "evidence"))),
                dateInput(Field(name: "review", label: "Impact review date (optional)", value: form.review ?? "", error: errors.message(for: "review"))),
                checkboxes(Field(name: "no-personal-data", label: "Check before publishing", value: "", error: errors.message(for: "no-personal-data")),
                           options: [Option("yes", "These summaries name no child, family or member of staff")], selected: form.noPersonalData == "yes" ? ["yes"] : []),
                button("Publish the action"),
            ]),
        ])
    }

    @Sendable func addYouSaidWeDid(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(YSWDForm.self)) ?? YSWDForm()
        let themes = try await themeList(principal, db: req.db)
        let theme = form.theme.flatMap(UUID.init(uuidString:)).flatMap { id in themes.first { $0.id == id } }
        let today = CalendarDate.today()
        switch YouSaidWeDid.make(youSaid: form.youSaid, weDid: form.weDid, status: form.status, rationale: form.rationale, evidence: form.evidence,
                                 reviewOn: DateEntry(form.review), noPersonalData: form.noPersonalData == "yes", today: today) {
        case let .failure(problems): return try await yswdPage(req, principal, form: form, errors: problems.formErrors, status: .unprocessableEntity)
        case let .success(item):
            let row = YouSaidWeDidRecord()
            row.$authority.id = principal.authorityID; row.$theme.id = theme?.id; row.youSaid = item.youSaid; row.weDid = item.weDid
            row.statusRaw = item.status.rawValue; row.rationale = item.rationale; row.evidence = item.evidence; row.reviewOn = item.impactReviewOn
            row.publishedOn = today; row.createdBy = principal.displayName
            try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
                try await row.create(on: db)
                return ([AuditEntry(action: "feedback.you_said_we_did", entityType: "you_said_we_did", entityID: row.id?.uuidString, detail: item.status.rawValue)], ())
            }
            return req.redirect(to: SiteURL.surveysPart(.youSaidWeDid).path)
        }
    }

    /// The public page per authority: the actions and the volumes behind them, no personal data.
    @Sendable func publicPage(_ req: Request) async throws -> Response {
        guard let code = req.parameters.get("laCode"), code.count <= 10,
              let authority = try await Authority.query(on: req.db).filter(\.$laCode == code).first() else { throw Abort(.notFound) }
        let items = try await YouSaidWeDidRecord.query(on: req.db).filter(\.$authority.$id == authority.requireID()).with(\.$theme).sort(\.$publishedOn, .descending).all()
        let responses = try await SurveyResponse.query(on: req.db).filter(\.$authority.$id == authority.requireID()).count()
        let surveys = try await Survey.query(on: req.db).filter(\.$authority.$id == authority.requireID()).filter(\.$publishedVersion != nil).count()
        return PublicPage.respond(req, HTMLPage(title: "You said, we did: \(authority.name)", chrome: await req.anonymousChrome(), content: [
            h1("You said, we did", caption: authority.name),
            p("What families, children and young people told \(authority.name) about its SEND and medical education services, and what the council did about it. \(surveys) surveys have had \(responses) responses so far."),
            FeedbackPages.yswdTable(items),
        ]))
    }

    // MARK: co-production

    @Sendable func coProduction(_ req: Request, _ principal: Principal) async throws -> Response {
        try await coProductionPage(req, principal, form: CoProductionForm(), errors: [])
    }

    private func coProductionPage(_ req: Request, _ principal: Principal, form: CoProductionForm, errors: [FormError], status: HTTPStatus = .ok) async throws -> Response {
        let items = try await CoProductionRecord.query(on: req.db).filter(\.$authority.$id == principal.authorityID).sort(\.$heldOn, .descending).all()
        return try await render(req, principal, title: "Co-production log", errors: errors, status: status, [
            h1("Co-production log", caption: "Working with families"),
            p("Each activity with families, young people, schools and health partners: who took part, by group and never by name, what was asked, what changed, and the plan or redesign milestone it fed (SURV-6)."),
            items.isEmpty ? p("No activities logged yet.") :
                table(caption: "Co-production activities", headers: ["Date", "Activity", "Who took part", "What was asked", "What changed", "Milestone"],
                      rows: items.map { [TableCell(text: $0.heldOn.longFormat), TableCell(text: $0.title), TableCell(text: $0.groups.map(\.label).joined(separator: ", ")),
                                         TableCell(text: $0.asked), TableCell(text: $0.changed ?? "Not yet recorded"), TableCell(text: $0.milestone ?? "")] }),
            h2("Log an activity"),
            postForm(action: SiteURL.surveysPart(.coProduction).path, csrfToken: principal.csrfToken, [
                dateInput(Field(name: "held-on", label: "Date of the activity", value: form.heldOn ?? "", error: errors.message(for: "held-on"))),
                textInput(Field(name: "title", label: "Activity", value: form.title ?? "", hint: "For example: Medical education redesign workshop", error: errors.message(for: "title"))),
                checkboxes(Field(name: "groups", label: "Who took part", value: "", error: errors.message(for: "groups")),
                           options: CoProductionGroup.allCases.map { Option($0.rawValue, $0.label) }, selected: Set(form.groups ?? [])),
                textarea(Field(name: "asked", label: "What was asked", value: form.asked ?? "", error: errors.message(for: "asked"))),
                textarea(Field(name: "changed", label: "What changed (optional)", value: form.changed ?? "", error: errors.message(for: "changed"))),
                textInput(Field(name: "milestone", label: "Plan or redesign milestone (optional)", value: form.milestone ?? "", error: errors.message(for: "milestone"))),
                button("Log the activity"),
            ]),
        ])
    }

    @Sendable func addCoProduction(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(CoProductionForm.self)) ?? CoProductionForm()
        switch CoProductionActivity.make(heldOn: DateEntry(form.heldOn), groups: form.groups ?? [], title: form.title, asked: form.asked, changed: form.changed,
                                         milestone: form.milestone, today: CalendarDate.today()) {
        case let .failure(problems): return try await coProductionPage(req, principal, form: form, errors: problems.formErrors, status: .unprocessableEntity)
        case let .success(item):
            let row = CoProductionRecord()
            row.$authority.id = principal.authorityID; row.heldOn = item.heldOn; row.groupsRaw = item.groups.map(\.rawValue).joined(separator: ",")
            row.title = item.title; row.asked = item.asked; row.changed = item.changed; row.milestone = item.milestone; row.createdBy = principal.displayName
            try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
                try await row.create(on: db)
                return ([AuditEntry(action: "feedback.coproduction_logged", entityType: "coproduction_activity", entityID: row.id?.uuidString, detail: item.title)], ())
            }
            return req.redirect(to: SiteURL.surveysPart(.coProduction).path)
        }
    }
}

enum FeedbackPages {
    static func yswdTable(_ items: [YouSaidWeDidRecord]) -> HTMLNode {
        guard !items.isEmpty else { return p("Nothing published yet.") }
        return table(caption: "You said, we did", headers: ["You said", "We did", "Status", "Theme", "Published"],
                     rows: items.map { item in
                         let did = item.weDid + (item.rationale.map { " Why: \($0)" } ?? "") + (item.evidence.map { " Evidence: \($0)" } ?? "")
                         return [TableCell(text: item.youSaid), TableCell(text: did),
                                 TableCell(tag(item.status.label, item.status == .done ? .green : item.status == .notPossible ? .red : .blue)),
                                 TableCell(text: item.theme?.label ?? ""), TableCell(text: item.publishedOn.longFormat)]
                     })
    }
}
