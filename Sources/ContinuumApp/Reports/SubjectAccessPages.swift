import GOVUK
import ContinuumDomain

enum SubjectAccessPages {
    static let title = "Subject access requests"

    static func statusTag(_ status: SubjectAccessStatus) -> HTMLNode {
        switch status {
        case .open: tag("Open", .blue)
        case .overdue: tag("Overdue", .red)
        case .completed: tag("Completed", .green)
        }
    }

    static func list(chrome: Chrome, requests: [SubjectAccessRequest], today: CalendarDate, form: SubjectAccessController.LogForm,
                     csrf: String, errors: [FormError]) -> HTMLPage {
        let rows = requests.map { item -> [TableCell] in
            [TableCell(link(item.child.fullName, href: SiteURL.adminSubjectAccessRequest(.value(item.id!)).path)),
             TableCell(text: item.receivedOn.longFormat), TableCell(text: item.due.longFormat + (item.extended ? " (extended)" : "")),
             TableCell(text: item.requesterName), TableCell(statusTag(item.status(today: today)))]
        }
        return HTMLPage(title: title, chrome: chrome, errors: errors, backLink: SiteURL.reports.path, content: [
            h1(title, caption: ReportsPages.title),
            p("A request for a child's personal data must be answered within one month of the day it is received, or within two further months if extended because it is complex or one of many (UK GDPR Article 12(3)). A deadline on a weekend or bank holiday moves to the next working day."),
            requests.isEmpty ? insetText("No subject access requests have been logged.")
                : table(caption: "Logged requests, newest first", headers: ["Child", "Received", "Deadline", "Requester", "Status"], rows: rows),
            h2("Log a request", id: "log"),
            postForm(action: SiteURL.adminSubjectAccess.path, csrfToken: csrf, [
                textInput(Field(name: "upn", label: "Child's UPN", value: form.upn ?? "", hint: "The 13-character unique pupil number of a child in your authority",
                                error: errors.message(for: "upn"), widthClass: "govuk-input--width-20", spellcheck: false)),
                dateInput(Field(name: "received", label: "Date received", value: form.received ?? "", hint: "The day the request arrived, for example, 15 1 2026",
                                error: errors.message(for: "received"), widthClass: "govuk-input--width-10")),
                textInput(Field(name: "requester", label: "Requester's name", value: form.requester ?? "", hint: "The parent, carer, young person or representative asking",
                                error: errors.message(for: "requester"))),
                checkboxes(Field(name: "extended", label: "Extension", hint: "Only when the request is complex or one of several from the same person"),
                           options: [Option("yes", "The deadline is extended by two further months")], selected: form.extended == "yes" ? ["yes"] : []),
                textarea(Field(name: "reason", label: "Reason for extending (if extended)", value: form.reason ?? "", error: errors.message(for: "reason")), rows: 3),
                button("Log the request"),
            ]),
        ])
    }

    static func show(chrome: Chrome, item: SubjectAccessRequest, today: CalendarDate, completed: String, csrf: String, errors: [FormError]) -> HTMLPage {
        let deadline = SubjectAccessDeadline(received: item.receivedOn)
        let status = item.status(today: today)
        var rows = [
            SummaryRow("Child", text: item.child.fullName),
            SummaryRow("UPN", text: item.child.upn ?? "None"),
            SummaryRow("Received", text: item.receivedOn.longFormat),
            SummaryRow("Requester", text: item.requesterName),
            SummaryRow("One-month deadline", text: deadline.due.longFormat),
        ]
        if item.extended {
            rows.append(SummaryRow("Extended deadline", text: deadline.extendedDue.longFormat))
            rows.append(SummaryRow("Reason for extending", text: item.extensionReason ?? ""))
        }
        rows.append(SummaryRow("Status", statusTag(status)))
        if let done = item.completedOn { rows.append(SummaryRow("Response sent", text: done.longFormat)) }
        rows.append(SummaryRow("Logged by", text: item.loggedByName))
        let id = item.id!
        return HTMLPage(title: "Subject access request for \(item.child.fullName)", chrome: chrome, errors: errors, backLink: SiteURL.adminSubjectAccess.path, content: [
            h1("Subject access request", caption: item.child.fullName),
            summaryList(rows),
            h2("Export everything held"),
            p("A zip of every record held on the child, with their documents, and a list of the third parties named in them. Review and redact third-party information before release; panel minutes are not included and must be redacted by hand. The export is recorded in the audit trail."),
            p([el("a", [.cls("govuk-button govuk-button--secondary"), Attr("href", SiteURL.adminSubjectAccessExport(.value(id)).path)], text: "Export everything held (zip)")]),
            item.completedOn != nil ? .empty : group([
                h2("Mark as completed"),
                postForm(action: SiteURL.adminSubjectAccessRequest(.value(id)).path, csrfToken: csrf, [
                    hiddenInput(name: "version", value: String(item.version)),
                    dateInput(Field(name: "completed", label: "Date the response was sent", value: completed, hint: "For example, 15 1 2026",
                                    error: errors.message(for: "completed"), widthClass: "govuk-input--width-10")),
                    button("Mark as completed"),
                ]),
            ]),
        ])
    }
}
