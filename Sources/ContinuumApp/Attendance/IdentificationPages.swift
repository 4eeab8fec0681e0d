import ContinuumDomain
import Foundation
import GOVUK

/// The early-identification queue and one entry with its review form.
enum IdentificationPages {
    static func list(chrome: Chrome, rows: [IdentificationView], unreviewed: Int, limit: Int, weekly: [(start: CalendarDate, count: Int)] = []) -> HTMLPage {
        let caption = (rows.count == 1 ? "1 identification" : "\(rows.count) identifications") + ", newest first"
            + (rows.count == limit ? " (the latest \(limit))" : "")
        return HTMLPage(title: "Early identification", chrome: chrome, content: [
            h1("Early identification", caption: "Section 19: children to consider"),
            p("The council must act as soon as it is clear a child will miss 15 school days or more through illness, in a row or added up. "
              + "These children were found from school attendance and from schools' sickness notifications. Review each one and record what you decided."),
            p(unreviewed == 1 ? "1 identification is waiting for review." : "\(unreviewed) identifications are waiting for review."),
            p([link("Upload attendance", href: SiteURL.attendanceUpload.path), txt(" to add a school's marks; new identifications appear here as soon as they land.")]),
            weekly.isEmpty ? .empty : WeeklyChart.render(title: "New identifications per week, last 12 weeks", weeks: weekly),
            rows.isEmpty ? p("No children have been identified yet.") :
                table(caption: caption, headers: ["Child", "Identified", "Why", "Review", "Actions"], rows: rows.map(row)),
        ])
    }

    private static func row(_ v: IdentificationView) -> [TableCell] {
        let who: HTMLNode = v.childID.map { link(v.who, href: SiteURL.child(.value(ChildID($0))).path) } ?? txt(v.who)
        var actions: [HTMLNode] = [link(v.isReviewed ? "See review" : "Review", href: SiteURL.identification(.value(v.id)).path, visuallyHiddenSuffix: v.linkSuffix)]
        if let childID = v.childID {
            actions += [txt(" "), link("Make a referral", href: SiteURL.childPart(.value(ChildID(childID)), .referralsNew).path, visuallyHiddenSuffix: v.linkSuffix)]
        }
        return [
            TableCell(who),
            TableCell(text: v.identifiedOn),
            TableCell(group([el("strong", [], text: v.kind.label), void("br", []), txt(v.detail)])),
            TableCell(v.statusTag),
            TableCell(group(actions)),
        ]
    }

    static func detail(chrome: Chrome, view v: IdentificationView, csrf: String, form: ReviewForm, errors: [FormError], notice: String?) -> HTMLPage {
        var rows = [
            SummaryRow("Child", v.childID.map { link(v.who, href: SiteURL.child(.value(ChildID($0))).path) } ?? txt(v.who)),
            SummaryRow("UPN", text: v.upn ?? "Not known"),
            SummaryRow("Why", text: v.kind.label),
            SummaryRow("Detail", text: v.detail),
            SummaryRow("Academic year", text: v.academicYear),
            SummaryRow("Identified", text: v.identifiedOn),
            SummaryRow("Review", v.statusTag),
        ]
        if let decision = v.decision {
            rows.append(SummaryRow("Decision", text: decision.label))
            rows.append(SummaryRow("Note", text: v.decisionNote ?? "None"))
            rows.append(SummaryRow("Reviewed by", text: "\(v.reviewedBy ?? "Not recorded") on \(v.reviewedOn ?? "an unrecorded date")"))
        }
        var content: [HTMLNode] = [h1(v.who, caption: "Early identification"), summaryList(rows)]
        if let childID = v.childID {
            content.append(p([link("Make a referral to the Medical Education Team", href: SiteURL.childPart(.value(ChildID(childID)), .referralsNew).path, visuallyHiddenSuffix: v.linkSuffix)]))
        } else {
            content.append(insetText("No child record has this UPN yet. When the child's record is added with this UPN it will be linked here, and a referral can be made from it."))
        }
        if !v.isReviewed {
            content.append(h2("Record your review"))
            content.append(postForm(action: SiteURL.identificationReview(.value(v.id)).path, csrfToken: csrf, [
                hiddenInput(name: "version", value: String(v.version)),
                radios(Field(name: "decision", label: "What should happen?", value: form.decision ?? "", error: errors.message(for: "decision")),
                       options: IdentificationDecision.allCases.map { Option($0.rawValue, $0.label) }),
                textarea(Field(name: "note", label: "Note", value: form.note ?? "",
                               hint: "Needed if you decide no action: say why the council does not need to arrange education now",
                               error: errors.message(for: "note")), rows: 4),
                button("Record review"),
            ]))
        }
        return HTMLPage(title: "\(v.who) – early identification", chrome: chrome, errors: errors, backLink: SiteURL.identifications.path,
                        banner: notice.map { notificationBanner(heading: $0) }, content: content)
    }
}
