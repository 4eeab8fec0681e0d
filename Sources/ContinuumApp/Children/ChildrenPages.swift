import ContinuumDomain
import GOVUK

enum ChildrenPages {
    static func list(chrome: Chrome, criteria: ChildSearch.Criteria, rows: [ChildRowView], total: Int, page: Int, pageCount: Int, heading: String,
                     canManage: Bool = false) -> HTMLPage {
        let query: @Sendable (Int) -> String = { page in
            var parts = ["page=\(page)"]
            if !criteria.text.isEmpty { parts.append("q=\(criteria.text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")") }
            if !criteria.school.isEmpty { parts.append("school=\(criteria.school.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")") }
            // The values are encoded above, more strictly than `SiteURL.path(_:)` would, so the query is joined here.
            return SiteURL.children.path + "?" + parts.joined(separator: "&")
        }
        let criteriaCopy = criteria
        let caption = total == 1 ? "1 child" : "\(total) children"
        return HTMLPage(title: heading, chrome: chrome, content: [
            h1(heading),
            canManage ? p([link("Add a child", href: SiteURL.childrenNew.path), txt(" or "), link("import pupils from a CTF or CSV file", href: SiteURL.childrenImport.path)]) : .empty,
            getForm(action: SiteURL.children.path, [
                el("div", [.cls("app-search")], [
                    textInput(Field(name: "q", label: "Name or UPN", value: criteriaCopy.text, spellcheck: false)),
                    textInput(Field(name: "school", label: "School name or URN", value: criteriaCopy.school)),
                    button("Search", secondary: true),
                ]),
            ]),
            rows.isEmpty
                ? p(criteria.text.isEmpty && criteria.school.isEmpty ? "There are no children for you to see." : "No children match your search.")
                : table(caption: caption + (pageCount > 1 ? ", page \(page) of \(pageCount)" : ""), headers: ["Name", "UPN", "Date of birth", "Year group", "School", "SEN provision"],
                        rows: rows.map { row in
                            [TableCell(link(row.name, href: SiteURL.child(.value(ChildID(row.id))).path)), TableCell(text: row.upn), TableCell(text: row.dateOfBirth),
                             TableCell(text: row.yearGroup), TableCell(text: row.school), TableCell(text: row.sen)]
                        }),
            pagination(PageLinks(page: page, pageCount: pageCount, hrefForPage: { query($0) })),
        ])
    }

    static func record(chrome: Chrome, child: ChildRecordView, notice: String? = nil) -> HTMLPage {
        var content: [HTMLNode] = [
            h1(child.name, caption: "Child's record"),
            summaryList([
                SummaryRow("Legal name", text: child.name),
                SummaryRow("Preferred name", text: child.preferredName ?? "None recorded"),
                SummaryRow("UPN", text: child.upn),
                SummaryRow("Date of birth", text: child.dateOfBirth),
                SummaryRow("Age", text: child.age),
                SummaryRow("Year group", text: child.yearGroup),
                SummaryRow("Key stage", text: child.keyStage),
                SummaryRow("Compulsory school age", text: child.compulsorySchoolAge),
                SummaryRow("Sex", text: child.sex),
                SummaryRow("Home postcode", text: child.homePostcode),
                SummaryRow("Home school", child.homeSchoolURN.map { link(child.homeSchool, href: SiteURL.establishment(urn: .value(String($0))).path) } ?? txt(child.homeSchool)),
                SummaryRow("SEN provision", text: child.senProvision),
                SummaryRow("Special educational needs", text: child.needs),
            ]),
        ]
        if child.canEdit {
            content.append(p([link("Change details", href: SiteURL.childPart(.value(child.id), .edit).path, visuallyHiddenSuffix: "of \(child.name)")]))
        }
        if !child.referrals.isEmpty {
            content.append(table(caption: "Section 19 referrals", headers: ["Received", "Status"],
                                 rows: child.referrals.map { [TableCell(link($0.received, href: SiteURL.referral(.value($0.id)).path)), TableCell(text: $0.status)] }))
        }
        if child.canRefer {
            content.append(p([link("Refer to the Medical Education Team", href: SiteURL.childPart(.value(child.id), .referralsNew).path)]))
        }
        if child.canNotifySickness {
            content.append(p([link("Tell the council this child is off sick", href: SiteURL.childPart(.value(child.id), .sicknessNotifications).path)]))
        }
        if !child.ehcCases.isEmpty {
            content.append(table(caption: "EHC needs assessments and plans", headers: ["Requested", "Stage"],
                                 rows: child.ehcCases.map { [TableCell(link($0.requested, href: SiteURL.ehcCase(.value($0.id)).path)), TableCell(text: $0.stage)] }))
        }
        if child.canRequestEHC {
            content.append(p([link("Ask for an EHC needs assessment", href: SiteURL.childPart(.value(child.id), .ehcNew).path)]))
        }
        if let concerns = child.concerns, !concerns.isEmpty {
            content.append(table(caption: "Safeguarding concerns", headers: ["Logged", "By", "Concern", "Risk"],
                                 rows: concerns.map { [TableCell(text: $0.date), TableCell(text: $0.by), TableCell(text: $0.text), TableCell($0.risk ? tag("Immediate risk", .red) : tag("Logged", .grey))] }))
        }
        if child.attendanceVisible {
            content.append(h2("Attendance"))
            content.append(child.attendanceStrip.map { AttendanceStripView.render($0, childName: child.name) } ?? p("No attendance marks have been received for this child."))
        }
        if child.canSeeAgencies {
            content.append(p([link("Other agencies and risk assessments", href: SiteURL.childPart(.value(child.id), .agencies).path)]))
        }
        if child.canRaiseConcern {
            content.append(p([link("Log a safeguarding concern", href: SiteURL.childPart(.value(child.id), .concernsNew).path)]))
        }
        if let people = child.people {
            content.append(people.isEmpty ? group([h2("People"), p("No parents, carers or professionals are recorded.")])
                : table(caption: "People", headers: ["Name", "Relationship", "Organisation", "Consent to share"],
                        rows: people.map { [TableCell(text: $0.name), TableCell(text: $0.relationship), TableCell(text: $0.organisation), TableCell(text: $0.consent)] }))
        }
        if let viewers = child.viewers {
            content.append(viewers.isEmpty ? group([h2("Who has looked at this record"), p("Nobody else has looked at this record.")])
                : table(caption: "Who has looked at this record (latest 20)", headers: ["When", "Who", "Role"],
                        rows: viewers.map { [TableCell(text: $0.when), TableCell(text: $0.who), TableCell(text: $0.role)] }))
        }
        return HTMLPage(title: child.name, chrome: chrome, backLink: SiteURL.children.path, banner: notice.map { notificationBanner(heading: $0) }, content: content)
    }
}
