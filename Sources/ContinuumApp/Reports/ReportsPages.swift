import GOVUK
import ContinuumDomain

/// The pages of the officers' reports and returns.
enum ReportsPages {
    static let title = "Reports and returns"
    /// A page stays readable (and bounded) however many records have gaps.
    static let problemsShown = 500

    static func index(chrome: Chrome, role: Role) -> HTMLPage {
        var rows: [[TableCell]] = [
            [TableCell(link("SEN2 return", href: SiteURL.report(.sen2).path)), TableCell(text: "Check the person-level SEN2 return for a census date, see what is missing, then download the XML for the DfE")],
            [TableCell(link("Illness absence", href: SiteURL.report(.illnessAbsence).path)), TableCell(text: "A CSV of every pupil with illness absence in an academic year")],
            [TableCell(link("Section 19 census", href: SiteURL.report(.census).path)), TableCell(text: "A CSV of the Section 19 census figures as at a date")],
            [TableCell(link("Import EHC history", href: SiteURL.reportImports(.ehc).path)), TableCell(text: "Bring EHC needs assessment history across from a legacy system (CSV)")],
        ]
        if role == .administrator {
            rows.append([TableCell(link("Import establishments", href: SiteURL.reportImports(.establishments).path)), TableCell(text: "Load or refresh schools from a GIAS establishments extract (CSV)")])
            rows.append([TableCell(link("Subject access requests", href: SiteURL.adminSubjectAccess.path)), TableCell(text: "Log requests, track their deadlines and export everything held on a child")])
        }
        return HTMLPage(title: title, chrome: chrome, content: [
            h1(title),
            p("Every download is recorded in the audit trail and holds personal data: keep it on council systems only."),
            table(caption: "Returns, reports and imports", headers: ["Report or import", "What it is for"], rows: rows),
        ])
    }

    static func sen2(chrome: Chrome, raw: String, census: CalendarDate?, extract: SEN2Extract?, errors: [FormError]) -> HTMLPage {
        var content: [HTMLNode] = [
            h1("SEN2 return", caption: title),
            p("The person-level SEN2 return: EHC needs assessment requests from 1 January of the previous year, and plans in force on the census date. Check it for problems first, fix them in the children's records, then download the XML."),
            getForm(action: SiteURL.report(.sen2).path, [
                dateInput(Field(name: "census", label: "Census date", value: raw, hint: "The SEN2 census date is the third Thursday in January, for example, \(SEN2CensusDate.of(year: CalendarDate.today().year).dateInputExample)",
                                error: errors.message(for: "census"), widthClass: "govuk-input--width-10")),
                button("Check the return", secondary: true),
            ]),
        ]
        if let census, let extract {
            let requests = extract.persons.reduce(0) { $0 + $1.requests.count }
            let plans = extract.persons.filter { $0.activePlan != nil }.count
            content += [
                summaryList([
                    SummaryRow("Census date", text: census.longFormat),
                    SummaryRow("Persons in the return", text: String(extract.persons.count)),
                    SummaryRow("Requests", text: String(requests)),
                    SummaryRow("Plans in force", text: String(plans)),
                    SummaryRow("Cases left out", text: String(extract.problems.filter(\.leftOut).count)),
                ]),
            ]
            if extract.problems.isEmpty {
                content.append(insetText("No problems found: every case is in the return with the fields SEN2 asks for."))
            } else {
                content.append(table(caption: "\(extract.problems.count) problem\(extract.problems.count == 1 ? "" : "s") found for the census on \(census.longFormat)",
                                     headers: ["Child", "UPN", "Problem", "In the return"],
                                     rows: extract.problems.prefix(problemsShown).map { problem in
                                         [TableCell(text: problem.who), TableCell(text: problem.upn ?? "None"), TableCell(text: problem.detail),
                                          TableCell(problem.leftOut ? tag("Left out", .red) : tag("Sent incomplete", .yellow))]
                                     }))
                if extract.problems.count > problemsShown {
                    content.append(p("And \(extract.problems.count - problemsShown) more. Fix these first, then check the return again."))
                }
            }
            content += [
                h2("Download"),
                p(extract.problems.isEmpty ? "The return is ready to download." : "You can download the return now, but the problems above will be in it or missing from it."),
                p([el("a", [.cls("govuk-button"), Attr("href", SiteURL.report(.sen2XML).path(["census": "\(census)"]))], text: "Download the SEN2 XML")]),
            ]
        }
        return HTMLPage(title: "SEN2 return", chrome: chrome, errors: errors, backLink: SiteURL.reports.path, content: content)
    }

    static func illness(chrome: Chrome, raw: String, errors: [FormError]) -> HTMLPage {
        HTMLPage(title: "Illness absence report", chrome: chrome, errors: errors, backLink: SiteURL.reports.path, content: [
            h1("Illness absence report", caption: title),
            p("A CSV with one row for each of your authority's pupils who had illness absence in the academic year: \(IllnessAbsenceReport.header.replacingOccurrences(of: ",", with: ", ")). Days have one decimal place; reached_15_on is the day illness absence reached 15 school days."),
            getForm(action: SiteURL.report(.illnessAbsenceCSV).path, [
                textInput(Field(name: "year", label: "Academic year", value: raw, hint: "The year it starts, for example 2025 for 2025 to 2026",
                                error: errors.message(for: "year"), widthClass: "govuk-input--width-4", inputMode: "numeric")),
                button("Download the CSV"),
            ]),
        ])
    }

    static func census(chrome: Chrome, raw: String, errors: [FormError]) -> HTMLPage {
        HTMLPage(title: "Section 19 census", chrome: chrome, errors: errors, backLink: SiteURL.reports.path, content: [
            h1("Section 19 census", caption: title),
            p("A CSV of the census figures as at a date (measure, value): children on roll by main provision, base places, children awaiting a decision, reasons for referral and key stages."),
            p([link("See the census as a page", href: SiteURL.medicalEducationPart(.census).path)]),
            getForm(action: SiteURL.report(.censusCSV).path, [
                textInput(Field(name: "at", label: "As at", value: raw, hint: "For example, 15 1 2026", error: errors.message(for: "at"), widthClass: "govuk-input--width-10")),
                button("Download the CSV"),
            ]),
        ])
    }
}
