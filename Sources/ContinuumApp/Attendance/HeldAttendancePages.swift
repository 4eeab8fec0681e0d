import Foundation
import GOVUK

/// The officer's list of attendance rows held from schools' uploads, with accept and reject.
enum HeldAttendancePages {
    /// One held upload as the list shows it: no rows, only who sent what and what became of it.
    struct Row {
        let id: UUID
        let received: Date
        let school: String
        let urn: Int
        let uploadedBy: String
        let fileName: String
        let rows: Int
        let upns: Int
        let knownUPNs: Int
        let status: HeldAttendance.Status
        let decidedBy: String?
        let decidedAt: Date?
        let outcome: String?
    }

    static func list(chrome: Chrome, rows: [Row], pending: Int, limit: Int, csrf: String, errors: [FormError] = [], notice: String? = nil) -> HTMLPage {
        let caption = (rows.count == 1 ? "1 held upload" : "\(rows.count) held uploads") + ", newest first" + (rows.count == limit ? " (the latest \(limit))" : "")
        return HTMLPage(title: "Attendance held for checking", chrome: chrome, errors: errors,
                        banner: notice.map { notificationBanner(heading: $0) }, content: [
            h1("Attendance held for checking", caption: "Attendance"),
            p("A school may upload marks only for the pupils on its roll: children of this council whose home school is that school. "
              + "Marks in its file for any other UPN are held here until an officer accepts or rejects them. Accepting applies them as an officer's own upload would; rejecting discards them. "
              + "The school is told how many rows were held, never why."),
            p(pending == 1 ? "1 upload is waiting for a decision." : "\(pending) uploads are waiting for a decision."),
            // The error summary's "#held" link lands on the list.
            el("div", [Attr("id", "held")], [rows.isEmpty ? p("No attendance has been held.") :
                table(caption: caption, headers: ["Received", "School", "Sent by", "Rows", "Pupils (UPNs)", "Status", "Decision"],
                      numericColumns: [3], rows: rows.map { row($0, csrf: csrf) })]),
        ])
    }

    private static func row(_ r: Row, csrf: String) -> [TableCell] {
        let received = when(r.received)
        let pupils = "\(r.upns): \(r.knownUPNs) of children in this council (at another school or none), \(r.upns - r.knownUPNs) matching no child record"
        let decision: HTMLNode
        switch r.status {
        case .pending:
            let about = " the rows from \(r.school) received \(received)"
            decision = group([
                postForm(action: SiteURL.attendanceHeldDecision(.accept).path, csrfToken: csrf, [hiddenInput(name: "held", value: r.id.uuidString), submit("Accept", hidden: about, warning: false)]),
                postForm(action: SiteURL.attendanceHeldDecision(.reject).path, csrfToken: csrf, [hiddenInput(name: "held", value: r.id.uuidString), submit("Reject", hidden: about, warning: true)]),
            ])
        case .accepted, .rejected:
            decision = txt("\(r.decidedBy ?? "Not recorded")" + (r.decidedAt.map { ", \(when($0))" } ?? "") + (r.outcome.map { ": \($0)" } ?? ""))
        }
        return [
            TableCell(text: received),
            TableCell(text: "\(r.school) (URN \(r.urn))"),
            TableCell(group([txt(r.uploadedBy), void("br", []), txt(r.fileName)])),
            TableCell(text: String(r.rows)),
            TableCell(text: pupils),
            TableCell(tag(r.status.label, r.status == .pending ? .blue : r.status == .accepted ? .green : .grey)),
            TableCell(decision),
        ]
    }

    /// A button whose accessible name says which upload it acts on.
    private static func submit(_ label: String, hidden: String, warning: Bool) -> HTMLNode {
        el("button", [.cls("govuk-button" + (warning ? " govuk-button--warning" : " govuk-button--secondary")), Attr("type", "submit"), Attr("data-module", "govuk-button")],
           [txt(label), el("span", [.cls("govuk-visually-hidden")], text: hidden)])
    }

    static func when(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "Europe/London")
        formatter.dateFormat = "d MMMM yyyy, HH:mm"
        return formatter.string(from: date)
    }
}
