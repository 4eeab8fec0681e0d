import Foundation
import GOVUK
import ContinuumDomain

/// The EHC pages. Views only: everything shown is computed in `EHCCaseView` first.
enum EHCPages {
    static func requestForm(chrome: Chrome, child: Child, role: Role, form: EHCRequestForm, csrf: String, errors: [FormError]) -> HTMLPage {
        let staff = EHCCaseRepository.managers.contains(role)
        return HTMLPage(title: "Ask for an EHC needs assessment", chrome: chrome, errors: errors, backLink: SiteURL.child(.value(child.childID)).path, content: [
            gridRow([("two-thirds", [
                h1("Ask for an education, health and care needs assessment", caption: child.fullName),
                p("The council must decide within 6 weeks whether to carry out an assessment. You will be able to follow each step, and its date, on the case page."),
                postForm(action: SiteURL.childPart(.value(child.childID), .ehc).path, csrfToken: csrf, [
                    staff ? radios(Field(name: "requester", label: "Who made the request?", value: form.requester ?? "", error: errors.message(for: "requester")),
                                   options: EHCRequester.allCases.filter { $0 != .imported }.map { Option($0.rawValue, $0.description) }) : .empty,
                    staff ? textInput(Field(name: "requesterName", label: "Name of the person who made the request", value: form.requesterName ?? "",
                                            error: errors.message(for: "requesterName"), autocomplete: "off")) : .empty,
                    staff ? dateInput(Field(name: "receivedOn", label: "Date the council received the request", value: form.receivedOn ?? "",
                                            hint: "The 6 and 20 week clocks start on this day. For example \(CalendarDate.today())",
                                            error: errors.message(for: "receivedOn"), widthClass: "govuk-input--width-10")) : .empty,
                    textarea(Field(name: "summary", label: "Why is an assessment needed?", value: form.summary ?? "",
                                   hint: "Describe the child's needs, the support already given and how they are getting on.",
                                   error: errors.message(for: "summary")), rows: 6),
                    button(staff ? "Record the request" : "Send the request"),
                ]),
            ])]),
        ])
    }

    private static func field(_ action: String, _ name: String, _ label: String, value: String = "", hint: String? = nil, errors: [FormError], width: String? = nil) -> Field {
        Field(name: name, label: label, value: value, hint: hint, error: errors.message(for: "\(action)-\(name)"), widthClass: width, id: "\(action)-\(name)")
    }

    private static func actionForm(_ view: EHCCaseView, action: EHCActionName, title: String, csrf: String, open: Bool, _ fields: [HTMLNode], button label: String) -> HTMLNode {
        guard view.allowed.contains(action.rawValue) else { return .empty }
        var attrs: [Attr] = [.cls("govuk-details"), Attr("id", "action-\(action.rawValue)")]
        if open { attrs.append(Attr("open", "open")) }
        return el("details", attrs, [
            el("summary", [.cls("govuk-details__summary")], [el("span", [.cls("govuk-details__summary-text")], text: title)]),
            el("div", [.cls("govuk-details__text")], [
                postForm(action: SiteURL.ehcAction(.value(view.caseID), action).path, csrfToken: csrf, [hiddenInput(name: "version", value: String(view.version))] + fields + [button(label)]),
            ]),
        ])
    }

    static func casePage(chrome: Chrome, view: EHCCaseView, csrf: String, errors: [FormError], notice: String?, form: EHCActionForm, openAction: String?) -> HTMLPage {
        let today = CalendarDate.today()
        let council = view.audience == .council
        var content: [HTMLNode] = []
        if let notice { content.append(notificationBanner(heading: notice)) }
        content += caseSummary(view)
        content += nextStepInset(view, today: today)
        content += unmatchedRequestSection(view, csrf: csrf, errors: errors)
        content += decisionSection(view)
        content += adviceSection(view, form: form, csrf: csrf, errors: errors)
        content += consultationsAndReassessments(view)
        content += planSection(view)
        content += view.funding?.nodes ?? []
        content += familyCommentForm(view, form: form, csrf: csrf, errors: errors)
        content += councilActions(view, form: form, csrf: csrf, errors: errors, openAction: openAction, today: today)
        content += messagesSection(view, csrf: csrf, errors: errors)
        if !view.events.isEmpty {
            content.append(table(caption: "What has happened so far", headers: ["Date", "Step"], rows: view.events.map { [TableCell(text: $0.date), TableCell(text: $0.summary)] }))
        }
        let back = view.childID.map { SiteURL.child(.value(ChildID($0))) } ?? .ehc
        return HTMLPage(title: "EHC needs assessment", chrome: chrome, errors: errors, backLink: (council ? .ehc : back).path, content: content)
    }

    /// The heading and the case's key facts.
    private static func caseSummary(_ view: EHCCaseView) -> [HTMLNode] {
        var content: [HTMLNode] = []
        content.append(h1(view.kind == .reassessment ? "EHC re-assessment" : "EHC needs assessment", caption: view.childName))
        content.append(summaryList([
            SummaryRow("Stage", tag(view.stage.description, view.stage.isTerminal ? .grey : .blue)),
            SummaryRow("Request received", text: view.requested.longFormat),
            SummaryRow("Requested by", text: view.requester),
            SummaryRow("Lead caseworker", text: view.caseworker ?? "Not allocated yet"),
        ] + (view.exception.map { [SummaryRow("Exception to the time limit", text: "Regulation \($0.regulation): \($0.description). The plan must be issued as soon as practicable; this case is left out of the 20-week measure.")] } ?? [])))
        return content
    }

    /// The next statutory step, the same words for the council and the family.
    private static func nextStepInset(_ view: EHCCaseView, today: CalendarDate) -> [HTMLNode] {
        var content: [HTMLNode] = []
        if let next = view.nextStep {
            let when: String
            if let due = next.due {
                let overdue = next.isOverdue(on: today)
                when = overdue ? "was due by \(due.longFormat): \(due.days(to: today)) days overdue" : "is due by \(due.longFormat)"
            } else { when = "has no fixed date: it must happen as soon as practicable" }
            content.append(el("div", [.cls("govuk-inset-text")], [
                el("h2", [.cls("govuk-heading-s")], text: "What happens next"),
                p("\(next.what) — this \(when)."),
                p("Who is responsible: \(next.responsible.description). (\(next.regulation))"),
                next.isOverdue(on: today) ? tag("Overdue", .red) : .empty,
            ]))
        }
        return content
    }

    /// A request made without an account, with the form that links it to the child's record.
    private static func unmatchedRequestSection(_ view: EHCCaseView, csrf: String, errors: [FormError]) -> [HTMLNode] {
        var content: [HTMLNode] = []
        if let asked = view.unmatchedRequest {
            content += [
                warningText("This request was made without an account. Link it to the child's record so that the school and the family's account see it."),
                summaryList([SummaryRow("Child", text: "\(asked.childName), born \(asked.birthDate)"), SummaryRow("School", text: asked.school ?? "Not given"),
                             SummaryRow("Parent", text: "\(asked.parent), \(asked.email)")]),
                postForm(action: SiteURL.ehcMatch(.value(view.caseID)).path, csrfToken: csrf, [
                    textInput(Field(name: "upn", label: "The child's UPN", error: errors.message(for: "match-upn"), widthClass: "govuk-input--width-20", id: "match-upn")),
                    button("Link to the child's record", secondary: true),
                ]),
            ]
        }
        return content
    }

    /// The appeal deadline, the statutory dates, and why the assessment was asked for and decided as it was.
    private static func decisionSection(_ view: EHCCaseView) -> [HTMLNode] {
        var content: [HTMLNode] = []
        if let deadline = view.appealDeadline {
            content.append(warningText("You can appeal to the First-tier Tribunal (Special Educational Needs and Disability). The deadline is \(deadline.longFormat), or one month after a mediation certificate if that is later. You must consider mediation first (except for an appeal about the named school only)."))
        }
        content.append(table(caption: "Statutory dates", headers: ["Step", "Due", "Status"],
                             rows: view.dateRows.map { [TableCell(text: $0.label), TableCell(text: $0.due), TableCell(tag($0.state, TagColour(rawValue: $0.colour) ?? .blue))] }))
        if let summary = view.summary, view.audience != .adviser { content.append(contentsOf: [h2("Why the assessment was asked for"), p(summary)]) }
        if let reasons = view.decisionReasons { content.append(contentsOf: [h2("Reasons for the decision"), p(reasons)]) }
        if view.hasLetter && view.audience != .adviser { content.append(p([link("Read the decision letter", href: SiteURL.ehcLetter(.value(view.caseID)).path)])) }
        return content
    }

    /// The advice asked for, and each request's own reminder, missed-appointment and answer forms.
    private static func adviceSection(_ view: EHCCaseView, form: EHCActionForm, csrf: String, errors: [FormError]) -> [HTMLNode] {
        var content: [HTMLNode] = []
        if !view.adviceNotYetAsked.isEmpty {
            // SEND Regulations 2014 reg 6(1): every assessment seeks educational, medical, psychological and social care advice.
            content.append(warningText("Advice not yet asked for (regulation 6): " + view.adviceNotYetAsked.map { $0.description.lowercased() }.joined(separator: "; ")
                                       + ". It need not be asked for again if advice already given is agreed by everyone to be sufficient (regulation 6(4))."))
        }
        if !view.advice.isEmpty {
            content.append(table(caption: "Advice asked for", headers: ["Advice", "From", "Asked for", "Due", "Status"], rows: view.advice.map { a in
                [TableCell(text: a.kind), TableCell(text: a.adviser + (a.reminders.map { " (\($0))" } ?? "")), TableCell(text: a.requested), TableCell(text: a.due),
                 TableCell(tag(a.state, TagColour(rawValue: a.colour) ?? .blue))]
            }))
            for a in view.advice {
                if a.advice != nil || a.file != nil {
                    content.append(details(summary: "Advice from \(a.adviser)", [
                        a.advice.map { p($0) } ?? .empty,
                        a.file.map { p([link("Download the advice document (\($0))", href: SiteURL.ehcAdviceFile(.value(view.caseID), advice: .value(EHCAdviceRequestID(a.id))).path)]) } ?? .empty,
                    ]))
                }
                if a.canRemind {
                    // One small form per outstanding request: the adviser is emailed, or the caseworker records a letter or call.
                    content.append(postForm(action: SiteURL.ehcAction(.value(view.caseID), .remind).path, csrfToken: csrf, [
                        hiddenInput(name: "version", value: String(view.version)),
                        hiddenInput(name: "reminder", value: a.id.uuidString),
                        a.reminderDue ? tag("Reminder due", .yellow) : .empty,
                        button(a.byEmail ? "Email a reminder to \(a.adviser)" : "Record a reminder sent to \(a.adviser)", secondary: true),
                    ]))
                }
                if a.canRecordMissedAppointment && view.audience == .council {
                    // Rulebook EHC-3 (reg 8): lifts this adviser's 6-week duty, and stops the reminders.
                    content.append(postForm(action: SiteURL.ehcAction(.value(view.caseID), .missedAppointment).path, csrfToken: csrf, [
                        hiddenInput(name: "version", value: String(view.version)),
                        hiddenInput(name: "missedAppointment", value: a.id.uuidString),
                        button("Record that the family missed an appointment for \(a.adviser)", secondary: true),
                    ]))
                }
                if a.canAnswer {
                    let id = "advice-\(a.id.uuidString)"
                    content.append(postForm(action: SiteURL.ehcAdvice(.value(view.caseID), advice: .value(EHCAdviceRequestID(a.id))).path, csrfToken: csrf, enctype: "multipart/form-data", [
                        textarea(Field(name: "advice", label: "\(a.kind): advice from \(a.adviser)", value: form.advice ?? "",
                                       hint: "Describe the child's needs, the outcomes to aim for and the provision required, or attach your report below.",
                                       error: errors.message(for: id), id: id), rows: 8),
                        textInput(Field(name: "file", label: "Advice document (optional)", hint: "PDF, JPEG or PNG, up to 10 MB",
                                        error: errors.message(for: "\(id)-file"), type: "file", id: "\(id)-file")),
                        button(view.audience == .council ? "Record advice received" : "Send advice"),
                    ]))
                }
            }
        }
        return content
    }

    /// Consultation with the school the plan may name, and the re-assessment links either way.
    private static func consultationsAndReassessments(_ view: EHCCaseView) -> [HTMLNode] {
        var content: [HTMLNode] = []
        if !view.consultations.isEmpty {
            content.append(table(caption: "Schools and colleges consulted", headers: ["School or college", "Consulted", "Response due", "Status", "Response"],
                                 rows: view.consultations.map { c in
                [TableCell(text: c.institution), TableCell(text: c.consulted), TableCell(text: c.due), TableCell(tag(c.state, TagColour(rawValue: c.colour) ?? .blue)),
                 TableCell(text: c.response ?? "Not yet received")]
            }))
        }
        if let previous = view.previousCaseID {
            content.append(p([.text("This is a re-assessment of an existing plan: the plan stays in force until this one replaces it. "),
                              link("See the plan being re-assessed", href: SiteURL.ehcCase(.value(EHCCaseID(previous))).path)]))
        }
        if !view.reassessments.isEmpty {
            content.append(table(caption: "Re-assessments of this plan", captionSize: "s", headers: ["Decided", "Stage", "Case"], rows: view.reassessments.map { r in
                [TableCell(text: r.decided), TableCell(text: r.stage), TableCell(link("Open the re-assessment", href: SiteURL.ehcCase(.value(EHCCaseID(r.id))).path))]
            }))
        }
        return content
    }

    /// The draft or final plan's content, then the family's comments on it.
    private static func planSection(_ view: EHCCaseView) -> [HTMLNode] {
        var content: [HTMLNode] = []
        if !view.sections.isEmpty || !view.outcomes.isEmpty {
            content.append(h2(view.stage == .draftIssued ? "Draft EHC plan" : "EHC plan"))
            for section in view.sections { content.append(contentsOf: [h2(section.title, size: "s"), p(section.content)]) }
            if !view.outcomes.isEmpty {
                content.append(table(caption: "E and F: Outcomes, with the need each meets and the provision for it", captionSize: "s", headers: ["Outcome (E)", "Need (B)", "Provision (F)"],
                                     rows: view.outcomes.map { [TableCell(text: $0.outcome), TableCell(text: $0.need), TableCell(text: $0.provision)] }))
            }
            content.append(h2("I: Placement", size: "s"))
            content.append(p(view.placement ?? "Left blank in the draft: the family can name a preferred school."))
        }
        if view.familyComments != nil || view.preferredSchool != nil {
            content.append(h2("The family's comments"))
            if let comments = view.familyComments { content.append(p(comments)) }
            if let school = view.preferredSchool { content.append(p("Preferred school: \(school)")) }
        }
        return content
    }

    /// The family's own form during the draft window.
    private static func familyCommentForm(_ view: EHCCaseView, form: EHCActionForm, csrf: String, errors: [FormError]) -> [HTMLNode] {
        let council = view.audience == .council
        var content: [HTMLNode] = []
        if view.allowed.contains("comments") && !council {
            content.append(contentsOf: [
                h2("Comment on the draft plan"),
                postForm(action: SiteURL.ehcAction(.value(view.caseID), .comments).path, csrfToken: csrf, [
                    textarea(Field(name: "comments", label: "Your comments", value: form.comments ?? "", hint: "You have 15 days from the day the draft was sent.", error: errors.message(for: "comments-comments"), id: "comments-comments")),
                    textInput(Field(name: "preferredSchool", label: "Preferred school or college (optional)", value: form.preferredSchool ?? "", error: errors.message(for: "comments-preferredSchool"), id: "comments-preferredSchool")),
                    button("Send comments"),
                ]),
            ])
        }
        return content
    }

    /// The council's actions, each a plain form inside a details element.
    private static func councilActions(_ view: EHCCaseView, form: EHCActionForm, csrf: String, errors: [FormError], openAction: String?, today: CalendarDate) -> [HTMLNode] {
        let council = view.audience == .council
        var content: [HTMLNode] = []
        if council && !view.allowed.isEmpty {
            content.append(h2("Record the next step"))
            if let refusal = errors.first(where: { $0.field == "action" }) { content.append(el("p", [.cls("govuk-error-message"), Attr("id", "action")], text: refusal.message)) }
            content += assessmentActionForms(view, form: form, csrf: csrf, errors: errors, open: openAction, today: today)
            content += placementActionForms(view, form: form, csrf: csrf, errors: errors, open: openAction, today: today)
            content += timeLimitAndAppealActionForms(view, form: form, csrf: csrf, errors: errors, open: openAction, today: today)
            content += reviewActionForms(view, form: form, csrf: csrf, errors: errors, open: openAction, today: today)
        }
        return content
    }

    /// Deciding to assess, asking for advice, the draft plan and the family's comments on it.
    private static func assessmentActionForms(_ view: EHCCaseView, form: EHCActionForm, csrf: String, errors e: [FormError], open o: String?, today: CalendarDate) -> [HTMLNode] {
        let todayText = today.description
        return [
                actionForm(view, action: .decision, title: "Decide whether to assess", csrf: csrf, open: o == "decision", [
                    radios(field("decision", "outcome", "Decision", value: form.outcome ?? "", errors: e), options: [Option("assess", "Carry out an EHC needs assessment"), Option("refuse", "Do not carry out an assessment")]),
                    dateInput(field("decision", "on", "Date of the decision", value: form.on ?? todayText, hint: "For example, \(today.dateInputExample)", errors: e, width: "govuk-input--width-10")),
                    textarea(field("decision", "reasons", "Reasons", value: form.reasons ?? "", hint: "Needed when not assessing: the letter gives them with the family's right to appeal", errors: e)),
                ], button: "Record decision and write the letter"),
                actionForm(view, action: .advice, title: "Ask for advice", csrf: csrf, open: o == "advice", [
                    select(field("advice", "kind", "Kind of advice", value: form.kind ?? "", errors: e), options: [Option("", "Choose")] + EHCAdviceKind.allCases.map { Option($0.rawValue, $0.description) }),
                    select(field("advice", "adviser", "Adviser who uses Continuum", value: form.adviser ?? "", errors: e), options: [Option("outside", "Someone who does not use Continuum")] + view.advisers.map { Option($0.id, $0.name) }),
                    textInput(field("advice", "adviserName", "Or the adviser's name and organisation", value: form.adviserName ?? "", errors: e)),
                    dateInput(field("advice", "on", "Date asked", value: form.on ?? todayText, hint: "Advice is due 6 weeks later (reg 8)", errors: e, width: "govuk-input--width-10")),
                    // Rulebook EHC-3 (reg 8): the family's missed appointment for an examination or test lifts the 6-week duty.
                    checkboxes(field("advice", "familyMissedAppointment", "Appointments", errors: e),
                               options: [Option("yes", "The family missed an appointment for an examination or test, so the 6-week time limit does not apply (reg 8)")],
                               selected: form.familyMissedAppointment == "yes" ? ["yes"] : []),
                ], button: "Ask for advice"),
                actionForm(view, action: .draft, title: "Send the draft plan", csrf: csrf, open: o == "draft",
                           EHCPlanSections.all.map { s in textarea(field("draft", s.field, s.title, value: EHCPlanSections.value(form, s.field) ?? "", errors: e), rows: 3) }
                           + (1...3).flatMap { i -> [HTMLNode] in
                               let values = [(form.need1, form.outcome1, form.provision1), (form.need2, form.outcome2, form.provision2), (form.need3, form.outcome3, form.provision3)][i - 1]
                               return [
                                   textInput(field("draft", "need\(i)", "Outcome \(i): the need it meets (from section B)", value: values.0 ?? "", errors: e)),
                                   textInput(field("draft", "outcome\(i)", "Outcome \(i) (section E)", value: values.1 ?? "", errors: e)),
                                   textInput(field("draft", "provision\(i)", "Outcome \(i): the provision for it (section F)", value: values.2 ?? "", errors: e)),
                               ]
                           }
                           + [dateInput(field("draft", "on", "Date the draft was sent", value: form.on ?? todayText, hint: "The family then has 15 days to comment", errors: e, width: "govuk-input--width-10"))],
                           button: "Send the draft plan"),
                actionForm(view, action: .comments, title: "Record the family's comments received by post or email", csrf: csrf, open: o == "comments", [
                    textarea(field("comments", "comments", "The family's comments", value: form.comments ?? "", errors: e), rows: 4),
                    textInput(field("comments", "preferredSchool", "Preferred school or college (optional)", value: form.preferredSchool ?? "", errors: e)),
                    dateInput(field("comments", "on", "Date the comments were received", value: form.on ?? todayText, errors: e, width: "govuk-input--width-10")),
                ], button: "Record the comments"),
        ]
    }

    /// Consulting schools, then issuing the final plan or deciding not to.
    private static func placementActionForms(_ view: EHCCaseView, form: EHCActionForm, csrf: String, errors e: [FormError], open o: String?, today: CalendarDate) -> [HTMLNode] {
        let todayText = today.description
        return [
                actionForm(view, action: .consult, title: "Consult a school or college about naming it", csrf: csrf, open: o == "consult", [
                    textInput(field("consult", "institution", "School or college", value: form.institution ?? view.preferredSchool ?? "", errors: e)),
                    dateInput(field("consult", "on", "Date consulted", value: form.on ?? todayText, hint: "It has 15 days to respond (SEND Code of Practice 9.78)", errors: e, width: "govuk-input--width-10")),
                ], button: "Record the consultation"),
                view.consultations.contains(where: { $0.response == nil }) ? actionForm(view, action: .consultReply, title: "Record a school's response", csrf: csrf, open: o == "consult-reply", [
                    select(field("consult-reply", "consultation", "School or college", value: form.consultation ?? "", errors: e),
                           options: view.consultations.filter { $0.response == nil }.map { Option($0.id.uuidString, $0.institution) }),
                    radios(field("consult-reply", "response", "What did it say?", value: form.response ?? "", errors: e),
                           options: EHCConsultationResponse.allCases.map { Option($0.rawValue, $0.description) }),
                    textarea(field("consult-reply", "responseNotes", "Its reasons or conditions", value: form.responseNotes ?? "", hint: "Needed if it says it cannot meet the child's needs", errors: e), rows: 3),
                    dateInput(field("consult-reply", "on", "Date the response was received", value: form.on ?? todayText, errors: e, width: "govuk-input--width-10")),
                ], button: "Record the response") : .empty,
                actionForm(view, action: .final, title: "Issue the final plan", csrf: csrf, open: o == "final", [
                    textInput(field("final", "placement", "School or institution named in section I", value: form.placement ?? view.preferredSchool ?? "", errors: e)),
                    dateInput(field("final", "consultedOn", "Date the school was consulted (optional)", value: form.consultedOn ?? "", errors: e, width: "govuk-input--width-10")),
                    dateInput(field("final", "on", "Date the final plan was issued", value: form.on ?? todayText, errors: e, width: "govuk-input--width-10")),
                    checkboxes(field("final", "waived", "Comments on the draft", errors: e), options: [Option("yes", "The family told us in writing that they have no more comments, so the plan can be issued before their 15 days are up")],
                               selected: form.waived == "yes" ? ["yes"] : []),
                ], button: "Issue the final plan"),
                actionForm(view, action: .notIssue, title: "Decide not to issue a plan", csrf: csrf, open: o == "not-issue", [
                    textarea(field("not-issue", "reasons", "Reasons", value: form.reasons ?? "", errors: e)),
                    dateInput(field("not-issue", "on", "Date of the decision", value: form.on ?? todayText, errors: e, width: "govuk-input--width-10")),
                ], button: "Record the decision"),
        ]
    }

    /// Exceptions to the time limit, withdrawal, mediation and appeal.
    private static func timeLimitAndAppealActionForms(_ view: EHCCaseView, form: EHCActionForm, csrf: String, errors e: [FormError], open o: String?, today: CalendarDate) -> [HTMLNode] {
        let todayText = today.description
        return [
                actionForm(view, action: .exception, title: "Record an exception to the time limit", csrf: csrf, open: o == "exception", [
                    radios(field("exception", "exception", "Which exception in regulation 10(4) applies?", value: form.exception ?? "", errors: e),
                           options: EHCException.allCases.map { Option($0.rawValue, "Regulation \($0.regulation)", hint: $0.description) }),
                    textarea(field("exception", "reasons", "The circumstances and the evidence", value: form.reasons ?? "", errors: e)),
                    // Rulebook EHC-6: the dated evidence the system checks for (a), (b) and (d).
                    select(field("exception", "exceptionAdvice", "For (a) or (b): the request for educational advice the closure affected", value: form.exceptionAdvice ?? "", errors: e),
                           options: [Option("", "Choose")] + view.exceptionAdvice.map { Option($0.id, $0.label) }),
                    dateInput(field("exception", "closedFrom", "For (a) or (b): the first day the school, college or provider was closed", value: form.closedFrom ?? "",
                                    hint: "The closure must last at least 4 weeks, and the advice must have been asked for from a week before it to a week before re-opening", errors: e, width: "govuk-input--width-10")),
                    dateInput(field("exception", "reopenedOn", "For (a) or (b): the day it re-opened", value: form.reopenedOn ?? "", errors: e, width: "govuk-input--width-10")),
                    dateInput(field("exception", "absentFrom", "For (d): the first day away from the area", value: form.absentFrom ?? "",
                                    hint: "At least 4 weeks in a row, at least partly within the time limit's period", errors: e, width: "govuk-input--width-10")),
                    dateInput(field("exception", "returnedOn", "For (d): the day they came back", value: form.returnedOn ?? "", errors: e, width: "govuk-input--width-10")),
                ], button: "Record the exception"),
                actionForm(view, action: .withdraw, title: "Record that the request was withdrawn", csrf: csrf, open: o == "withdraw", [
                    dateInput(field("withdraw", "on", "Date withdrawn", value: form.on ?? todayText, errors: e, width: "govuk-input--width-10")),
                ], button: "Record withdrawal"),
                actionForm(view, action: .appeal, title: "Record mediation or an appeal", csrf: csrf, open: o == "appeal", [
                    dateInput(field("appeal", "mediationOn", "Date of mediation", value: form.mediationOn ?? "", errors: e, width: "govuk-input--width-10")),
                    dateInput(field("appeal", "tribunalOn", "Date the appeal was registered with the tribunal", value: form.tribunalOn ?? "", errors: e, width: "govuk-input--width-10")),
                ], button: "Save"),
        ]
    }

    /// The issued plan's life: annual reviews, amendment, re-assessment, ceasing, and the caseworker.
    private static func reviewActionForms(_ view: EHCCaseView, form: EHCActionForm, csrf: String, errors e: [FormError], open o: String?, today: CalendarDate) -> [HTMLNode] {
        let todayText = today.description
        return [
                actionForm(view, action: .scheduleReview, title: "Arrange the annual review meeting", csrf: csrf, open: o == "schedule-review", [
                    dateInput(field("schedule-review", "meetingOn", "Date of the review meeting", value: form.meetingOn ?? "",
                                    hint: "Invitations need two weeks' notice and the advice goes out two weeks before (reg 20). For example \(today.adding(days: 28))",
                                    errors: e, width: "govuk-input--width-10")),
                ], button: "Arrange the meeting"),
                actionForm(view, action: .review, title: "Record an annual review", csrf: csrf, open: o == "review", [
                    dateInput(field("review", "meetingOn", "Date of the review meeting", value: form.meetingOn ?? view.reviewMeeting ?? "", hint: "Give two weeks' notice and circulate advice two weeks before (reg 20)", errors: e, width: "govuk-input--width-10")),
                    radios(field("review", "outcome", "Decision", value: form.outcome ?? "", errors: e), options: [Option("keep", "Keep the plan as it is"), Option("amend", "Amend the plan")]),
                    dateInput(field("review", "on", "Date of the decision", value: form.on ?? todayText, hint: "Within 4 weeks of the meeting", errors: e, width: "govuk-input--width-10")),
                ], button: "Record the review"),
                actionForm(view, action: .amended, title: "Issue the amended plan", csrf: csrf, open: o == "amended", [
                    dateInput(field("amended", "on", "Date the amended plan was issued", value: form.on ?? todayText, errors: e, width: "govuk-input--width-10")),
                ], button: "Issue the amended plan"),
                actionForm(view, action: .reassess, title: "Start a re-assessment", csrf: csrf, open: o == "reassess", [
                    radios(field("reassess", "requester", "Who asked for the re-assessment?", value: form.requester ?? "", errors: e),
                           options: EHCRequester.allCases.filter { $0 != .imported }.map { Option($0.rawValue, $0.description) }),
                    textarea(field("reassess", "reasons", "Why the needs are being re-assessed", value: form.reasons ?? "", errors: e), rows: 3),
                    dateInput(field("reassess", "on", "Date the council decided to re-assess", value: form.on ?? todayText,
                                    hint: "The amended or replacement plan is due 14 weeks later (reg 27). The current plan stays in force until then.", errors: e, width: "govuk-input--width-10")),
                ], button: "Start the re-assessment"),
                actionForm(view, action: .cease, title: "Cease the plan", csrf: csrf, open: o == "cease", [
                    select(field("cease", "ceaseReason", "Reason (SEN2 code)", value: form.ceaseReason ?? "", errors: e), options: [Option("", "Choose")] + SEN2CeaseReason.allCases.map { Option(String($0.rawValue), "\($0.rawValue): \($0.description)") }),
                    dateInput(field("cease", "on", "Date the plan ceases", value: form.on ?? todayText, errors: e, width: "govuk-input--width-10")),
                ], button: "Cease the plan"),
                actionForm(view, action: .allocate, title: "Allocate a lead caseworker", csrf: csrf, open: o == "allocate", [
                    select(field("allocate", "caseworker", "Lead caseworker", value: form.caseworker ?? "", errors: e), options: [Option("", "Choose")] + view.caseworkers.map { Option($0.id, $0.name) }),
                ], button: "Allocate"),
        ]
    }

    /// The messages about the case, and the form to send one.
    private static func messagesSection(_ view: EHCCaseView, csrf: String, errors: [FormError]) -> [HTMLNode] {
        let council = view.audience == .council
        var content: [HTMLNode] = []
        if view.canMessage || !view.messages.isEmpty {
            content.append(h2("Messages"))
            if !view.messages.isEmpty {
                content.append(table(caption: "Messages about this case", captionSize: "s", headers: ["Date", "From", "Message"],
                                     rows: view.messages.map { [TableCell(text: $0.date), TableCell(text: $0.from), TableCell(text: $0.body)] }))
            }
            if view.canMessage {
                content.append(postForm(action: SiteURL.ehcMessages(.value(view.caseID)).path, csrfToken: csrf, [
                    textarea(Field(name: "body", label: council ? "Reply to the family" : "Send a message to your caseworker",
                                   hint: council ? nil : "The council aims to reply within \(FamilyResponseTime.targetWorkingDays) working days.",
                                   error: errors.message(for: "message-body"), id: "message-body"), rows: 3),
                    button(council ? "Send reply" : "Send message", secondary: true),
                ]))
            }
        }
        return content
    }

    /// The decision letter (reg 5(3), reg 10): the decision, reasons, appeal rights, mediation and
    /// where to find independent advice. A page with a print stylesheet.
    static func letter(chrome: Chrome, item: EHCCase, state: EHCCaseState, authorityName: String) -> HTMLPage {
        let name = item.child?.fullName ?? "your child"
        guard let decided = item.decisionOn ?? item.assessmentClosedOn else {
            return HTMLPage(title: "Decision letter", chrome: chrome, backLink: SiteURL.ehcCase(.value(item.caseID)).path, content: [
                h1("Decision letter"), p("No decision has been recorded yet. The letter is written when the decision is."),
            ])
        }
        let refused = item.stage == .refusedToAssess
        let notIssuing = item.stage == .decisionNotToIssue
        let appealable = refused || notIssuing
        let letterDate = notIssuing ? (item.assessmentClosedOn ?? decided) : decided
        let heading = refused ? "We will not carry out an EHC needs assessment" : notIssuing ? "We will not issue an EHC plan" : "We will carry out an EHC needs assessment"
        var body: [HTMLNode] = [
            el("p", [.cls("govuk-body app-no-print")], [link("Back to the case", href: SiteURL.ehcCase(.value(item.caseID)).path), txt(". Use your browser's print command to print or save this letter.")]),
            p(authorityName), p(letterDate.longFormat),
            p("To the parent or carer of \(name)"),
            h1(heading),
            p("We received a request for an education, health and care (EHC) needs assessment for \(name) on \(item.requestedOn.longFormat)."),
        ]
        if let reasons = item.decisionReasons { body.append(p("Our reasons: \(reasons)")) }
        if appealable {
            let deadline = AppealDeadline.deadline(decisionLetter: letterDate)
            body += [
                h2("Your right to appeal"),
                p("You can appeal against this decision to the First-tier Tribunal (Special Educational Needs and Disability). You must appeal by \(deadline.longFormat) (two months from the date of this letter), or within one month of receiving a mediation certificate if that is later."),
                h2("Mediation"),
                p("Before you appeal you must contact a mediation adviser to consider mediation. You do not have to go to mediation, but you need a certificate to show you have considered it. Mediation is free, and we must arrange it within 30 days if you ask for it."),
            ]
        } else {
            body.append(p(assessmentPromise(state, name: name)))
        }
        body += [
            h2("Independent advice and support"),
            p("Your local SEND Information, Advice and Support Service (SENDIASS) gives free, impartial advice about EHC needs assessments, mediation and appeals. The council's SEND Local Offer has more information."),
            p("Decided on \(decided.longFormat). Regulation 5(3) (assessment) or 10 (plan) of the Special Educational Needs and Disability Regulations 2014."),
        ]
        return HTMLPage(title: "Decision letter", chrome: chrome, backLink: SiteURL.ehcCase(.value(item.caseID)).path, printable: true, content: body)
    }

    /// What the letter promises after a decision to assess, with the domain's dates (EHCWorkflow.letterDates):
    /// 20 weeks from the request, or 14 weeks from deciding to re-assess, and no date at all that a recorded
    /// reg 10(4) exception removed ("as soon as practicable").
    static func assessmentPromise(_ state: EHCCaseState, name: String) -> String {
        let dates = EHCWorkflow.letterDates(state)
        let start = "We will now ask for advice from the professionals who know \(name), and from you. "
        let exception = state.exception.map { " because an exception in the regulations applies (regulation \($0.regulation))" } ?? ""
        if state.kind == .reassessment {
            return start + (dates.finalBy.map { "We must issue the amended or replacement plan by \($0.longFormat) (\(dates.weeks) weeks from our decision to re-assess) unless an exception in the regulations applies." }
                ?? "We must issue the amended or replacement plan as soon as practicable\(exception).")
        }
        if let notIssuing = dates.notIssuingBy, let final = dates.finalBy {
            return start + "We must tell you by \(notIssuing.longFormat) if we decide not to issue a plan, and issue any plan by \(final.longFormat) (\(dates.weeks) weeks from the request) unless an exception in the regulations applies."
        }
        let notIssuing = dates.notIssuingBy.map { "by \($0.longFormat)" } ?? "as soon as practicable"
        let final = dates.finalBy.map { "by \($0.longFormat) (\(dates.weeks) weeks from the request)" } ?? "as soon as practicable"
        return start + "We must tell you \(notIssuing) if we decide not to issue a plan, and issue any plan \(final)\(exception)."
    }
}
