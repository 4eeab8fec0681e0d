import Foundation
import GOVUK
import ContinuumDomain

/// Outreach commissioning's pages (issue 16 part 3).
enum OutreachPages {
    /// `done` is anyone's to write: it only ever picks one of these fixed sentences.
    static func banner(_ raw: String?) -> HTMLNode {
        let text: String?
        switch raw {
        case "provider": text = "Provider added"
        case "provider-invited": text = "Provider added, and its contact emailed a link to set up an account to bid"
        case "request": text = "Request for outreach sent to the council"
        case "bid": text = "Bid submitted"
        case "scored": text = "Your scores are saved. Other panel members cannot see them until moderation"
        case "moderated": text = "Agreed scores recorded"
        case "awarded": text = "Award made and contract recorded"
        case "visit": text = "Visit logged"
        case let raw? where OutreachRoundStatus(rawValue: raw) != nil: text = "The round is now: \(OutreachRoundStatus(rawValue: raw)!.label.lowercased())"
        default: text = nil
        }
        return text.map { notificationBanner(heading: $0) } ?? .empty
    }

    static func statusTag(_ status: OutreachRoundStatus) -> HTMLNode {
        let colour: TagColour
        switch status {
        case .draft: colour = .grey
        case .open: colour = .green
        case .closed, .scoring, .moderation: colour = .yellow
        case .decided: colour = .blue
        case .published: colour = .purple
        }
        return tag(status.label, colour)
    }

    static func field(_ form: [String: String], _ name: String) -> String { form[name] ?? "" }

    // MARK: home

    struct Home {
        let role: Role
        let today: CalendarDate
        let form: OutreachController.Form
        let errors: [FormError]
        let csrf: String
        let banner: String?
        var rounds: [OutreachRound] = []
        var providers: [OutreachProvider] = []
        var contracts: [OutreachContract] = []
        var requests: [OutreachRequestRecord] = []
        var bids: [OutreachBid] = []
        var provider: OutreachProvider? = nil
        var school: Establishment? = nil
    }

    static func home(_ v: Home) -> [HTMLNode] {
        var content: [HTMLNode] = [banner(v.banner), h1("Outreach", caption: v.provider?.name)]
        let e = v.errors, f = v.form
        if OutreachAccess.reportReaders.contains(v.role) {
            content.append(p([link("Spend, schools reached, outcomes and contracts ending", href: SiteURL.outreachPart(.reports).path)]))
        }
        switch v.role {
        case .provider where v.provider == nil:
            content.append(p("Your account is not linked to an outreach provider. Ask the council's outreach team to link it."))
        case .provider:
            content.append(p("Bid for the council's outreach commissioning rounds, see your contracts and log your visits to schools."))
            content.append(table(caption: "Commissioning rounds", captionSize: "s", headers: ["Round", "Status", "Bids close"], rows: v.rounds.map { r in
                [TableCell(link(r.title, href: SiteURL.outreachRound(.value(r.id!)).path)), TableCell(statusTag(r.status)), TableCell(text: r.closesOn.longFormat)]
            }))
            content.append(table(caption: "Your bids", captionSize: "s", headers: ["Round", "Lot", "Price", "Submitted"], numericColumns: [2], rows: v.bids.map { b in
                [TableCell(text: b.round.title), TableCell(link(b.lot.name, href: SiteURL.outreachBid(.value(b.id!)).path, visuallyHiddenSuffix: ": your bid")),
                 TableCell(text: b.price.display, numeric: true), TableCell(text: b.submittedOn.longFormat)]
            }))
            content.append(contractsTable(v.contracts, today: v.today, providerColumn: false))
        case .schoolUser:
            content += requestForm(f, e, csrf: v.csrf, school: v.school)
            content.append(requestsTable(v.requests))
        case .administrator, .caseworker:
            content.append(h2("Commissioning rounds", id: "rounds"))
            content.append(table(caption: "Rounds", captionSize: "s", headers: ["Round", "Number", "Status", "Opens", "Closes"], numericColumns: [1], rows: v.rounds.map { r in
                [TableCell(link(r.title, href: SiteURL.outreachRound(.value(r.id!)).path)), TableCell(text: String(r.roundNumber), numeric: true),
                 TableCell(statusTag(r.status)), TableCell(text: r.opensOn.longFormat), TableCell(text: r.closesOn.longFormat)]
            }))
            content.append(h2("Start a commissioning round", size: "s"))
            content.append(postForm(action: SiteURL.outreachPart(.rounds).path, csrfToken: v.csrf, [
                textInput(Field(name: "title", label: "Title", value: f.title ?? "", error: e.message(for: "title"))),
                textInput(Field(name: "number", label: "Round number", value: f.number ?? "1", error: e.message(for: "number"), widthClass: "govuk-input--width-3", inputMode: "numeric")),
                dateInput(Field(name: "opens", label: "Bids open", value: f.opens ?? "", error: e.message(for: "opens"))),
                dateInput(Field(name: "closes", label: "Bids close", value: f.closes ?? "", hint: "A hard deadline: no bid is taken after this day", error: e.message(for: "closes"))),
                dateInput(Field(name: "evaluation", label: "The panel meets", value: f.evaluation ?? "", error: e.message(for: "evaluation"))),
                dateInput(Field(name: "publication", label: "The outcome is published", value: f.publication ?? "", error: e.message(for: "publication"))),
                button("Start the round"),
            ]))
            content.append(h2("Providers", id: "providers"))
            content.append(table(caption: "Outreach providers", captionSize: "s", headers: ["Provider", "Type", "Contact", "Areas of need"], rows: v.providers.map { p in
                [TableCell(text: p.name), TableCell(text: p.type.label), TableCell(text: [p.contactName, p.contactEmail].compactMap { $0 }.joined(separator: ", ")),
                 TableCell(text: p.areas ?? "")]
            }))
            content.append(h2("Add a provider", size: "s"))
            content.append(postForm(action: SiteURL.outreachPart(.providers).path, csrfToken: v.csrf, [
                textInput(Field(name: "name", label: "Name", value: f.name ?? "", error: e.message(for: "name"))),
                radios(Field(name: "type", label: "Type", value: f.type ?? "", error: e.message(for: "type")), options: OutreachProviderType.allCases.map { Option($0.rawValue, $0.label) }),
                textInput(Field(name: "contact", label: "Contact name (optional)", value: f.contact ?? "", error: e.message(for: "contact"))),
                textInput(Field(name: "email", label: "Contact email (optional)", value: f.email ?? "", error: e.message(for: "email"), type: "email", spellcheck: false)),
                textInput(Field(name: "areas", label: "Areas of need (optional)", value: f.areas ?? "", hint: "For example, autism, SEMH", error: e.message(for: "areas"))),
                checkboxes(Field(name: "invite", label: "Account", error: e.message(for: "invite")),
                           options: [Option("yes", "Email the contact a link to set up an account to bid (they see only their own bids and contracts)")],
                           selected: f.invite == "yes" ? ["yes"] : []),
                button("Add the provider"),
            ]))
            content.append(h2("Contracts", id: "contracts"))
            content.append(contractsTable(v.contracts, today: v.today, providerColumn: true))
            content.append(h2("Requests for outreach", id: "requests"))
            content += requestForm(f, e, csrf: v.csrf, school: nil)
            content.append(requestsTable(v.requests))
        default: break
        }
        return content
    }

    static func contractsTable(_ contracts: [OutreachContract], today: CalendarDate, providerColumn: Bool) -> HTMLNode {
        table(caption: providerColumn ? "Contracts" : "Your contracts", captionSize: "s",
              headers: (providerColumn ? ["Provider"] : []) + ["Lot", "Value", "From", "To", "Status"], numericColumns: [providerColumn ? 2 : 1], rows: contracts.map { c in
            let ending = OutreachContracts.endsWithinThreeMonths(end: c.endsOn, today: today)
            let status = c.endsOn < today ? tag("Ended", .grey) : (ending ? tag("Ends within 3 months", .orange) : tag("Running", .green))
            return (providerColumn ? [TableCell(text: c.provider.name)] : [])
                + [TableCell(link(c.lot.name, href: SiteURL.outreachContract(.value(c.id!)).path, visuallyHiddenSuffix: ": contract")),
                   TableCell(text: c.amount.display, numeric: true), TableCell(text: c.startsOn.longFormat), TableCell(text: c.endsOn.longFormat), TableCell(status)]
        })
    }

    static func requestForm(_ f: OutreachController.Form, _ e: [FormError], csrf: String, school: Establishment?) -> [HTMLNode] {
        [h2("Ask for outreach", size: "s"), postForm(action: SiteURL.outreachPart(.requests).path, csrfToken: csrf, [
            school.map { p("For \($0.name) (URN \($0.urn)).") } ?? textInput(Field(name: "school", label: "School's URN", value: f.school ?? "",
                                                                                     error: e.message(for: "school"), widthClass: "govuk-input--width-10", inputMode: "numeric")),
            textarea(Field(name: "needs", label: "What support is needed", value: f.needs ?? "", error: e.message(for: "needs")), rows: 3),
            textInput(Field(name: "upn", label: "A named pupil's UPN (optional)", value: f.upn ?? "", hint: "Only with the agreement of the parent or carer, or the young person",
                            error: e.message(for: "upn"), widthClass: "govuk-input--width-20", spellcheck: false)),
            checkboxes(Field(name: "consent", label: "Consent", error: e.message(for: "consent")),
                       options: [Option("yes", "The parent or carer (or the young person) has agreed to the pupil being named to an outreach provider")],
                       selected: f.consent == "yes" ? ["yes"] : []),
            button("Send the request"),
        ])]
    }

    static func requestsTable(_ requests: [OutreachRequestRecord]) -> HTMLNode {
        table(caption: "Requests", captionSize: "s", headers: ["Date", "School", "Support needed", "Pupil named"], rows: requests.map { r in
            [TableCell(text: r.requestedOn.longFormat), TableCell(text: r.establishment.name), TableCell(text: r.needs), TableCell(text: r.childID == nil ? "No" : "Yes, with consent")]
        })
    }

    // MARK: a round

    static func round(_ d: OutreachController.RoundData, role: Role, userID: UUID, provider: OutreachProvider?, today: CalendarDate, form f: OutreachController.Form,
                      bid b: OutreachBidsController.BidForm, errors e: [FormError], csrf: String, banner raw: String?) -> [HTMLNode] {
        let r = d.round, officer = OutreachAccess.officers.contains(role)
        var content: [HTMLNode] = [banner(raw), h1(r.title, caption: "Outreach commissioning round \(r.roundNumber)"),
            summaryList([SummaryRow("Status", statusTag(r.status)), SummaryRow("Bids open", text: r.opensOn.longFormat),
                         SummaryRow("Bids close", text: r.closesOn.longFormat), SummaryRow("The panel meets", text: r.evaluationOn.longFormat),
                         SummaryRow("The outcome is published", text: r.publicationOn.longFormat)])]
        if r.status == .published { content.append(p([link("The published outcome", href: SiteURL.outreachRoundPart(.value(r.id!), .outcome).path)])) }
        content.append(h2("Lots", id: "lots"))
        content.append(table(caption: "Lots and budgets", captionSize: "s", headers: ["Lot", "Budget", "Awarded", "Left"], numericColumns: [1, 2, 3], rows: d.lots.map { lot in
            let awarded = d.awarded(lot)
            return [TableCell(text: lot.name), TableCell(text: lot.budget.display, numeric: true), TableCell(text: awarded.display, numeric: true),
                    TableCell(text: (lot.budget - awarded).display, numeric: true)]
        }))
        content.append(h2("Criteria", id: "criteria"))
        content.append(table(caption: "Evaluation criteria (weights total \(d.criteria.reduce(0) { $0 + $1.weight })%)", captionSize: "s",
                             headers: ["Criterion", "Weight", "Highest score", "Guidance"], numericColumns: [1, 2], rows: d.criteria.map { c in
            [TableCell(text: c.name), TableCell(text: "\(c.weight)%", numeric: true), TableCell(text: String(c.maxScore), numeric: true), TableCell(text: c.guidance ?? "")]
        }))
        if officer && r.status == .draft {
            content.append(postForm(action: SiteURL.outreachRoundPart(.value(r.id!), .lots).path, csrfToken: csrf, [
                textInput(Field(name: "lot", label: "Lot: area of need or district", value: f.lot ?? "", error: e.message(for: "lot"))),
                textInput(Field(name: "budget", label: "The lot's budget, in pounds", value: f.budget ?? "", error: e.message(for: "budget"), widthClass: "govuk-input--width-10", inputMode: "decimal")),
                button("Add the lot", secondary: true),
            ]))
            content.append(postForm(action: SiteURL.outreachRoundPart(.value(r.id!), .criteria).path, csrfToken: csrf, [
                textInput(Field(name: "criterion", label: "Criterion", value: f.criterion ?? "", error: e.message(for: "criterion"))),
                textInput(Field(name: "weight", label: "Weight, in percent", value: f.weight ?? "", error: e.message(for: "weight"), widthClass: "govuk-input--width-3", inputMode: "numeric")),
                textInput(Field(name: "maxscore", label: "Highest score", value: f.maxscore ?? "5", error: e.message(for: "maxscore"), widthClass: "govuk-input--width-3", inputMode: "numeric")),
                textInput(Field(name: "guidance", label: "Guidance for the panel (optional)", value: f.guidance ?? "", error: e.message(for: "guidance"))),
                button("Add the criterion", secondary: true),
            ]))
        }
        if officer {
            content.append(h2("Evaluation panel", id: "panel"))
            content.append(table(caption: "Panel members", captionSize: "s", headers: ["Name"], rows: d.panel.map { [TableCell(text: $0.name)] }))
            if [.draft, .open, .closed].contains(r.status) {
                content.append(postForm(action: SiteURL.outreachRoundPart(.value(r.id!), .panel).path, csrfToken: csrf, [
                    select(Field(name: "member", label: "Add a member of staff to the panel", value: f.member ?? "", error: e.message(for: "member")),
                           options: [Option("", "Choose a member of staff")] + d.staff.filter { s in !d.panel.contains { $0.userID == s.id } }.map { Option($0.id!.uuidString, $0.displayName) }),
                    button("Add to the panel", secondary: true),
                ]))
            }
            content.append(h2("Bids", id: "bids"))
            content.append(bidsTable(d, showScores: r.status.scoresVisibleToPanel, userID: userID))
            if let next = r.status.following {
                content.append(postForm(action: SiteURL.outreachRoundPart(.value(r.id!), .status).path, csrfToken: csrf, [
                    el("div", [.id("status")], []),
                    hiddenInput(name: "status", value: next.rawValue),
                    button(next == .published ? "Publish the outcome and tell every bidder" : "Move the round to: \(next.label.lowercased())"),
                ]))
            }
            if r.status == .published {
                let unawarded = d.lots.filter { lot in !d.contracts.contains { $0.$lot.id == lot.id } }
                if !unawarded.isEmpty {
                    content.append(postForm(action: SiteURL.outreachRoundPart(.value(r.id!), .reopen).path, csrfToken: csrf, [
                        el("div", [.id("reopen")], [p("Not awarded: \(unawarded.map(\.name).joined(separator: ", ")).")]),
                        button("Start a second round for the lots not awarded", secondary: true),
                    ]))
                }
            }
        } else if role == .provider {
            content.append(h2("Your bids", id: "bids"))
            content.append(table(caption: "Your bids in this round", captionSize: "s", headers: ["Lot", "Price", "Schools", "Hours"], numericColumns: [1, 2, 3], rows: d.bids.map { bid in
                [TableCell(link(d.lots.first { $0.id == bid.$lot.id }?.name ?? "Lot", href: SiteURL.outreachBid(.value(bid.id!)).path, visuallyHiddenSuffix: ": your bid")),
                 TableCell(text: bid.price.display, numeric: true), TableCell(text: String(bid.schools), numeric: true), TableCell(text: String(bid.hours), numeric: true)]
            }))
            if r.status.takesBids {
                content.append(h2("Make a bid", size: "s"))
                content.append(postForm(action: SiteURL.outreachRoundPart(.value(r.id!), .bid).path, csrfToken: csrf, [
                    select(Field(name: "lot", label: "Lot", value: b.lot ?? "", error: e.message(for: "lot")),
                           options: [Option("", "Choose a lot")] + d.lots.map { Option($0.id!.uuidString, "\($0.name) (budget \($0.budget.display))") }),
                    textInput(Field(name: "price", label: "Price, in pounds", value: b.price ?? "", error: e.message(for: "price"), widthClass: "govuk-input--width-10", inputMode: "decimal")),
                    textInput(Field(name: "schools", label: "Schools you can support", value: b.schools ?? "", error: e.message(for: "schools"), widthClass: "govuk-input--width-5", inputMode: "numeric")),
                    textInput(Field(name: "hours", label: "Hours of support", value: b.hours ?? "", error: e.message(for: "hours"), widthClass: "govuk-input--width-5", inputMode: "numeric")),
                    textarea(Field(name: "method", label: "Method statement", value: b.method ?? "", hint: "How you will deliver the support, and how you will know it worked",
                                   error: e.message(for: "method")), rows: 6),
                    button("Submit the bid"),
                ]))
            } else {
                content.append(p(r.status == .published ? "The outcome has been published." : "This round is not taking bids."))
                if !e.isEmpty { content.append(el("div", [.id("price")], [])) }
            }
        }
        content.append(p([link("Back to outreach", href: SiteURL.outreach.path)]))
        return content
    }

    static func bidsTable(_ d: OutreachController.RoundData, showScores: Bool, userID: UUID) -> HTMLNode {
        table(caption: "Bids received (\(d.bids.count))", captionSize: "s",
              headers: ["Provider", "Lot", "Price", "Schools", "Hours", showScores ? "Weighted score" : "Your scoring", "Award"], numericColumns: [2, 3, 4, 5], rows: d.bids.map { bid in
            let mine = d.criteria.allSatisfy { c in d.scores.contains { $0.$bid.id == bid.id && $0.assessorID == userID && $0.$criterion.id == c.id } }
            let awarded = d.contracts.first { $0.$bid.id == bid.id }
            return [TableCell(link(d.providers[bid.$provider.id]?.name ?? "Provider", href: SiteURL.outreachBid(.value(bid.id!)).path)),
                    TableCell(text: d.lots.first { $0.id == bid.$lot.id }?.name ?? ""), TableCell(text: bid.price.display, numeric: true),
                    TableCell(text: String(bid.schools), numeric: true), TableCell(text: String(bid.hours), numeric: true),
                    TableCell(text: showScores ? OutreachScoring.display(d.weighted(bid)) : (mine ? "Scored" : "Not scored yet"), numeric: showScores),
                    TableCell(awarded.map { tag("Awarded \($0.amount.display)", .green) } ?? txt(""))]
        })
    }

    // MARK: a bid

    static func bid(_ bid: OutreachBid, data d: OutreachController.RoundData, role: Role, userID: UUID, form: [String: String], errors e: [FormError],
                    csrf: String, banner raw: String?) -> [HTMLNode] {
        let r = d.round, officer = OutreachAccess.officers.contains(role)
        let lot = d.lots.first { $0.id == bid.$lot.id }
        let contract = d.contracts.first { $0.$bid.id == bid.id }
        var content: [HTMLNode] = [banner(raw), h1("Bid from \(d.providers[bid.$provider.id]?.name ?? "a provider")", caption: "\(r.title): \(lot?.name ?? "")"),
            summaryList([SummaryRow("Round", statusTag(r.status)), SummaryRow("Lot", text: lot.map { "\($0.name) (budget \($0.budget.display))" } ?? ""),
                         SummaryRow("Price", text: bid.price.display), SummaryRow("Schools", text: String(bid.schools)), SummaryRow("Hours", text: String(bid.hours)),
                         SummaryRow("Submitted", text: bid.submittedOn.longFormat),
                         SummaryRow("Outcome", contract.map { tag("Awarded \($0.amount.display)", .green) } ?? (r.status == .published ? tag("Not awarded", .grey) : tag("Not decided", .yellow)))]),
            h2("Method statement", size: "s"), el("p", [.cls("govuk-body"), Attr("style", "white-space: pre-wrap")], text: bid.methodStatement)]
        if let contract { content.append(p([link("The contract", href: SiteURL.outreachContract(.value(contract.id!)).path)])) }
        guard officer else { return content + [p([link("Back to outreach", href: SiteURL.outreach.path)])] }
        let onPanel = d.panel.contains { $0.userID == userID }
        // Scores: in scoring, the panel member's own; from moderation, everyone's beside the agreed score.
        content.append(h2("Scores", id: "scores"))
        if r.status.scoresVisibleToPanel {
            content.append(table(caption: "The panel's scores", captionSize: "s", headers: ["Criterion"] + d.panel.map(\.name) + ["Mean", "Agreed", "Reason"],
                                 numericColumns: Set(1...(d.panel.count + 2)), rows: d.criteria.map { c in
                let values = d.panel.map { m in d.scores.first { $0.$bid.id == bid.id && $0.assessorID == m.userID && $0.$criterion.id == c.id }?.score }
                let agreed = d.moderations.first { $0.$bid.id == bid.id && $0.$criterion.id == c.id }
                return [TableCell(text: "\(c.name) (\(c.weight)%, out of \(c.maxScore))")] + values.map { TableCell(text: $0.map(String.init) ?? "–", numeric: true) }
                    + [TableCell(text: OutreachScoring.meanDisplay(values.compactMap { $0 }), numeric: true), TableCell(text: agreed.map { String($0.score) } ?? "–", numeric: true),
                       TableCell(text: agreed?.reason ?? "")]
            }))
            content.append(p("Weighted score from the agreed scores: \(OutreachScoring.display(d.weighted(bid))) out of 100."))
        } else {
            content.append(p("Scores are blind: each panel member sees only their own until moderation."))
        }
        if r.status.takesScores && onPanel {
            let mine = d.scores.filter { $0.$bid.id == bid.id && $0.assessorID == userID }
            content.append(postForm(action: SiteURL.outreachBidPart(.value(bid.id!), .score).path, csrfToken: csrf, d.criteria.enumerated().flatMap { n, c -> [HTMLNode] in
                let saved = mine.first { $0.$criterion.id == c.id }
                return [textInput(Field(name: "score-\(n + 1)", label: "\(c.name): your score, 0 to \(c.maxScore)", value: form["score-\(n + 1)"] ?? saved.map { String($0.score) } ?? "",
                                        hint: c.guidance, error: e.message(for: "score-\(n + 1)"), widthClass: "govuk-input--width-3", inputMode: "numeric")),
                        textInput(Field(name: "comment-\(n + 1)", label: "\(c.name): comment (optional)", value: form["comment-\(n + 1)"] ?? saved?.comment ?? "",
                                        error: e.message(for: "comment-\(n + 1)")))]
            } + [button("Save my scores")]))
        } else if r.status.takesScores {
            content.append(p("Only the round's panel members score bids."))
            if !e.isEmpty { content.append(el("div", [.id("score-1")], [])) }
        }
        if r.status.takesModeration {
            content.append(h2("Moderation", size: "s"))
            content.append(postForm(action: SiteURL.outreachBidPart(.value(bid.id!), .moderate).path, csrfToken: csrf, d.criteria.enumerated().flatMap { n, c -> [HTMLNode] in
                let agreed = d.moderations.first { $0.$bid.id == bid.id && $0.$criterion.id == c.id }
                return [textInput(Field(name: "agreed-\(n + 1)", label: "\(c.name): agreed score, 0 to \(c.maxScore)", value: form["agreed-\(n + 1)"] ?? agreed.map { String($0.score) } ?? "",
                                        error: e.message(for: "agreed-\(n + 1)"), widthClass: "govuk-input--width-3", inputMode: "numeric")),
                        textInput(Field(name: "agreed-\(n + 1)-reason", label: "\(c.name): the reason", value: form["agreed-\(n + 1)-reason"] ?? agreed?.reason ?? "",
                                        error: e.message(for: "agreed-\(n + 1)-reason")))]
            } + [button("Record the agreed scores")]))
        }
        if r.status.takesAwards && contract == nil, let lot {
            content.append(h2("Award", size: "s"))
            content.append(p("\(lot.name): \(d.awarded(lot).display) of \(lot.budget.display) awarded so far. A partial award is allowed; the total must stay within the budget."))
            content.append(postForm(action: SiteURL.outreachBidPart(.value(bid.id!), .award).path, csrfToken: csrf, [
                textInput(Field(name: "amount", label: "Amount awarded, in pounds", value: form["amount"] ?? bid.price.decimal, error: e.message(for: "amount"),
                                widthClass: "govuk-input--width-10", inputMode: "decimal")),
                dateInput(Field(name: "start", label: "Contract starts", value: form["start"] ?? "", error: e.message(for: "start"))),
                dateInput(Field(name: "end", label: "Contract ends", value: form["end"] ?? "", error: e.message(for: "end"))),
                textarea(Field(name: "schools", label: "Schools to be supported", value: form["schools"] ?? "", hint: "Their URNs, separated by commas",
                               error: e.message(for: "schools")), rows: 2),
                button("Make the award"),
            ]))
        }
        if !e.isEmpty && !r.status.takesModeration && !(r.status.takesAwards && contract == nil) && !(r.status.takesScores) {
            // The error summary's links need a target even when the form is not shown at this stage.
            for error in e { content.append(el("div", [.id(error.field)], [])) }
        }
        content.append(p([link("Back to the round", href: SiteURL.outreachRound(.value(r.id!)).path)]))
        return content
    }

    // MARK: the published outcome

    static func outcome(_ d: OutreachController.RoundData) -> [HTMLNode] {
        let r = d.round
        var content: [HTMLNode] = [h1("Outcome: \(r.title)", caption: r.publishedOn.map { "Published on \($0.longFormat)" } ?? "Not yet published")]
        content.append(table(caption: "Awards", captionSize: "s", headers: ["Lot", "Provider", "Amount", "From", "To"], numericColumns: [2], rows: d.contracts.map { c in
            [TableCell(text: d.lots.first { $0.id == c.$lot.id }?.name ?? ""), TableCell(text: d.providers[c.$provider.id]?.name ?? ""),
             TableCell(text: c.amount.display, numeric: true), TableCell(text: c.startsOn.longFormat), TableCell(text: c.endsOn.longFormat)]
        }))
        let unawarded = d.lots.filter { lot in !d.contracts.contains { $0.$lot.id == lot.id } }
        content.append(p(unawarded.isEmpty ? "Every lot was awarded." : "Not awarded in this round: \(unawarded.map(\.name).joined(separator: ", "))."))
        return content
    }

    // MARK: a contract

    static func contract(_ c: OutreachContract, provider: OutreachProvider?, lot: OutreachLot?, schools: [Establishment], visits: [OutreachVisit], canLog: Bool,
                         today: CalendarDate, form: [String: String], errors e: [FormError], csrf: String, banner raw: String?) -> [HTMLNode] {
        let names = Dictionary(uniqueKeysWithValues: schools.map { ($0.urn, $0.name) })
        var content: [HTMLNode] = [banner(raw), h1("Outreach contract", caption: provider?.name),
            summaryList([SummaryRow("Lot", text: lot?.name ?? ""), SummaryRow("Value", text: c.amount.display), SummaryRow("From", text: c.startsOn.longFormat),
                         SummaryRow("To", text: c.endsOn.longFormat + (OutreachContracts.endsWithinThreeMonths(end: c.endsOn, today: today) ? " (ends within 3 months)" : "")),
                         SummaryRow("Schools", text: c.urns.map { urn in names[urn].map { "\($0) (\(urn))" } ?? String(urn) }.joined(separator: "; "))])]
        content.append(table(caption: "Visits (\(visits.count)), \(visits.reduce(0) { $0 + $1.hours }) hours", captionSize: "s",
                             headers: ["Date", "School", "Type", "Hours", "Outcome", "Support given"], numericColumns: [3], rows: visits.map { v in
            [TableCell(text: v.visitedOn.longFormat), TableCell(text: names[v.establishmentURN] ?? String(v.establishmentURN)), TableCell(text: v.type.label),
             TableCell(text: String(v.hours), numeric: true), TableCell(text: v.outcome.label), TableCell(text: v.support)]
        }))
        if canLog {
            content.append(h2("Log a visit", size: "s"))
            content.append(postForm(action: SiteURL.outreachContractPart(.value(c.id!), .visits).path, csrfToken: csrf, [
                select(Field(name: "school", label: "School", value: form["school"] ?? "", error: e.message(for: "school")),
                       options: [Option("", "Choose a school")] + schools.map { Option(String($0.urn), "\($0.name) (\($0.urn))") }),
                dateInput(Field(name: "visit", label: "Date of the visit", value: form["visit"] ?? "", error: e.message(for: "visit"))),
                radios(Field(name: "type", label: "Type of visit", value: form["type"] ?? "", error: e.message(for: "type")), options: OutreachVisitType.allCases.map { Option($0.rawValue, $0.label) }),
                textInput(Field(name: "hours", label: "Hours of support", value: form["hours"] ?? "", error: e.message(for: "hours"), widthClass: "govuk-input--width-3", inputMode: "numeric")),
                radios(Field(name: "outcome", label: "Outcome", value: form["outcome"] ?? "", error: e.message(for: "outcome")), options: OutreachOutcome.allCases.map { Option($0.rawValue, $0.label) }),
                textarea(Field(name: "support", label: "Support given", value: form["support"] ?? "", hint: "No pupil's name: say what was done with the school",
                               error: e.message(for: "support")), rows: 4),
                button("Log the visit"),
            ]))
        }
        content.append(p([link("Back to outreach", href: SiteURL.outreach.path)]))
        return content
    }

    // MARK: reports

    static func reports(rounds: [OutreachRound], lots: [OutreachLot], contracts: [OutreachContract], visits: [OutreachVisit], today: CalendarDate) -> [HTMLNode] {
        let titles = Dictionary(uniqueKeysWithValues: rounds.map { ($0.id!, $0.title) })
        var content: [HTMLNode] = [h1("Outreach reports")]
        content.append(table(caption: "Spend against budget by lot", captionSize: "s", headers: ["Round", "Lot", "Budget", "Awarded", "Left"], numericColumns: [2, 3, 4], rows: lots.map { lot in
            let awarded = contracts.filter { $0.$lot.id == lot.id }.reduce(Money.zero) { $0 + $1.amount }
            return [TableCell(text: titles[lot.$round.id] ?? ""), TableCell(text: lot.name), TableCell(text: lot.budget.display, numeric: true),
                    TableCell(text: awarded.display, numeric: true), TableCell(text: (lot.budget - awarded).display, numeric: true)]
        }))
        let reached = Set(visits.map(\.establishmentURN))
        content.append(summaryList([SummaryRow("Schools reached (visited at least once)", text: String(reached.count)),
                                    SummaryRow("Visits", text: String(visits.count)), SummaryRow("Hours of support", text: String(visits.reduce(0) { $0 + $1.hours }))]))
        content.append(table(caption: "Outcomes of visits", captionSize: "s", headers: ["Outcome", "Visits"], numericColumns: [1], rows: OutreachOutcome.allCases.map { o in
            [TableCell(text: o.label), TableCell(text: String(visits.filter { $0.outcome == o }.count), numeric: true)]
        }))
        let ending = contracts.filter { OutreachContracts.endsWithinThreeMonths(end: $0.endsOn, today: today) }.sorted { $0.endsOn < $1.endsOn }
        content.append(table(caption: "Contracts ending within three months (\(ending.count))", captionSize: "s", headers: ["Provider", "Value", "Ends"], numericColumns: [1], rows: ending.map { c in
            [TableCell(text: c.provider.name), TableCell(text: c.amount.display, numeric: true), TableCell(text: c.endsOn.longFormat)]
        }))
        return content
    }
}
