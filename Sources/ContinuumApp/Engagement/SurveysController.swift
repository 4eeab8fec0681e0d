import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Staff build surveys, publish versions, send them by hand or at the stages chosen, and read the results
/// (issue 16 part 1). Pipe: decode → load the council's survey → domain rule → save with its audit row → redirect.
struct SurveysController {
    /// Who builds and sends surveys: council staff who run the services they ask about.
    static let managers: Set<Role> = [.administrator, .caseworker, .metCoordinator]
    /// Who reads results: the managers, and finance and members, who see aggregates only (and results are
    /// suppressed for everyone).
    static let readers: Set<Role> = managers.union([.finance, .electedMember])

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .surveys, roles: Self.readers, use: list)
        routes.secure(.POST, .surveys, roles: Self.managers, use: create)
        routes.secure(.GET, .survey(.key), roles: Self.managers, use: show)
        routes.secure(.POST, .surveyPart(.key, .questions), roles: Self.managers, use: addQuestion)
        routes.secure(.POST, .surveyPart(.key, .publish), roles: Self.managers, use: publish)
        routes.secure(.POST, .surveyPart(.key, .versions), roles: Self.managers, use: newVersion)
        routes.secure(.POST, .surveyPart(.key, .status), roles: Self.managers, use: status)
        routes.secure(.GET, .surveyPart(.key, .send), roles: Self.managers, use: sendForm)
        routes.secure(.POST, .surveyPart(.key, .send), roles: Self.managers, use: send)
        routes.secure(.GET, .surveyPart(.key, .results), roles: Self.readers, use: results)
        routes.secure(.POST, .surveysPart(.dispatch), roles: Self.managers, use: dispatch)
    }

    struct CreateForm: Content { var title: String?; var slug: String?; var audience: String?; var trigger: String?; var delay: String? }
    struct QuestionForm: Content { var code: String?; var text: String?; var type: String?; var options: String?; var hint: String?; var maximum: String? }
    struct StatusForm: Content { var to: String? }
    struct SendForm: Content { var group: String?; var addresses: String? }

    // MARK: list and create

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        try await listPage(req, principal, form: CreateForm(), errors: [], status: .ok)
    }

    private func listPage(_ req: Request, _ principal: Principal, form: CreateForm, errors: [FormError], status: HTTPStatus) async throws -> Response {
        let surveys = try await Survey.query(on: req.db).filter(\.$authority.$id == principal.authorityID).sort(\.$title).all()
        let content = SurveyPages.list(surveys: surveys, canManage: Self.managers.contains(principal.role), form: form, errors: errors,
                                       csrf: principal.csrfToken, dispatched: req.query[Int.self, at: "sent"])
        return .html(HTMLPage(title: "Surveys", chrome: try await req.chrome(for: principal, current: .surveys), errors: errors, content: content), status: status)
    }

    @Sendable func create(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(CreateForm.self)) ?? CreateForm()
        let slugs = Set(try await Survey.query(on: req.db).filter(\.$authority.$id == principal.authorityID).all(\.$slug))
        switch SurveySettings.make(title: form.title, slug: form.slug, audience: form.audience, trigger: form.trigger, delayDays: form.delay, existingSlugs: slugs) {
        case let .failure(problems):
            return try await listPage(req, principal, form: form, errors: problems.formErrors, status: .unprocessableEntity)
        case let .success(settings):
            let survey = Survey()
            survey.$authority.id = principal.authorityID; survey.slug = settings.slug; survey.title = settings.title
            survey.audienceRaw = settings.audience.rawValue; survey.triggerRaw = settings.trigger.rawValue; survey.delayDays = settings.delayDays
            survey.statusRaw = SurveyStatus.draft.rawValue; survey.createdBy = principal.displayName
            try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
                try await survey.create(on: db)
                let draft = SurveyVersion()
                draft.$survey.id = survey.id!; draft.version = 1; draft.questionsJSON = "[]"
                try await draft.create(on: db)
                return ([AuditEntry(action: "survey.created", entityType: "survey", entityID: survey.id?.uuidString, detail: "\(settings.slug) \(settings.trigger.rawValue)")], ())
            }
            return req.redirect(to: SiteURL.survey(.value(survey.id!)).path)
        }
    }

    // MARK: one survey

    static func load(_ req: Request, _ principal: Principal) async throws -> Survey {
        guard let id = req.parameters.get("surveyID").flatMap(UUID.init(uuidString:)),
              let survey = try await Survey.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID).first() else {
            throw Abort(.notFound)
        }
        return survey
    }

    static func versions(_ survey: Survey, db: any Database) async throws -> [SurveyVersion] {
        try await SurveyVersion.query(on: db).filter(\.$survey.$id == survey.requireID()).sort(\.$version).all()
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let survey = try await Self.load(req, principal)
        return try await showPage(req, principal, survey, form: QuestionForm(), errors: [], status: .ok)
    }

    private func showPage(_ req: Request, _ principal: Principal, _ survey: Survey, form: QuestionForm, errors: [FormError], status: HTTPStatus) async throws -> Response {
        let versions = try await Self.versions(survey, db: req.db)
        let sent = try await SurveyInvitation.query(on: req.db).filter(\.$survey.$id == survey.requireID()).count()
        let responses = try await SurveyResponse.query(on: req.db).filter(\.$survey.$id == survey.requireID()).count()
        let content = SurveyPages.show(survey: survey, versions: versions, sent: sent, responses: responses, form: form, errors: errors, csrf: principal.csrfToken)
        return .html(HTMLPage(title: survey.title, chrome: try await req.chrome(for: principal, current: .surveys), errors: errors, content: content), status: status)
    }

    @Sendable func addQuestion(_ req: Request, _ principal: Principal) async throws -> Response {
        let survey = try await Self.load(req, principal)
        let form = (try? req.content.decode(QuestionForm.self)) ?? QuestionForm()
        guard let draft = try await Self.versions(survey, db: req.db).last else { throw Abort(.notFound) }
        if let problem = SurveyVersionRules.canAddQuestion(published: draft.publishedOn != nil) {
            return try await showPage(req, principal, survey, form: form, errors: [FormError(field: problem.field, message: problem.message)], status: .unprocessableEntity)
        }
        var questions = draft.questions
        switch SurveyQuestion.make(code: form.code, text: form.text, type: form.type, options: form.options, hint: form.hint, maximum: form.maximum, existing: questions) {
        case let .failure(problems):
            return try await showPage(req, principal, survey, form: form, errors: problems.formErrors, status: .unprocessableEntity)
        case let .success(question):
            questions.append(question)
            draft.questionsJSON = SurveyVersion.encode(questions)
            try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
                try await draft.save(on: db)
                return ([AuditEntry(action: "survey.question_added", entityType: "survey", entityID: survey.id?.uuidString, detail: "version \(draft.version) \(question.code) \(question.type.rawValue)")], ())
            }
            return req.redirect(to: SiteURL.survey(.value(survey.id!)).path(fragment: "questions"))
        }
    }

    @Sendable func publish(_ req: Request, _ principal: Principal) async throws -> Response {
        let survey = try await Self.load(req, principal)
        guard let draft = try await Self.versions(survey, db: req.db).last else { throw Abort(.notFound) }
        if let problem = SurveyVersionRules.canPublish(published: draft.publishedOn != nil, questions: draft.questions) {
            return try await showPage(req, principal, survey, form: QuestionForm(), errors: [FormError(field: "publish", message: problem.message)], status: .unprocessableEntity)
        }
        draft.publishedOn = CalendarDate.today()
        survey.publishedVersion = draft.version
        // Publishing the first version opens the survey (SurveyStatus.next: a draft opens once a version is published).
        if survey.status == .draft, case let .success(next) = survey.status.next(.open, hasPublishedVersion: true) { survey.statusRaw = next.rawValue }
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await draft.save(on: db)
            try await survey.save(on: db)
            return ([AuditEntry(action: "survey.published", entityType: "survey", entityID: survey.id?.uuidString, detail: "version \(draft.version), \(draft.questions.count) questions")], ())
        }
        return req.redirect(to: SiteURL.survey(.value(survey.id!)).path)
    }

    @Sendable func newVersion(_ req: Request, _ principal: Principal) async throws -> Response {
        let survey = try await Self.load(req, principal)
        guard let last = try await Self.versions(survey, db: req.db).last else { throw Abort(.notFound) }
        guard last.publishedOn != nil else {
            return try await showPage(req, principal, survey, form: QuestionForm(), errors: [FormError(field: "code", message: "Version \(last.version) is still a draft: add questions to it")], status: .unprocessableEntity)
        }
        let draft = SurveyVersion()
        draft.$survey.id = try survey.requireID(); draft.version = last.version + 1; draft.questionsJSON = last.questionsJSON
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await draft.create(on: db)
            return ([AuditEntry(action: "survey.version_started", entityType: "survey", entityID: survey.id?.uuidString, detail: "version \(draft.version)")], ())
        }
        return req.redirect(to: SiteURL.survey(.value(survey.id!)).path(fragment: "questions"))
    }

    @Sendable func status(_ req: Request, _ principal: Principal) async throws -> Response {
        let survey = try await Self.load(req, principal)
        let form = (try? req.content.decode(StatusForm.self)) ?? StatusForm()
        guard let to = SurveyStatus(rawValue: form.to ?? "") else {
            return try await showPage(req, principal, survey, form: QuestionForm(), errors: [FormError(field: "status", message: "Choose whether to open or close the survey")], status: .unprocessableEntity)
        }
        switch survey.status.next(to, hasPublishedVersion: survey.publishedVersion != nil) {
        case let .failure(problem):
            return try await showPage(req, principal, survey, form: QuestionForm(), errors: [FormError(field: "status", message: problem.message)], status: .unprocessableEntity)
        case let .success(next):
            let from = survey.statusRaw
            survey.statusRaw = next.rawValue
            try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
                try await survey.save(on: db)
                return ([AuditEntry(action: "survey.status", entityType: "survey", entityID: survey.id?.uuidString, detail: "\(from) to \(next.rawValue)")], ())
            }
            return req.redirect(to: SiteURL.survey(.value(survey.id!)).path)
        }
    }

    // MARK: sending

    @Sendable func sendForm(_ req: Request, _ principal: Principal) async throws -> Response {
        let survey = try await Self.load(req, principal)
        return try await sendPage(req, principal, survey, form: SendForm(), errors: [], sent: req.query[Int.self, at: "sent"], status: .ok)
    }

    private func sendPage(_ req: Request, _ principal: Principal, _ survey: Survey, form: SendForm, errors: [FormError], sent: Int?, status: HTTPStatus) async throws -> Response {
        let content = SurveyPages.send(survey: survey, form: form, errors: errors, sent: sent, csrf: principal.csrfToken)
        return .html(HTMLPage(title: "Send \(survey.title)", chrome: try await req.chrome(for: principal, current: .surveys), errors: errors, content: content), status: status)
    }

    /// By hand to a list: a parent carer forum, young people, schools, health partners (issue 16 item 1).
    @Sendable func send(_ req: Request, _ principal: Principal) async throws -> Response {
        let survey = try await Self.load(req, principal)
        let form = (try? req.content.decode(SendForm.self)) ?? SendForm()
        let today = CalendarDate.today()
        let list: ManualSurveyList
        switch ManualSurveyList.make(group: form.group, addresses: form.addresses, surveyOpen: survey.status == .open && survey.publishedVersion != nil) {
        case let .failure(problems): return try await sendPage(req, principal, survey, form: form, errors: problems.formErrors, sent: nil, status: .unprocessableEntity)
        case let .success(made): list = made
        }
        let candidates = list.addresses.map { email -> (SurveyInvitation, String) in
            let invitation = SurveyInvitation()
            invitation.id = UUID(); invitation.$authority.id = principal.authorityID; invitation.$survey.id = survey.id!
            invitation.version = survey.publishedVersion!; invitation.stage = "manual:\(list.group.rawValue)"
            invitation.sourceKey = "manual:\(list.group.rawValue):\(today)"; invitation.recipientHash = SessionToken.hash(email.lowercased()); invitation.sentOn = today
            return (invitation, email)
        }
        let sent = try await SurveyDispatcher.send(candidates, survey: survey, actor: principal.auditActor, links: req.application.ehcRequestLinks, children: [], db: req.db)
        return req.redirect(to: SiteURL.surveyPart(.value(survey.id!), .send).path(["sent": String(sent)]))
    }

    @Sendable func dispatch(_ req: Request, _ principal: Principal) async throws -> Response {
        let summary = try await SurveyDispatcher.sendDue(authorityID: principal.authorityID, today: CalendarDate.today(), actor: principal.auditActor,
                                                         links: req.application.ehcRequestLinks, db: req.db)
        return req.redirect(to: SiteURL.surveys.path(["sent": String(summary.invitations)]))
    }

    // MARK: results

    @Sendable func results(_ req: Request, _ principal: Principal) async throws -> Response {
        let survey = try await Self.load(req, principal)
        let data = try await SurveyResultsQuery.load(survey, db: req.db)
        let policy = SmallNumberSuppression(threshold: req.application.continuumConfiguration.smallNumberThreshold)
        try await AuditLog.record(AuditEntry(action: "survey.results_viewed", entityType: "survey", entityID: survey.id?.uuidString), by: principal.auditActor, on: req.db)
        var content = SurveyPages.results(data, policy: policy)
        // Issue 16 item 1: staff see a response's case only where the respondent agreed to be contacted, and
        // only the people who run the services (not members or finance, who see aggregates).
        if Self.managers.contains(principal.role) {
            let contactable = try await SurveyResponse.query(on: req.db).filter(\.$survey.$id == survey.requireID()).filter(\.$consentToContact == true)
                .filter(\.$caseID != nil).sort(\.$submittedOn, .descending).limit(200).all()
            content += SurveyPages.contactable(contactable)
        }
        return .html(HTMLPage(title: "Results: \(survey.title)", chrome: try await req.chrome(for: principal, current: .surveys), content: content))
    }
}

extension FieldProblems {
    var formErrors: [FormError] { list.map { FormError(field: $0.field, message: $0.message) } }
}
