import Foundation
import GOVUK
import ContinuumDomain

/// The short form a school uses to tell the council a pupil is off sick.
enum SicknessNotificationPages {
    struct Earlier: Sendable { let sentOn: String; let absentFrom: String; let expectedBack: String; let schoolDays: String }

    /// `triggerDays` is the council's HN-2 trigger (ServiceTargets), 15 school days unless it set its own.
    static func form(chrome: Chrome, childName: String, childID: UUID, triggerDays: Int = ServiceTargets().absenceTriggerDays, csrf: String, form: SicknessNotificationForm,
                     errors: [FormError], notice: String?, earlier: [Earlier]) -> HTMLPage {
        var content: [HTMLNode] = [
            h1("Tell the council \(childName) is off sick", caption: "Sickness notification"),
            p("Tell us as soon as you know a pupil will miss \(triggerDays) school days or more through illness this school year, in a row or added up "
              + "(the days already missed count too), or if you cannot say when they will be back. "
              + "The council then considers whether it needs to arrange education. This is not a referral: you can still refer as well."),
            postForm(action: SiteURL.childPart(.value(ChildID(childID)), .sicknessNotifications).path, csrfToken: csrf, [
                dateInput(Field(name: "firstDayAbsent", label: "First day absent", value: form.firstDayAbsent ?? "", hint: "For example, 2 3 2026",
                                error: errors.message(for: "firstDayAbsent"), widthClass: "govuk-input--width-10")),
                radios(Field(name: "returnKnown", label: "Do you know when the child is expected back?", value: form.returnKnown ?? "",
                             error: errors.message(for: "returnKnown")), options: SicknessNotificationForm.returnOptions, inline: true),
                dateInput(Field(name: "expectedReturn", label: "Expected return date (if known)", value: form.expectedReturn ?? "",
                                hint: "The first day the child is expected back in school, for example, 20 4 2026",
                                error: errors.message(for: "expectedReturn"), widthClass: "govuk-input--width-10")),
                textarea(Field(name: "reason", label: "Why the child is absent", value: form.reason ?? "",
                               hint: "The illness or treatment, as far as you know it", error: errors.message(for: "reason")), rows: 4),
                button("Send notification"),
            ]),
        ]
        if !earlier.isEmpty {
            content.append(table(caption: "Earlier notifications for \(childName)", headers: ["Sent", "Absent from", "Expected back", "School days"],
                                 rows: earlier.map { [TableCell(text: $0.sentOn), TableCell(text: $0.absentFrom), TableCell(text: $0.expectedBack), TableCell(text: $0.schoolDays, numeric: true)] }))
        }
        content.append(p([link("Back to \(childName)'s record", href: SiteURL.child(.value(ChildID(childID))).path)]))
        return HTMLPage(title: "Sickness notification for \(childName)", chrome: chrome, errors: errors, backLink: SiteURL.child(.value(ChildID(childID))).path,
                        banner: notice.map { notificationBanner(heading: $0) }, content: content)
    }
}
