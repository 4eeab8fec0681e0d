import Fluent
import SQLKit
import Vapor
import GOVUK
import ContinuumDomain

/// Answering a survey through its single-use link, without an account (issue 16 item 1). The answers are
/// stored apart from the case: the response keeps the stage and service, and the case only when the
/// respondent agrees to be contacted about their answers.
struct SurveyAnswerController {
    func register(_ routes: any RoutesBuilder) {
        routes.publicRoute(.GET, .surveyAnswer(token: .key), use: form)
        routes.publicRoute(.POST, .surveyAnswer(token: .key), use: submit)
    }

    private func lookUp(_ req: Request) async throws -> (token: String, invitation: SurveyInvitation, survey: Survey) {
        guard let token = req.parameters.get("surveyToken"), token.count >= 32, token.count <= 128 else { throw Abort(.notFound) }
        guard let invitation = try await SurveyInvitation.query(on: req.db).filter(\.$tokenHash == SessionToken.hash(token)).with(\.$survey).first() else {
            throw Abort(.notFound)
        }
        return (token, invitation, invitation.survey)
    }

    private func state(_ invitation: SurveyInvitation, _ survey: Survey) -> SurveyLinkState {
        SurveyLinkState.of(sentOn: invitation.sentOn, usedAt: invitation.usedAt != nil, lifetimeDays: SurveyLinkState.defaultLifetimeDays,
                           surveyOpen: survey.status == .open, today: CalendarDate.today())
    }

    private func questions(_ invitation: SurveyInvitation, db: any Database) async throws -> [SurveyQuestion] {
        try await SurveyVersion.query(on: db).filter(\.$survey.$id == invitation.$survey.id).filter(\.$version == invitation.version).first()?.questions ?? []
    }

    @Sendable func form(_ req: Request) async throws -> Response {
        let (token, invitation, survey) = try await lookUp(req)
        let state = state(invitation, survey)
        if state == .used, req.query[String.self, at: "sent"] != nil { return try await thanks(req) }
        if let message = state.message { return try await refused(req, message, status: .gone) }
        return try await page(req, token: token, invitation: invitation, survey: survey, values: [:], consent: false, errors: [], status: .ok)
    }

    private func page(_ req: Request, token: String, invitation: SurveyInvitation, survey: Survey, values: [String: [String]], consent: Bool,
                      errors: [FormError], status: HTTPStatus) async throws -> Response {
        let formToken = PublicPage.csrf(req)
        let questions = try await questions(invitation, db: req.db)
        let plain = survey.plainWords
        var fields: [HTMLNode] = []
        for q in questions {
            let name = "q-\(q.code)"
            let value = values[q.code] ?? []
            let field = Field(name: name, label: q.text, value: value.first ?? "", hint: q.hint ?? (plain ? "You can skip this if you want" : "Optional"), error: errors.message(for: name))
            switch q.type {
            case .scale: fields.append(radios(field, options: AgreementScale.points.map { Option($0.value, plain ? $0.plain : $0.label) }))
            case .choice: fields.append(radios(field, options: q.options.map { Option($0, $0) }))
            case .multi: fields.append(checkboxes(field, options: q.options.map { Option($0, $0) }, selected: Set(value)))
            case .number: fields.append(textInput(Field(name: name, label: q.text, value: value.first ?? "", hint: "A whole number from 0 to \(q.maximum ?? SurveyQuestion.defaultMaximum)", error: errors.message(for: name), widthClass: "govuk-input--width-5", inputMode: "numeric")))
            case .text: fields.append(textarea(field))
            }
        }
        if invitation.caseID != nil {
            fields.append(checkboxes(Field(name: "contact", label: plain ? "Can the council talk to you about your answers?" : "Contact about your answers", value: "",
                                           hint: plain ? "Only tick this if you want someone to get in touch" : "Tick this only if you are happy for the council to contact you about your answers. If you do, the people running the service can see which case your answers are about. If you don't, your answers stay anonymous."),
                                     options: [Option("yes", plain ? "Yes, you can talk to me" : "The council may contact me about my answers")], selected: consent ? ["yes"] : []))
        }
        let content: [HTMLNode] = [
            gridRow([("two-thirds", [
                h1(survey.title),
                p(plain ? "Tell us what you think. There are no right or wrong answers, and you can skip any question."
                        : "Your answers help the council improve its services. Every question is optional. This link works once: your answers are sent when you press the button."),
                postForm(action: SiteURL.surveyAnswer(token: .value(token)).path, csrfToken: formToken.token, fields + [button("Send my answers")]),
            ])]),
        ]
        return PublicPage.respond(req, HTMLPage(title: survey.title, chrome: await req.anonymousChrome(), errors: errors, content: content), status: status, csrf: formToken)
    }

    private func refused(_ req: Request, _ message: (title: String, body: String), status: HTTPStatus) async throws -> Response {
        PublicPage.respond(req, HTMLPage(title: message.title, chrome: await req.anonymousChrome(), content: [
            gridRow([("two-thirds", [h1(message.title), p(message.body)])]),
        ]), status: status)
    }

    private func thanks(_ req: Request) async throws -> Response {
        PublicPage.respond(req, HTMLPage(title: "Thank you", chrome: await req.anonymousChrome(), content: [
            gridRow([("two-thirds", [panel(title: "Answers sent", body: "Thank you for telling us"), p("The council reads every response. What it changes because of them is published as \u{201C}you said, we did\u{201D}.")])]),
        ]))
    }

    @Sendable func submit(_ req: Request) async throws -> Response {
        let (token, invitation, survey) = try await lookUp(req)
        if let message = state(invitation, survey).message { return try await refused(req, message, status: .gone) }
        // Each question's values as sent: "q-CODE" once, or several times for multiple choice.
        let body = (try? req.content.decode([String: [String]].self)) ?? [:]
        let single = (try? req.content.decode([String: String].self)) ?? [:]
        var values: [String: [String]] = [:]
        for (key, value) in single where key.hasPrefix("q-") { values[String(key.dropFirst(2)), default: []] = [value] }
        for (key, list) in body where key.hasPrefix("q-") { values[String(key.dropFirst(2))] = list }
        let consent = (single["contact"] ?? body["contact"]?.first) == "yes"
        let questions = try await questions(invitation, db: req.db)
        let answers: [SurveyAnswer]
        switch SurveyAnswers.check(questions, form: values) {
        case let .failure(problems):
            return try await page(req, token: token, invitation: invitation, survey: survey, values: values, consent: consent,
                                  errors: problems.formErrors.map { $0.field == "action" ? FormError(field: questions.first.map { "q-\($0.code)" } ?? "action", message: $0.message) : $0 },
                                  status: .unprocessableEntity)
        case let .success(checked): answers = checked
        }
        let invitationID = try invitation.requireID()
        let response = SurveyResponse()
        response.$authority.id = invitation.$authority.id; response.$survey.id = invitation.$survey.id; response.version = invitation.version
        response.stage = invitation.stage; response.service = (SurveyTrigger(rawValue: invitation.stage)?.service ?? .general).rawValue
        response.submittedOn = CalendarDate.today(); response.consentToContact = consent && invitation.caseID != nil
        if response.consentToContact { response.caseType = invitation.caseType; response.caseID = invitation.caseID }
        let actor = AuditActor(userID: nil, name: "survey link", role: "anonymous", socketAddress: req.socketAddress)
        let recorded = try await AuditLog.transaction(on: req.db, actor: actor) { db -> ([AuditEntry], Bool) in
            // Only the submission that marks the link used stores answers: a second press, or two servers at
            // once, store one response.
            guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
            let claimed = try await sql.update(SurveyInvitation.schema).set("used_at", to: Date()).where("id", .equal, invitationID)
                .where(SQLColumn("used_at"), .is, SQLLiteral.null).returning("id").all()
            guard claimed.count == 1 else { return ([], false) }
            try await response.create(on: db)
            for answer in answers {
                let row = SurveyAnswerRecord()
                row.belongs(to: response); row.question = answer.question; row.value = answer.value
                try await row.create(on: db)
            }
            // The audit row names the survey, not the case, so the trail doesn't rejoin answers to a family.
            return ([AuditEntry(action: "survey.answered", entityType: "survey", entityID: invitation.$survey.id.uuidString,
                                detail: "\(answers.count) answers, stage \(invitation.stage)\(response.consentToContact ? ", agreed to be contacted" : "")")], true)
        }
        guard recorded else { return try await refused(req, SurveyLinkState.used.message!, status: .gone) }
        return req.redirect(to: SiteURL.surveyAnswer(token: .value(token)).path(["sent": "1"]))
    }
}
