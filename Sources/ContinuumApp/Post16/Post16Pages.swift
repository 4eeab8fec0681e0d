import Foundation
import GOVUK
import ContinuumDomain

/// The post-16 pages' views (issue 17). Every table is captioned with header scope; statuses are tags with text.
enum Post16Pages {
    static func banner(_ text: String?) -> HTMLNode { text.map { notificationBanner(heading: $0) } ?? .empty }

    static func statusTag(_ a: Post16CurrentActivity) -> HTMLNode {
        switch a.countsAs {
        case .participating: tag("EET", .green)
        case .neet: tag("NEET", .red)
        case .notKnown: tag(a.lapsed ? "Not known (lapsed)" : "Not known", .yellow)
        case .excluded: tag("Excluded (custody)", .grey)
        }
    }

    static func activityLabel(_ a: Post16CurrentActivity, on day: CalendarDate) -> String {
        guard let s = a.spell else { return "No activity recorded" }
        let code = NCCISCodeSet.bundled(for: day)[s.code]
        return code?.title ?? "\(s.code) (not in this year's code list)"
    }

    static func links() -> HTMLNode {
        GOVUK.list([link("NEET and not-known figures", href: SiteURL.post16Part(.figures).path),
              link("September Guarantee", href: SiteURL.post16Part(.guarantee).path),
              link("NCCIS monthly return", href: SiteURL.post16Part(.nccis).path),
              link("Import young people and activities", href: SiteURL.post16Part(.upload).path)])
    }

    // MARK: the tracking list

    static func list(_ rows: [Post16Controller.Row], filter: Post16Controller.Filter, search: String, counts: [Post16Controller.Filter: Int],
                     page: Int, pages: Int, total: Int, today: CalendarDate, banner text: String?) -> [HTMLNode] {
        var content: [HTMLNode] = [
            banner(text),
            h1("Post-16 tracking", caption: "Young people the council tracks"),
            p("Academic age 16 and 17 (age on 31 August), young people with an EHC plan up to their 25th birthday, and Year 11 from January for the September Guarantee. A record not confirmed within its code's currency period counts as not known from the day it lapses."),
            links(),
            getForm(action: SiteURL.post16.path, [
                select(Field(name: "show", label: "Show", value: filter.rawValue),
                       options: Post16Controller.Filter.allCases.map { Option($0.rawValue, "\($0.label) (\(counts[$0] ?? 0))") }),
                textInput(Field(name: "q", label: "Name, UPN or ULN (optional)", value: search, widthClass: "govuk-input--width-20")),
                button("Show", secondary: true),
            ]),
        ]
        if rows.isEmpty {
            content.append(p("No young people match."))
        } else {
            content.append(table(caption: "\(filter.label): \(total) young \(total == 1 ? "person" : "people")\(pages > 1 ? ", page \(page) of \(pages)" : "")",
                                 headers: ["Name", "Date of birth", "Tracked as", "Status", "Current activity", "Lapses on"], rows: rows.map { r in
                [TableCell(link(r.person.fullName, href: SiteURL.post16Person(.value(r.person.id)).path)), TableCell(text: r.person.dateOfBirth.longFormat),
                 TableCell(text: (r.basis?.label ?? "Outside the cohort") + (r.person.hasEHCPlan ? ", EHC plan" : "")), TableCell(statusTag(r.activity)),
                 TableCell(text: activityLabel(r.activity, on: today)), TableCell(text: r.activity.lapsesOn?.longFormat ?? "")]
            }))
        }
        if pages > 1 {
            var nav: [HTMLNode] = []
            if page > 1 { nav.append(link("Previous page", href: SiteURL.post16.path(["show": filter.rawValue, "q": search, "page": String(page - 1)]))) }
            if page < pages { nav.append(link("Next page", href: SiteURL.post16.path(["show": filter.rawValue, "q": search, "page": String(page + 1)]))) }
            content.append(p(nav.flatMap { [$0, txt(" ")] }))
        }
        return content
    }

    // MARK: one young person

    static func person(_ d: Post16Controller.PersonData, today: CalendarDate, csrf: String, activity: Post16Controller.ActivityForm,
                       offer: Post16Controller.OfferForm, contact: Post16Controller.ContactForm, errors: [FormError], banner text: String?) -> [HTMLNode] {
        let r = d.record
        let spells = d.spells.map(\.spell)
        let current = Post16Activity.on(today, spells: spells, codes: NCCISCodeSet.bundled(for: today))
        let basis = Post16Cohort.basis(dateOfBirth: r.dateOfBirth, hasEHCPlan: r.hasEHCPlan, on: today)
        var rows = [
            SummaryRow("Status", statusTag(current)),
            SummaryRow("Current activity", text: activityLabel(current, on: today)),
            SummaryRow("Lapses to not known on", text: current.lapsed ? "Lapsed on \(current.lapsesOn!.longFormat)" : (current.lapsesOn?.longFormat ?? "Does not lapse")),
            SummaryRow("Date of birth", text: "\(r.dateOfBirth.longFormat) (academic age \(Post16Cohort.academicAge(dateOfBirth: r.dateOfBirth, on: today)))"),
            SummaryRow("Tracked as", text: basis?.label ?? "Outside the tracking cohort"),
            SummaryRow("UPN", text: r.upn ?? "Not recorded"), SummaryRow("ULN", text: r.uln ?? "Not recorded"),
            SummaryRow("SEN", text: r.hasEHCPlan ? "EHC plan" : (r.senSupport ? "SEN support" : "None recorded")),
        ]
        if let flag = r.flag { rows.append(SummaryRow("Flag", text: flag)) }
        var content: [HTMLNode] = [banner(text), h1(r.fullName, caption: "Post-16 tracking"), summaryList(rows)]
        if r.hasEHCPlan {
            content.append(h2("Preparing for adulthood", id: "pfa"))
            if current.countsAs == .neet {
                content.append(warningText("A young person with an EHC plan is NEET: the plan needs a review (SEND Code of Practice 8.2 and 9.179)."))
            }
            content.append(summaryList([
                SummaryRow("Named setting in the plan (section I)", text: d.placement ?? "No plan in force is held for this young person's child record"),
                SummaryRow("Tracked activity", text: activityLabel(current, on: today)),
            ]))
            if !d.outcomes.isEmpty {
                content.append(table(caption: "The plan's outcomes by preparing-for-adulthood area", captionSize: "s", headers: ["Outcome", "Area"], rows: d.outcomes.map { o in
                    [TableCell(text: o.outcome), TableCell(text: o.pfaArea?.label ?? "Not tagged")]
                }))
                content.append(postForm(action: SiteURL.post16PersonPart(.value(r.id!), .pfa).path, csrfToken: csrf, d.outcomes.enumerated().map { n, o in
                    select(Field(name: "area-\(o.id!.uuidString)", label: "Area for outcome \(n + 1): \(o.outcome.prefix(80))", value: o.pfaAreaRaw ?? ""),
                           options: [Option("", "Not tagged")] + PreparingForAdulthoodArea.allCases.map { Option($0.rawValue, $0.label) })
                } + [button("Save the areas", secondary: true)]))
            }
        }
        content.append(h2("Activity history", id: "history"))
        if d.spells.isEmpty { content.append(p("No activity recorded.")) } else {
            let codes = NCCISCodeSet.bundled(for: today)
            content.append(table(caption: "Activities, latest first", captionSize: "s", headers: ["From", "Activity", "Hours a week", "Provider or employer", "Source", "Confirmed"],
                                 rows: d.spells.map { s in
                [TableCell(text: s.startOn.longFormat), TableCell(text: codes[s.code]?.title ?? String(s.code)), TableCell(text: s.hours.map(String.init) ?? ""),
                 TableCell(text: [s.providerRef, s.employer].compactMap { $0 }.joined(separator: ", ")),
                 TableCell(text: Post16Source(rawValue: s.source)?.label ?? s.source), TableCell(text: s.confirmedOn.longFormat)]
            }))
            content.append(postForm(action: SiteURL.post16PersonPart(.value(r.id!), .confirm).path, csrfToken: csrf, [
                button("Confirm the current activity today", secondary: true)]))
        }
        let codes = NCCISCodeSet.bundled(for: today)
        content += [h2("Record an activity", id: "record-activity"),
                    p("A new activity takes over from the one before on its start date. Hours are needed for part-time education and for work with study; the employer for an apprenticeship, traineeship or supported internship."),
                    postForm(action: SiteURL.post16PersonPart(.value(r.id!), .activities).path, csrfToken: csrf, [
            select(Field(name: "code", label: "Activity", value: activity.code ?? "", error: errors.message(for: "code")),
                   options: [Option("", "Choose an activity")] + codes.sorted.map { Option(String($0.code), $0.title) }),
            dateInput(Field(name: "start", label: "Start date", value: activity.start ?? "", hint: "For example, 7 9 2026", error: errors.message(for: "start"))),
            dateInput(Field(name: "confirmed", label: "Date it was confirmed", value: activity.confirmed ?? today.description, error: errors.message(for: "confirmed"))),
            textInput(Field(name: "hours", label: "Hours a week (if needed)", value: activity.hours ?? "", error: errors.message(for: "hours"),
                            widthClass: "govuk-input--width-3", inputMode: "numeric")),
            textInput(Field(name: "provider", label: "Provider's UKPRN or URN (optional)", value: activity.provider ?? "", error: errors.message(for: "provider"),
                            widthClass: "govuk-input--width-10", inputMode: "numeric")),
            textInput(Field(name: "employer", label: "Employer (for an apprenticeship, traineeship or supported internship)", value: activity.employer ?? "",
                            error: errors.message(for: "employer"))),
            select(Field(name: "source", label: "Who told us", value: activity.source ?? Post16Source.youthWorker.rawValue, error: errors.message(for: "source")),
                   options: Post16Source.allCases.filter { $0 != .imported }.map { Option($0.rawValue, $0.label) }),
            button("Record the activity"),
        ])]
        content.append(h2("September Guarantee offers", id: "offers"))
        if d.offers.isEmpty { content.append(p("No offers recorded.")) } else {
            content.append(table(caption: "Offers", captionSize: "s", headers: ["Guarantee", "Provider", "Course", "Level", "Status"], rows: d.offers.map { o in
                [TableCell(text: "\(o.cohort.label), September \(o.guaranteeYear)"), TableCell(text: o.provider), TableCell(text: o.course),
                 TableCell(text: o.level), TableCell(tag(o.status.label, o.status.isLive ? .green : .grey))]
            }))
            let changeable = d.offers.filter { o in SeptemberGuaranteeOfferStatus.Action.allCases.contains { o.status.next($0) != nil } }
            if !changeable.isEmpty {
                content.append(postForm(action: SiteURL.post16PersonPart(.value(r.id!), .offerStatus).path, csrfToken: csrf, [
                    select(Field(name: "offer", label: "Offer", id: "offer-choice"), options: changeable.map { Option($0.id!.uuidString, "\($0.provider): \($0.course) (\($0.status.label))") }),
                    select(Field(name: "action", label: "What happened", id: "offer-action"),
                           options: [Option("accept", "Accepted"), Option("decline", "Declined"), Option("withdraw", "Withdrawn by the provider"), Option("start", "Started")]),
                    button("Update the offer", secondary: true),
                ]))
            }
        }
        content += [h3("Record an offer"), postForm(action: SiteURL.post16PersonPart(.value(r.id!), .offers).path, csrfToken: csrf, [
            radios(Field(name: "cohort", label: "Guarantee", value: offer.cohort ?? "", error: errors.message(for: "cohort")),
                   options: SeptemberGuaranteeCohort.allCases.map { Option($0.rawValue, $0.label) }, inline: true),
            textInput(Field(name: "provider", label: "Provider", value: offer.provider ?? "", error: errors.message(for: "offer-provider"), id: "offer-provider")),
            textInput(Field(name: "course", label: "Course or place", value: offer.course ?? "", error: errors.message(for: "course"))),
            select(Field(name: "level", label: "Level", value: offer.level ?? "", error: errors.message(for: "level")),
                   options: [Option("", "Choose a level")] + ["Entry level", "Level 1", "Level 2", "Level 3", "Supported internship", "Apprenticeship"].map { Option($0, $0) }),
            button("Record the offer"),
        ])]
        content.append(h2("Contacts", id: "contacts"))
        if d.contacts.isEmpty { content.append(p("No contacts logged.")) } else {
            content.append(table(caption: "Contacts, latest first", captionSize: "s", headers: ["Date", "How", "Note", "By"], rows: d.contacts.map { c in
                [TableCell(text: c.contactedOn.longFormat), TableCell(text: c.method), TableCell(text: c.note), TableCell(text: c.recordedBy)]
            }))
        }
        content += [h3("Log a contact"), postForm(action: SiteURL.post16PersonPart(.value(r.id!), .contacts).path, csrfToken: csrf, [
            dateInput(Field(name: "on", label: "Date of the contact", value: contact.on ?? today.description, error: errors.message(for: "on"))),
            select(Field(name: "method", label: "How", value: contact.method ?? "", error: errors.message(for: "method")),
                   options: [Option("", "Choose how")] + Post16Controller.contactMethods.map { Option($0, $0) }),
            textarea(Field(name: "note", label: "What was said or done", value: contact.note ?? "", error: errors.message(for: "note"))),
            button("Log the contact"),
        ])]
        return content
    }

    static func h3(_ text: String) -> HTMLNode { el("h3", [.cls("govuk-heading-s")], text: text) }

    // MARK: the September Guarantee

    static func guarantee(year: Int, today: CalendarDate, noOffer: [(Post16Person, SeptemberGuaranteeCohort)], noOfferTotal: Int,
                          followUp: [(Post16Person, SeptemberGuaranteeCohort)], followUpTotal: Int) -> [HTMLNode] {
        func rows(_ list: [(Post16Person, SeptemberGuaranteeCohort)]) -> [[TableCell]] {
            list.map { p, c in [TableCell(link(p.fullName, href: SiteURL.post16Person(.value(p.id)).path)), TableCell(text: c.label),
                                TableCell(text: p.dateOfBirth.longFormat), TableCell(text: p.hasEHCPlan ? "Yes" : "No")] }
        }
        let deadline = SeptemberGuarantee.deadline(year: year)
        var content: [HTMLNode] = [
            h1("September Guarantee \(year)", caption: "Post-16 tracking"),
            p("Every young person finishing Year 11, and again Year 12, should have an offer of a suitable place by \(deadline.longFormat). The no-offer list is worked from \(SeptemberGuarantee.queueOpens(year: year).longFormat)."),
            getForm(action: SiteURL.post16Part(.guarantee).path, [
                textInput(Field(name: "year", label: "Guarantee year", value: String(year), widthClass: "govuk-input--width-4", inputMode: "numeric")),
                button("Show", secondary: true)]),
        ]
        if today > deadline && noOfferTotal > 0 { content.append(warningText("\(noOfferTotal) young people had no offer by the deadline.")) }
        content.append(noOffer.isEmpty ? p("Everyone in Year 11 and Year 12 has an offer.")
                       : table(caption: "No offer: \(noOfferTotal)\(noOfferTotal > noOffer.count ? " (first \(noOffer.count) shown)" : "")",
                               headers: ["Name", "Guarantee", "Date of birth", "EHC plan"], rows: rows(noOffer)))
        content.append(followUp.isEmpty ? p("No one with an offer is without a September start.")
                       : table(caption: "Offer but no September start: \(followUpTotal)\(followUpTotal > followUp.count ? " (first \(followUp.count) shown)" : "")",
                               headers: ["Name", "Guarantee", "Date of birth", "EHC plan"], rows: rows(followUp)))
        return content
    }

    // MARK: the figures

    static func figureCells(_ label: String, _ f: NEETFigures) -> [TableCell] {
        [TableCell(text: label), TableCell(text: String(f.cohort), numeric: true), TableCell(text: String(f.eet), numeric: true),
         TableCell(text: String(f.neet), numeric: true), TableCell(text: String(f.notKnown), numeric: true), TableCell(text: String(f.excluded), numeric: true),
         TableCell(text: "\(f.neetPercent)%", numeric: true), TableCell(text: "\(f.notKnownPercent)%", numeric: true), TableCell(text: "\(f.neetOrNotKnownPercent)%", numeric: true)]
    }
    static let figureHeaders = ["Group", "Cohort", "EET", "NEET", "Not known", "Excluded", "NEET %", "Not known %", "NEET or not known %"]

    static func figures(month: NCCISMonth, series: [NEETFigures], groups: [(String, NEETFigures)], districts: [(String, NEETFigures)],
                        headline: NEETHeadline, today: CalendarDate) -> [HTMLNode] {
        [
            h1("NEET and not known", caption: "Academic age 16–17 on \(month.lastDay.longFormat)"),
            p("Percentages are of the cohort less those excluded (custody), to one decimal place. Currency periods are the documented defaults, not the MI requirement's own (they were not retrieved): education 365 days, employment and training 183, NEET 91. They are data, set per MI year."),
            getForm(action: SiteURL.post16Part(.figures).path, [
                textInput(Field(name: "month", label: "Month", value: month.description, hint: "YYYY-MM, for example 2026-11", widthClass: "govuk-input--width-5")),
                button("Show", secondary: true)]),
            h2("The last 24 months"),
            .raw(lineChart(series)),
            table(caption: "NEET and not-known rates by month", captionSize: "s", headers: ["Month"] + Array(figureHeaders.dropFirst()), numericColumns: Set(1...8),
                  rows: series.map { figureCells($0.month.longName, $0) }),
            h2("Headline"),
            p("The headline for \(headline.year) is the mean of the end-of-month rates for \(headline.snapshots.map(\.month.longName).joined(separator: ", ")) (rulebook P16-5; the months are configuration, the default December to February): NEET \(headline.neetPercent)%, not known \(headline.notKnownPercent)%, NEET or not known \(headline.neetOrNotKnownPercent)%."),
            table(caption: "By SEN status and vulnerable group, \(month.longName)", captionSize: "s", headers: figureHeaders, numericColumns: Set(1...8),
                  rows: groups.map { figureCells($0.0, $0.1) }),
            table(caption: "By postcode district, \(month.longName)", captionSize: "s", headers: ["District"] + Array(figureHeaders.dropFirst()), numericColumns: Set(1...8),
                  rows: districts.map { figureCells($0.0, $0.1) }),
        ]
    }

    /// Two lines (NEET, not known) over the months, as SVG with its own title; the table beside it holds every figure.
    static func lineChart(_ series: [NEETFigures]) -> String {
        let width = 640, height = 260, left = 50, right = 20, top = 20, bottom = 40
        let values = series.flatMap { [$0.neetPercent.value, $0.notKnownPercent.value] }
        let maxTenths = max(50, ((values.max() ?? 0) + 49) / 50 * 50)
        func x(_ i: Int) -> Int { left + (series.count <= 1 ? 0 : i * (width - left - right) / (series.count - 1)) }
        func y(_ v: Int) -> Int { top + (height - top - bottom) - v * (height - top - bottom) / maxTenths }
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"neet-chart-title\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" class=\"app-line-chart\">",
                     "<title id=\"neet-chart-title\">NEET and not-known rates over the last \(series.count) months; the table below gives each figure</title>"]
        for step in 0...4 {
            let v = maxTenths * step / 4
            parts.append("<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(v))\" y2=\"\(y(v))\" stroke=\"#b1b4b6\" stroke-width=\"1\"></line>")
            parts.append("<text x=\"\(left - 6)\" y=\"\(y(v) + 5)\" font-size=\"13\" text-anchor=\"end\" fill=\"#0b0c0c\">\(Tenths(v))%</text>")
        }
        for (i, f) in series.enumerated() where i % 3 == 0 || i == series.count - 1 {
            parts.append("<text x=\"\(x(i))\" y=\"\(height - bottom + 18)\" font-size=\"12\" text-anchor=\"middle\" fill=\"#0b0c0c\">\(Escape.text(f.month.shortName))</text>")
        }
        let lines: [(String, String, String, (NEETFigures) -> Int)] = [("NEET", "#d4351c", "", { $0.neetPercent.value }), ("Not known", "#1d70b8", "6 4", { $0.notKnownPercent.value })]
        for (n, line) in lines.enumerated() {
            let points = series.enumerated().map { "\(x($0.offset)),\(y(line.3($0.element)))" }.joined(separator: " ")
            parts.append("<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(line.1)\" stroke-width=\"3\"\(line.2.isEmpty ? "" : " stroke-dasharray=\"\(line.2)\"")></polyline>")
            parts.append("<text x=\"\(left + 10 + n * 140)\" y=\"\(height - 6)\" font-size=\"14\" fill=\"\(line.1)\">\(line.0)\(line.2.isEmpty ? " (solid)" : " (dashed)")</text>")
        }
        parts.append("</svg>")
        return parts.joined()
    }

    // MARK: the NCCIS return

    static func nccis(month: NCCISMonth, file: NCCISReturn, problems: [NCCISReturn.Problem], figures: NEETFigures, today: CalendarDate, csrf: String,
                      banner text: String?) -> [HTMLNode] {
        var content: [HTMLNode] = [
            banner(text),
            h1("NCCIS monthly return", caption: month.longName),
            p("One record for each young person in the tracking cohort on \(month.lastDay.longFormat): academic age 16–17, EHC plan holders to 25, and Year 11 from January. The file is checked before it can be downloaded. ⚠ The MI requirement's own layout was not retrieved, so the file holds the fields its datasets list, one row each."),
            getForm(action: SiteURL.post16Part(.nccis).path, [
                textInput(Field(name: "month", label: "Month", value: month.description, hint: "YYYY-MM, for example 2026-11", widthClass: "govuk-input--width-5")),
                button("Check the return", secondary: true)]),
            summaryList([SummaryRow("Records", text: String(file.records.count)), SummaryRow("Academic age 16–17", text: String(figures.cohort)),
                         SummaryRow("NEET", text: "\(figures.neet) (\(figures.neetPercent)%)"), SummaryRow("Not known", text: "\(figures.notKnown) (\(figures.notKnownPercent)%)"),
                         SummaryRow("Checks", problems.isEmpty ? tag("Valid", .green) : tag("\(problems.count) problems", .red))]),
        ]
        if problems.isEmpty {
            content.append(p([link("Download the return for \(month.longName) (CSV)", href: SiteURL.post16Part(.nccisCSV).path(["month": month.description]))]))
        } else {
            content.append(warningText("The return cannot be downloaded until these are fixed."))
            let names = Dictionary(file.records.map { ($0.reference, "\($0.forename) \($0.surname)") }, uniquingKeysWith: { a, _ in a })
            content.append(table(caption: "Problems", captionSize: "s", headers: ["Line", "Young person", "Problem"], rows: problems.prefix(200).map { pr in
                [TableCell(text: String(pr.line)), TableCell(text: names[pr.reference] ?? pr.reference), TableCell(text: pr.message)]
            }))
        }
        content += [h2("Bring in children's records"),
                    p("Adds every child Continuum holds who is now in the cohort, and updates their EHC plan and SEN status."),
                    postForm(action: SiteURL.post16Part(.refresh).path, csrfToken: csrf, [button("Update the cohort from children's records", secondary: true)])]
        return content
    }

    // MARK: the upload

    static func upload(csrf: String, errors: [FormError], summary: Post16Importer.Summary?) -> [HTMLNode] {
        var content: [HTMLNode] = []
        if let summary { content.append(panel(title: "File imported", body: summary.line)) }
        content += [
            h1("Import young people and activities", caption: "Post-16 tracking"),
            p("A CSV from a school, a college or an old tracking system, with the header \(Post16ImportFile.header.joined(separator: ",")). One row per activity spell; a young person with no known activity has one row with the activity columns empty. Dates are YYYY-MM-DD and has_ehc_plan is true or false."),
            p("Young people are matched by UPN, or by ULN where there is no UPN. Importing the same file again changes nothing. A file with any problem is refused whole, with the line of each; someone outside the cohort is kept and flagged."),
            postForm(action: SiteURL.post16Part(.upload).path, csrfToken: csrf, enctype: "multipart/form-data", [
                textInput(Field(name: "file", label: "Post-16 CSV file", hint: "Up to 40 MB", error: errors.message(for: "file"), type: "file")),
                button("Import the file"),
            ]),
        ]
        return content
    }
}
