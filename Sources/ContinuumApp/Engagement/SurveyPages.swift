import Foundation
import GOVUK
import ContinuumDomain

/// The staff pages for surveys: the list, one survey's versions and questions, sending by hand, and results.
enum SurveyPages {
    static func statusTag(_ status: SurveyStatus) -> HTMLNode {
        tag(status.label, status == .open ? .green : status == .draft ? .grey : .blue)
    }

    static func list(surveys: [Survey], canManage: Bool, form: SurveysController.CreateForm, errors: [FormError], csrf: String, dispatched: Int?) -> [HTMLNode] {
        var content: [HTMLNode] = []
        if let dispatched { content.append(notificationBanner(heading: dispatched == 1 ? "1 survey invitation sent" : "\(dispatched) survey invitations sent")) }
        content += [
            h1("Surveys", caption: "Working with families"),
            p("Surveys go automatically at the case stages chosen for them, after the delay set, to each parent or carer with an email address, once for each stage reached. Each gets a single-use link that needs no account. Answers are kept apart from the case and reported by stage, service and period, never by name; figures below 10 are shown as \u{201C}<10\u{201D}."),
        ]
        if surveys.isEmpty { content.append(p("No surveys yet.")) } else {
            content.append(table(caption: "The council's surveys", headers: ["Survey", "For", "Sent", "Status", "Results"], rows: surveys.map { s in
                [TableCell(canManage ? link(s.title, href: SiteURL.survey(.value(s.id!)).path) : txt(s.title)),
                 TableCell(text: s.audience.label),
                 TableCell(text: s.trigger == .manual ? s.trigger.label : "\(s.trigger.label), \(s.delayDays) days after"),
                 TableCell(statusTag(s.status)),
                 TableCell(link("Results", href: SiteURL.surveyPart(.value(s.id!), .results).path, visuallyHiddenSuffix: "of \(s.title)"))]
            }))
        }
        guard canManage else { return content }
        content += [
            h2("Send due invitations now"),
            p("Invitations are sent each day by the council's scheduler (continuum surveys send). This sends any that are due today."),
            postForm(action: SiteURL.surveysPart(.dispatch).path, csrfToken: csrf, [button("Send due invitations", secondary: true)]),
            p([link("Code free-text answers with themes", href: SiteURL.surveysPart(.coding).path)]),
            p([link("Themes", href: SiteURL.surveysPart(.themes).path)]),
            p([link("You said, we did", href: SiteURL.surveysPart(.youSaidWeDid).path)]),
            p([link("Co-production log", href: SiteURL.surveysPart(.coProduction).path)]),
            h2("Create a survey"),
            postForm(action: SiteURL.surveys.path, csrfToken: csrf, [
                textInput(Field(name: "title", label: "Title", value: form.title ?? "", error: errors.message(for: "title"))),
                textInput(Field(name: "slug", label: "Short name (optional)", value: form.slug ?? "", hint: "Used in reports. Lower-case letters, digits and hyphens; made from the title if left empty", error: errors.message(for: "slug"), widthClass: "govuk-input--width-20")),
                radios(Field(name: "audience", label: "Who is it for?", value: form.audience ?? "", hint: "A child or young person's version uses plain words: give it fewer questions", error: errors.message(for: "audience")),
                       options: SurveyAudience.allCases.map { Option($0.rawValue, $0.label) }),
                select(Field(name: "trigger", label: "When is it sent?", value: form.trigger ?? "", error: errors.message(for: "trigger")),
                       options: [Option("", "Choose a stage")] + SurveyTrigger.allCases.map { Option($0.rawValue, $0.label) }),
                textInput(Field(name: "delay", label: "Days after the stage to send it", value: form.delay ?? "14", hint: "0 to \(SurveySettings.maxDelayDays)", error: errors.message(for: "delay"), widthClass: "govuk-input--width-4", inputMode: "numeric")),
                button("Create the survey"),
            ]),
        ]
        return content
    }

    static func questionRows(_ questions: [SurveyQuestion]) -> [[TableCell]] {
        questions.map { q in
            [TableCell(text: q.code), TableCell(text: q.text), TableCell(text: q.type.label),
             TableCell(text: q.type.hasOptions ? q.options.joined(separator: "; ") : q.type == .number ? "0 to \(q.maximum ?? SurveyQuestion.defaultMaximum)" : "")]
        }
    }

    static func show(survey: Survey, versions: [SurveyVersion], sent: Int, responses: Int, form: SurveysController.QuestionForm, errors: [FormError], csrf: String) -> [HTMLNode] {
        let id = survey.id!
        var content: [HTMLNode] = [
            h1(survey.title, caption: "Survey"),
            summaryList([
                SummaryRow("Status", statusTag(survey.status)),
                SummaryRow("For", text: survey.audience.label),
                SummaryRow("Sent", text: survey.trigger == .manual ? survey.trigger.label : "\(survey.trigger.label), \(survey.delayDays) days after"),
                SummaryRow("Version in use", text: survey.publishedVersion.map { "Version \($0)" } ?? "None published yet"),
                SummaryRow("Invitations sent", text: String(sent)),
                SummaryRow("Responses", text: String(responses)),
            ]),
            p([link("Results", href: SiteURL.surveyPart(.value(id), .results).path), txt(" · "), link("Send by hand to a list", href: SiteURL.surveyPart(.value(id), .send).path)]),
        ]
        if survey.publishedVersion != nil {
            let to: SurveyStatus = survey.status == .open ? .closed : .open
            content.append(postForm(action: SiteURL.surveyPart(.value(id), .status).path, csrfToken: csrf, [
                hiddenInput(name: "to", value: to.rawValue), button(to == .open ? "Open the survey" : "Close the survey", secondary: true)]))
        }
        for version in versions.reversed() {
            let published = version.publishedOn != nil
            content.append(h2("Version \(version.version)" + (published ? ", published \(version.publishedOn!.longFormat)" : ", draft"), id: published ? nil : "questions"))
            if version.questions.isEmpty { content.append(p("No questions yet.")) } else {
                content.append(table(caption: "Questions of version \(version.version)", captionSize: "s", headers: ["Id", "Question", "Type", "Answers"], rows: questionRows(version.questions)))
            }
            if published {
                if version.version == versions.last?.version {
                    content.append(p("A published version never changes, so its answers keep their meaning. To change the questions, start a new version: it copies these."))
                    content.append(postForm(action: SiteURL.surveyPart(.value(id), .versions).path, csrfToken: csrf, [button("Start a new version", secondary: true)]))
                }
                continue
            }
            content += [
                h2("Add a question", size: "s"),
                postForm(action: SiteURL.surveyPart(.value(id), .questions).path, csrfToken: csrf, [
                    textInput(Field(name: "code", label: "Question id", value: form.code ?? "", hint: "Short, for reports: for example kept-informed", error: errors.message(for: "code"), widthClass: "govuk-input--width-20")),
                    textarea(Field(name: "text", label: "Question", value: form.text ?? "", hint: survey.plainWords ? "Plain words for a child or young person" : nil, error: errors.message(for: "text"))),
                    radios(Field(name: "type", label: "Type of answer", value: form.type ?? "", error: errors.message(for: "type")), options: SurveyQuestionType.allCases.map { Option($0.rawValue, $0.label) }),
                    textarea(Field(name: "options", label: "Options, for single or multiple choice", value: form.options ?? "", hint: "One on each line", error: errors.message(for: "options"))),
                    textInput(Field(name: "maximum", label: "Largest answer, for a number", value: form.maximum ?? "", hint: "Leave empty for \(SurveyQuestion.defaultMaximum)", error: errors.message(for: "maximum"), widthClass: "govuk-input--width-5", inputMode: "numeric")),
                    textInput(Field(name: "hint", label: "Hint (optional)", value: form.hint ?? "", error: errors.message(for: "hint"))),
                    button("Add the question"),
                ]),
                h2("Publish version \(version.version)", size: "s", id: "publish"),
                errors.message(for: "publish").map { el("p", [.cls("govuk-error-message")], text: $0) } ?? .empty,
                postForm(action: SiteURL.surveyPart(.value(id), .publish).path, csrfToken: csrf, [button("Publish this version")]),
            ]
        }
        return content
    }

    static func send(survey: Survey, form: SurveysController.SendForm, errors: [FormError], sent: Int?, csrf: String) -> [HTMLNode] {
        var content: [HTMLNode] = []
        if let sent { content.append(notificationBanner(heading: sent == 1 ? "1 invitation sent" : "\(sent) invitations sent")) }
        content += [
            h1("Send \(survey.title)", caption: "Send by hand"),
            p("Each address gets its own single-use link through the council's email. An address sent this survey for the same group today is not sent it again. Addresses are not kept: only a one-way fingerprint of each, to stop repeats."),
            postForm(action: SiteURL.surveyPart(.value(survey.id!), .send).path, csrfToken: csrf, [
                radios(Field(name: "group", label: "Who is the list?", value: form.group ?? "", error: errors.message(for: "group")), options: CoProductionGroup.allCases.map { Option($0.rawValue, $0.label) }),
                textarea(Field(name: "addresses", label: "Email addresses", value: form.addresses ?? "", hint: "One on each line, up to \(ManualSurveyList.maxAddresses)", error: errors.message(for: "addresses"))),
                button("Send the survey"),
            ]),
            p([link("Back to the survey", href: SiteURL.survey(.value(survey.id!)).path)]),
        ]
        return content
    }

    /// The responses whose respondents agreed to be contacted, each with a link to the case it is about.
    static func contactable(_ responses: [SurveyResponse]) -> [HTMLNode] {
        var content: [HTMLNode] = [h2("Respondents who agreed to be contacted"),
                                   p("Only these responses are linked to a case: the respondent ticked that the council may contact them about their answers. Every other response stays anonymous.")]
        guard !responses.isEmpty else { return content + [p("None yet.")] }
        content.append(table(caption: "Responses that may be followed up", captionSize: "s", headers: ["Sent in", "Stage", "Case"], rows: responses.map { r in
            let caseLink: HTMLNode
            switch (r.caseType, r.caseID) {
            case let ("ehc_case"?, id?): caseLink = link("Open the EHC case", href: SiteURL.ehcCase(.value(EHCCaseID(id))).path, visuallyHiddenSuffix: "answered \(r.submittedOn.longFormat)")
            case let ("referral"?, id?): caseLink = link("Open the referral", href: SiteURL.referral(.value(ReferralID(id))).path, visuallyHiddenSuffix: "answered \(r.submittedOn.longFormat)")
            default: caseLink = txt("Not linked")
            }
            return [TableCell(text: r.submittedOn.longFormat), TableCell(text: stageLabel(r.stage)), TableCell(caseLink)]
        }))
        return content
    }

    static func stageLabel(_ stage: String) -> String {
        if let trigger = SurveyTrigger(rawValue: stage) { return trigger.label }
        if stage.hasPrefix("manual:"), let group = CoProductionGroup(rawValue: String(stage.dropFirst(7))) { return "Sent by hand: \(group.label)" }
        return stage
    }

    static func results(_ data: SurveyResultsData, policy: SmallNumberSuppression) -> [HTMLNode] {
        let survey = data.survey
        let label = policy.primaryLabel
        // Quarters and stages each add up to the responses: suppressed together, so no figure is found by subtraction.
        var disclosure = DisclosureTable()
        disclosure.add("responses", data.responses)
        disclosure.addBreakdown("q", total: "responses", parts: data.quarters.map { ($0.quarter, $0.responses) })
        disclosure.addBreakdown("s", total: "responses", parts: data.stages.map { ($0.stage, $0.responses) })
        let figures = policy.apply(disclosure)
        func shown(_ key: String) -> String { figures[key].value.map(String.init) ?? label }
        func agree(_ a: Int, _ all: Int) -> String { SurveyResults.agreePercent(agree: a, of: all, policy: policy).map { "\($0)%" } ?? "Too few to show" }
        var content: [HTMLNode] = [
            h1("Results: \(survey.title)", caption: "Survey results"),
            p("Figures from 1 to \(policy.threshold - 1) are shown as \u{201C}\(label)\u{201D}. Where a total would let such a figure be worked out, another figure is shown as \u{201C}\(label)\u{201D} too, so \u{201C}\(label)\u{201D} means \u{201C}fewer than \(policy.threshold), or hidden to protect a figure that is\u{201D}. No respondent can be identified from this page, and free-text answers are counted by theme, never shown."),
            summaryList([
                SummaryRow("Invitations sent", text: String(data.sent)),
                SummaryRow("Responses", text: shown("responses")),
                SummaryRow("Response rate", text: figures["responses"].isHidden ? "Too few responses to show" : SurveyResults.rate(responses: data.responses, sent: data.sent).map { String(format: "%.1f%%", $0) } ?? "None sent"),
            ]),
        ]
        for counts in data.counts {
            let result = SurveyResults.suppress(counts, policy: policy)
            let keyLabel: (String) -> String = { key in counts.question.type == .scale ? AgreementScale.label(key) : key }
            content.append(table(caption: "\(counts.question.text) (\(counts.question.type.label.lowercased())\(counts.question.type == .text ? ", by theme" : ""))", captionSize: "s",
                                 headers: [counts.question.type == .text ? "Theme" : "Answer", "Respondents"], numericColumns: [1],
                                 rows: result.counts.map { [TableCell(text: keyLabel($0.key)), TableCell(text: $0.text, numeric: true)] }
                                     + [[TableCell(text: "Answered the question"), TableCell(text: result.total, numeric: true)]]))
        }
        content.append(h2("Quarterly trend"))
        if data.quarters.isEmpty { content.append(p("No responses yet.")) } else {
            let bars = data.quarters.map { q in
                BarChart.Bar(label: q.quarter, value: SurveyResults.agreePercent(agree: q.agree, of: q.scaleAnswers, policy: policy).map(Int64.init), text: agree(q.agree, q.scaleAnswers))
            }
            content.append(el("div", [.cls("app-chart")], [.raw(BarChart.svg(title: "Share of agreement answers that agree, by quarter", id: "survey-trend", bars: bars))]))
            content.append(table(caption: "Responses and agreement by quarter", captionSize: "s", headers: ["Quarter", "Responses", "Agreement answers that agree"], numericColumns: [1, 2],
                                 rows: data.quarters.map { [TableCell(text: $0.quarter), TableCell(text: shown("q.\($0.quarter)")), TableCell(text: agree($0.agree, $0.scaleAnswers))] }))
        }
        content.append(h2("Compared across stages"))
        content.append(data.stages.isEmpty ? p("No responses yet.") :
            table(caption: "Responses and agreement by stage", captionSize: "s", headers: ["Stage", "Responses", "Agreement answers that agree"], numericColumns: [1, 2],
                  rows: data.stages.map { [TableCell(text: stageLabel($0.stage)), TableCell(text: shown("s.\($0.stage)")), TableCell(text: agree($0.agree, $0.scaleAnswers))] }))
        return content
    }
}
