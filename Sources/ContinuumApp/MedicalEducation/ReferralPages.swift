import GOVUK
import ContinuumDomain

enum ReferralPages {
    static func statusTag(_ status: ReferralStatus) -> HTMLNode {
        let colour: TagColour
        switch status {
        case .received: colour = .blue
        case .awaitingInformation: colour = .yellow
        case .atPanel: colour = .purple
        case .accepted: colour = .green
        case .declined: colour = .red
        case .withdrawn, .closed: colour = .grey
        }
        return tag(status.label, colour)
    }

    /// The words for the HN-1 route, shown the same on the form, the referral page and (for the power) the letter.
    static func routeText(_ eligibility: Section19Eligibility.Assessment) -> String {
        switch eligibility.route {
        case .duty: "Section 19 duty: the council must arrange suitable education"
        case .power: "The council may help (a power, not a duty)"
        case .ageNotKnown: "Not known: no date of birth recorded"
        }
    }

    /// HN-1: outside compulsory school age on the date needed, the route is a power, not a duty. Said as a
    /// warning, never as a refusal: the referral can still be sent and recorded.
    static func routeNotice(_ eligibility: Section19Eligibility.Assessment, childName: String, onForm: Bool) -> HTMLNode {
        switch eligibility.route {
        case .duty: return .empty
        case .power:
            return warningText("\(routeText(eligibility)). \(childName): \(eligibility.explanation)"
                               + (onForm ? " You can still send this referral; the council will decide whether to help and say why." : ""))
        case .ageNotKnown: return insetText(eligibility.explanation)
        }
    }

    static func newForm(chrome: Chrome, childName: String, action: String, csrf: String, form: NewReferralForm, errors: [FormError], isSchoolUser: Bool,
                        evidencePolicy: EvidencePolicy = .default, eligibility: Section19Eligibility.Assessment? = nil,
                        triggerDays: Int = ServiceTargets().absenceTriggerDays) -> HTMLPage {
        HTMLPage(title: "Refer \(childName) to the Medical Education Team", chrome: chrome, errors: errors, backLink: SiteURL.children.path, content: [
            gridRow([("two-thirds", [
                h1("Refer \(childName)", caption: "Medical Education Team (Section 19)"),
                insetText("Refer as soon as it is clear the child will miss \(triggerDays) school days or more through illness, in a row or added up. Medical evidence helps but is not needed to make a referral or a decision."),
                eligibility.map { routeNotice($0, childName: childName, onForm: true) } ?? HTMLNode.empty,
                postForm(action: action, csrfToken: csrf, [
                    isSchoolUser ? .empty : radios(Field(name: "referrer", label: "Who is the referral from?", value: form.referrer ?? "", error: errors.message(for: "referrer")), options: NewReferralForm.referrers),
                    radios(Field(name: "reason", label: "Main reason the child cannot attend school", value: form.reason ?? "", error: errors.message(for: "reason")),
                           options: ReferralReason.allCases.map { Option($0.rawValue, $0.label) }),
                    textarea(Field(name: "healthSummary", label: "The child's health condition", value: form.healthSummary ?? "",
                                   hint: "What the condition is and how it stops the child attending school", error: errors.message(for: "healthSummary"))),
                    textInput(Field(name: "schoolDaysMissed", label: "School days already missed this academic year", value: form.schoolDaysMissed ?? "",
                                    error: errors.message(for: "schoolDaysMissed"), widthClass: "govuk-input--width-4", inputMode: "numeric")),
                    textInput(Field(name: "expectedAbsenceDays", label: "Further school days the child is expected to miss", value: form.expectedAbsenceDays ?? "",
                                    hint: "Your best estimate", error: errors.message(for: "expectedAbsenceDays"), widthClass: "govuk-input--width-4", inputMode: "numeric")),
                    dateInput(Field(name: "neededFrom", label: "Date education is needed from (optional)", value: form.neededFrom ?? "",
                                    hint: "Leave blank if the child needs education now. For example, 30 11 2026. The council checks the child's age on this date.",
                                    error: errors.message(for: "neededFrom"), widthClass: "govuk-input--width-10")),
                    radios(Field(name: "ehcStatus", label: "Education, health and care plan", value: form.ehcStatus ?? "", error: errors.message(for: "ehcStatus")), options: NewReferralForm.ehcOptions),
                    dateInput(Field(name: "evidenceRequestedFrom", label: "Medical evidence asked for from (optional)", value: form.evidenceRequestedFrom ?? "",
                                    hint: evidencePolicy.ask + " For example the child's GP or CAMHS clinician.", error: errors.message(for: "evidenceRequestedFrom"))),
                    checkboxes(Field(name: "urgent", label: "Urgency"), options: [Option("yes", "This referral is urgent", hint: "The coordinator can decide urgent referrals without waiting for the panel")],
                               selected: form.urgent == "yes" ? ["yes"] : []),
                    checkboxes(Field(name: "parentalConsent", label: "Consent", error: errors.message(for: "parentalConsent")),
                               options: [Option("yes", "The parent or carer agrees to this referral")], selected: form.parentalConsent == "yes" ? ["yes"] : []),
                    button("Send referral"),
                ]),
            ])]),
        ])
    }

    static func list(chrome: Chrome, rows: [[TableCell]], heading: String) -> HTMLPage {
        HTMLPage(title: heading, chrome: chrome, content: [
            h1(heading),
            rows.isEmpty ? p("There are no referrals for you to see.") :
                table(caption: "\(rows.count) referrals, newest first", headers: ["Child", "Received", "Reason", "Status", "Decision clock"], rows: rows),
        ])
    }

    static func detail(chrome: Chrome, view v: ReferralView, csrf: String, errors: [FormError], notice: String?) -> HTMLPage {
        var content: [HTMLNode] = [
            h1(v.childName, caption: "Section 19 referral"),
            p([statusTag(v.status), v.urgent ? txt(" ") : .empty, v.urgent ? tag("Urgent", .orange) : .empty]),
        ]
        content += referralFacts(v)
        content += evidenceSection(v, csrf: csrf, errors: errors)
        content += provisionAndTimetable(v)
        content += timetableSessionForm(v, csrf: csrf, errors: errors)
        content += reviewsAndReintegration(v)
        content += caseworkForms(v, csrf: csrf, errors: errors)
        content += moveAndDecisionForms(v, csrf: csrf, errors: errors)
        content += arrangeProvisionForm(v, csrf: csrf, errors: errors)
        return HTMLPage(title: v.childName + " – referral", chrome: chrome, errors: errors, backLink: SiteURL.referrals.path,
                        banner: notice.map { notificationBanner(heading: $0) }, content: content)
    }

    /// The Section 19 route, any breach or overdue decision, and the referral's facts.
    private static func referralFacts(_ v: ReferralView) -> [HTMLNode] {
        var content: [HTMLNode] = []
        content.append(routeNotice(v.eligibility, childName: v.childName, onForm: false))
        if let breach = v.breach { content.append(warningText("Breach of the Section 19 duty. " + breach)) }
        if v.decisionOverdue { content.append(warningText("Decision overdue: " + v.decisionClock)) }
        content.append(summaryList([
            SummaryRow("Child", link(v.childName, href: SiteURL.child(.value(v.childID)).path)),
            SummaryRow("UPN", text: v.upn),
            SummaryRow("Year group", text: v.yearGroup),
            SummaryRow("Home school", text: v.homeSchool + " (the child stays on the school's roll)"),
            SummaryRow("Referral from", text: v.referrer),
            SummaryRow("Received", text: v.received),
            SummaryRow("Education needed from", text: v.eligibility.neededOn.longFormat),
            SummaryRow("Section 19 route", text: routeText(v.eligibility)),
            SummaryRow("Reason", text: v.reason),
            SummaryRow("Health condition", text: v.healthSummary ?? FieldPolicy.withheld[.healthDetail]!),
            SummaryRow("School days missed", text: v.daysMissed),
            SummaryRow("Expected further absence", text: v.expectedAbsence),
            SummaryRow("EHC plan", text: v.ehcStatus),
            SummaryRow("Medical evidence", text: v.evidence),
            SummaryRow("Decision clock", text: v.decisionClock),
            SummaryRow("Decision", v.decision.map { group([txt($0 + " "), link("Decision letter", href: SiteURL.referralPart(.value(v.id), .letter).path)]) } ?? txt("Not yet decided")),
        ]))
        return content
    }

    /// The medical evidence received, and the form to add more.
    private static func evidenceSection(_ v: ReferralView, csrf: String, errors: [FormError]) -> [HTMLNode] {
        var content: [HTMLNode] = []
        if !v.evidenceFiles.isEmpty {
            content.append(table(caption: "Medical evidence", headers: ["Type", "Received", "File"],
                                 rows: v.evidenceFiles.map { e in
                                     [TableCell(text: e.label), TableCell(text: e.received),
                                      TableCell(v.canDownload ? link("Download", href: SiteURL.referralEvidence(.value(v.id), evidence: .value(e.id)).path, visuallyHiddenSuffix: e.label) : txt(FieldPolicy.withheld[.medicalEvidence]!))]
                                 }))
        }
        if v.canUpload {
            content.append(h2("Add medical evidence"))
            content.append(p("Evidence helps but is never needed before a decision. PDF, JPEG or PNG, up to 10 MB."))
            content.append(postForm(action: SiteURL.referralPart(.value(v.id), .evidence).path, csrfToken: csrf, enctype: "multipart/form-data", [
                select(Field(name: "evidenceType", label: "Type of evidence", value: "", error: errors.message(for: "evidenceType")),
                       options: [Option("", "Choose a type")] + EvidenceType.allCases.map { Option($0.rawValue, $0.label) }),
                textInput(Field(name: "file", label: "File", error: errors.message(for: "file"), type: "file")),
                button("Upload evidence", secondary: true),
            ]))
        }
        return content
    }

    /// The provision offered against full time, its episodes, and this week's timetable and sessions.
    private static func provisionAndTimetable(_ v: ReferralView) -> [HTMLNode] {
        var content: [HTMLNode] = []
        if !v.episodes.isEmpty || v.status == .accepted {
            content.append(h2("Provision"))
            content.append(p("Offered now: \(String(format: "%.1f", v.offeredHours)) hours a week against \(String(format: "%.1f", v.fullTimeHours)) full-time hours for the child's key stage."))
            if !v.episodes.isEmpty {
                content.append(table(caption: "Provision episodes", headers: ["Type", "Place", "Hours a week", "Dates", "Full or part time"],
                                     rows: v.episodes.map { [TableCell(text: $0.type), TableCell(text: $0.place), TableCell(text: $0.hours, numeric: true), TableCell(text: $0.dates), TableCell(text: $0.partTime)] }))
            }
        }
        if !v.timetable.isEmpty {
            content.append(table(caption: "Weekly timetable", headers: ["Subject", "Teacher", "Place", "When"],
                                 rows: v.timetable.map { [TableCell(text: $0.subject), TableCell(text: $0.teacher), TableCell(text: $0.place), TableCell(text: $0.when)] }))
            content.append(p(String(format: "This week: %.1f hours delivered of %.1f timetabled.", v.deliveredHoursThisWeek, v.timetabledHours)))
            content.append(v.weekSessions.isEmpty ? p("No sessions recorded yet this week.") :
                table(caption: "Sessions this week (for the home school's register: code K where delivered)", headers: ["Date", "Subject", "Outcome"],
                      rows: v.weekSessions.map { [TableCell(text: $0.date), TableCell(text: $0.subject), TableCell(text: $0.outcome)] }))
        }
        return content
    }

    /// The form to add a timetabled session, for those who place the child.
    private static func timetableSessionForm(_ v: ReferralView, csrf: String, errors: [FormError]) -> [HTMLNode] {
        var content: [HTMLNode] = []
        if v.canPlace && !v.teachers.isEmpty {
            content.append(h2("Add a timetabled session"))
            content.append(postForm(action: SiteURL.referralPart(.value(v.id), .timetable).path, csrfToken: csrf, [
                select(Field(name: "subject", label: "Subject", value: "", error: errors.message(for: "subject")),
                       options: [Option("", "Choose a subject")] + TeachingSubject.allCases.map { Option($0.rawValue, $0.label) }),
                select(Field(name: "teacherID", label: "Teacher", value: "", error: errors.message(for: "teacherID")),
                       options: [Option("", "Choose a teacher")] + v.teachers.map { Option($0.id, $0.name) }),
                textInput(Field(name: "place", label: "Place", hint: "For example Redditch base, home or online", error: errors.message(for: "place"))),
                select(Field(name: "weekday", label: "Day", value: "", error: errors.message(for: "weekday")),
                       options: [Option("", "Choose a day")] + TeachingController.weekdays.map { Option(String($0.0), $0.1) }),
                textInput(Field(name: "startsAt", label: "Start time", hint: "For example 09:30", error: errors.message(for: "startsAt"), widthClass: "govuk-input--width-5")),
                textInput(Field(name: "minutes", label: "Length in minutes", error: errors.message(for: "minutes"), widthClass: "govuk-input--width-4", inputMode: "numeric")),
                button("Add session", secondary: true),
            ]))
        }
        return content
    }

    /// Reviews held, the reintegration plan, the closure, and the links to the provision pages.
    private static func reviewsAndReintegration(_ v: ReferralView) -> [HTMLNode] {
        var content: [HTMLNode] = []
        if !v.reviews.isEmpty {
            content.append(table(caption: "Reviews", headers: ["Due", "Held", "Health professionals' input", "Outcome"],
                                 rows: v.reviews.map { [TableCell(text: $0.due), TableCell($0.overdue ? tag("Overdue", .red) : txt($0.held)), TableCell(text: $0.healthInput), TableCell(text: $0.outcome)] }))
        }
        if let plan = v.plan {
            content.append(h2("Reintegration plan"))
            content.append(summaryList([SummaryRow("Goals", text: plan.goals), SummaryRow("Steps", text: plan.steps),
                                        SummaryRow("Home school contact", text: plan.contact), SummaryRow("Target date", text: plan.target)]))
        }
        if let closure = v.closure { content.append(insetText("Case closed " + closure)) }
        if v.canRecordEvidence && (!v.episodes.isEmpty || v.status == .accepted || v.status == .closed) {
            content.append(p([link("Change or end provision", href: SiteURL.referralPart(.value(v.id), .episodes).path), txt(" · "),
                              link("Virtual and e-learning access", href: SiteURL.referralPart(.value(v.id), .virtual).path), txt(" · "),
                              link("Outcomes at closure", href: SiteURL.referralPart(.value(v.id), .outcomes).path)]))
        }
        return content
    }

    /// The placing team's forms: a review, the reintegration plan, and closing the case.
    private static func caseworkForms(_ v: ReferralView, csrf: String, errors: [FormError]) -> [HTMLNode] {
        var content: [HTMLNode] = []
        if v.canPlace {
            content.append(h2("Record a review"))
            content.append(postForm(action: SiteURL.referralPart(.value(v.id), .reviews).path, csrfToken: csrf, [
                dateInput(Field(name: "heldOn", label: "Date held", hint: "For example, 20 11 2026", error: errors.message(for: "heldOn"), widthClass: "govuk-input--width-10")),
                textarea(Field(name: "healthInput", label: "Health professionals' input", error: errors.message(for: "healthInput")), rows: 3),
                textarea(Field(name: "outcome", label: "Outcome and next steps", error: errors.message(for: "reviewOutcome"), id: "reviewOutcome"), rows: 3),
                button("Record review", secondary: true),
            ]))
            content.append(h2(v.plan == nil ? "Reintegration plan" : "Update the reintegration plan"))
            content.append(postForm(action: SiteURL.referralPart(.value(v.id), .reintegration).path, csrfToken: csrf, [
                textarea(Field(name: "goals", label: "Goals", value: v.plan?.goals ?? "", error: errors.message(for: "goals")), rows: 3),
                textarea(Field(name: "steps", label: "Steps back to school", value: v.plan?.steps ?? "", error: errors.message(for: "steps")), rows: 3),
                textInput(Field(name: "schoolContact", label: "Home school contact", value: v.plan?.contact ?? "", error: errors.message(for: "schoolContact"))),
                dateInput(Field(name: "targetOn", label: "Target date for return", hint: "For example, 20 4 2027", error: errors.message(for: "targetOn"), widthClass: "govuk-input--width-10")),
                button("Save reintegration plan", secondary: true),
            ]))
            content.append(h2("Close the case"))
            content.append(postForm(action: SiteURL.referralPart(.value(v.id), .close).path, csrfToken: csrf, [
                hiddenInput(name: "version", value: String(v.version)),
                radios(Field(name: "outcome", label: "How the case ended", value: "", error: errors.message(for: "closeOutcome"), id: "closeOutcome"),
                       options: ClosureOutcome.allCases.map { Option($0.rawValue, $0.label) }),
                dateInput(Field(name: "closedOn", label: "Date closed", hint: "For example, 18 12 2026", error: errors.message(for: "closedOn"), widthClass: "govuk-input--width-10")),
                textInput(Field(name: "english", label: "Year 11: GCSE English grade (1 to 9)", error: errors.message(for: "english"), widthClass: "govuk-input--width-2", inputMode: "numeric")),
                textInput(Field(name: "maths", label: "Year 11: GCSE Maths grade (1 to 9)", error: errors.message(for: "maths"), widthClass: "govuk-input--width-2", inputMode: "numeric")),
                textInput(Field(name: "science", label: "Year 11: GCSE Science grade (1 to 9)", error: errors.message(for: "science"), widthClass: "govuk-input--width-2", inputMode: "numeric")),
                button("Close case", warning: true),
            ]))
        }
        return content
    }

    /// Moving the referral on, and recording the panel's decision.
    private static func moveAndDecisionForms(_ v: ReferralView, csrf: String, errors: [FormError]) -> [HTMLNode] {
        var content: [HTMLNode] = []
        if !v.allowedMoves.isEmpty {
            content.append(h2("Move this referral"))
            content.append(postForm(action: SiteURL.referralPart(.value(v.id), .status).path, csrfToken: csrf, [
                hiddenInput(name: "version", value: String(v.version)),
                radios(Field(name: "status", label: "New status", value: "", error: errors.message(for: "status")), options: v.allowedMoves.map { Option($0.rawValue, $0.label) }),
                button("Move referral", secondary: true),
            ]))
        }
        if v.canDecide {
            content.append(h2("Record the decision"))
            content.append(postForm(action: SiteURL.referralPart(.value(v.id), .decision).path, csrfToken: csrf, [
                hiddenInput(name: "version", value: String(v.version)),
                radios(Field(name: "outcome", label: "Decision", value: "", error: errors.message(for: "outcome")),
                       options: [Option("accepted", "Accept: the service will arrange education"), Option("declined", "Decline")]),
                textarea(Field(name: "reasons", label: "Reasons", hint: "Every decision is written with its reasons and sent to the parent and the school", error: errors.message(for: "reasons"))),
                button("Record decision"),
            ]))
        }
        return content
    }

    /// The form to arrange provision.
    private static func arrangeProvisionForm(_ v: ReferralView, csrf: String, errors: [FormError]) -> [HTMLNode] {
        var content: [HTMLNode] = []
        if v.canPlace {
            content.append(h2("Arrange provision"))
            content.append(postForm(action: SiteURL.referralPart(.value(v.id), .provision).path, csrfToken: csrf, [
                radios(Field(name: "type", label: "Type of provision", value: "", error: errors.message(for: "type")), options: ProvisionType.allCases.map { Option($0.rawValue, $0.label) }),
                select(Field(name: "baseID", label: "Teaching base (for a base place)", value: "", error: errors.message(for: "baseID")),
                       options: [Option("", "Not a base place")] + v.bases.map { Option($0.id, $0.name) }),
                textInput(Field(name: "hoursPerWeek", label: "Hours a week", hint: String(format: "Full time for this child is %.1f hours", v.fullTimeHours),
                                error: errors.message(for: "hoursPerWeek"), widthClass: "govuk-input--width-4", inputMode: "decimal")),
                dateInput(Field(name: "start", label: "Start date", hint: "For example, 30 11 2026", error: errors.message(for: "start"), widthClass: "govuk-input--width-10")),
                textarea(Field(name: "partTimeReason", label: "If less than full time: why the child's health means part time is in their best interests",
                               error: errors.message(for: "partTimeReason")), rows: 3),
                dateInput(Field(name: "reviewOn", label: "If less than full time: review date", hint: "For example, 15 1 2027", error: errors.message(for: "reviewOn"), widthClass: "govuk-input--width-10")),
                button("Arrange provision"),
            ]))
        }
        return content
    }
}
