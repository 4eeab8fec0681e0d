import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Outreach commissioning (issue 16 part 3, OUT-1 to OUT-5): the outreach home for each role, providers, rounds with
/// their lots, criteria and panel, the round's one status transition, reopening unawarded lots, the published outcome,
/// requests for outreach, and the reports. Pipe: decode → scoped load → domain rule → save with its audit row → page.
struct OutreachController {
    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .outreach, roles: OutreachAccess.everyone, use: home)
        routes.secure(.POST, .outreachPart(.providers), roles: OutreachAccess.officers, use: addProvider)
        routes.secure(.POST, .outreachPart(.rounds), roles: OutreachAccess.officers, use: addRound)
        routes.secure(.POST, .outreachPart(.requests), roles: OutreachAccess.requesters, use: addRequest)
        routes.secure(.GET, .outreachPart(.reports), roles: OutreachAccess.reportReaders, use: reports)
        routes.secure(.GET, .outreachRound(.key), roles: OutreachAccess.roundReaders, use: round)
        routes.secure(.POST, .outreachRoundPart(.key, .lots), roles: OutreachAccess.officers, use: addLot)
        routes.secure(.POST, .outreachRoundPart(.key, .criteria), roles: OutreachAccess.officers, use: addCriterion)
        routes.secure(.POST, .outreachRoundPart(.key, .panel), roles: OutreachAccess.officers, use: addPanelMember)
        routes.secure(.POST, .outreachRoundPart(.key, .status), roles: OutreachAccess.officers, use: moveOn)
        routes.secure(.POST, .outreachRoundPart(.key, .reopen), roles: OutreachAccess.officers, use: reopen)
        routes.secure(.GET, .outreachRoundPart(.key, .outcome), roles: OutreachAccess.everyone, use: outcome)
        OutreachBidsController().register(routes)
    }

    struct Form: Content {
        var name: String?; var type: String?; var contact: String?; var email: String?; var areas: String?
        var title: String?; var number: String?; var opens: String?; var closes: String?; var evaluation: String?; var publication: String?
        var lot: String?; var budget: String?
        var criterion: String?; var weight: String?; var maxscore: String?; var guidance: String?
        var member: String?; var status: String?
        var school: String?; var upn: String?; var consent: String?; var needs: String?
        var invite: String?
    }

    // MARK: home

    @Sendable func home(_ req: Request, _ principal: Principal) async throws -> Response {
        try await homePage(req, principal, form: Form(), errors: [], status: .ok)
    }

    func homePage(_ req: Request, _ principal: Principal, form: Form, errors: [FormError], status: HTTPStatus) async throws -> Response {
        let a = principal.authorityID
        var view = OutreachPages.Home(role: principal.role, today: .today(), form: form, errors: errors, csrf: principal.csrfToken,
                                      banner: req.query[String.self, at: "done"])
        let rounds = try await OutreachRound.query(on: req.db).filter(\.$authority.$id == a).sort(\.$opensOn, .descending).all()
        switch principal.role {
        case .provider:
            // An account not (or no longer) linked to a provider sees the page with nothing of anyone's.
            guard let provider = try await OutreachAccess.provider(for: principal, db: req.db) else { break }
            view.provider = provider
            view.rounds = rounds.filter { $0.status != .draft }
            view.bids = try await OutreachBid.query(on: req.db).filter(\.$provider.$id == provider.id!).with(\.$lot).with(\.$round).all()
            view.contracts = try await OutreachContract.query(on: req.db).filter(\.$provider.$id == provider.id!).with(\.$lot).all()
        case .schoolUser:
            if let school = principal.schoolID {
                view.requests = try await OutreachRequestRecord.query(on: req.db).filter(\.$authority.$id == a).filter(\.$establishment.$id == school)
                    .sort(\.$requestedOn, .descending).with(\.$establishment).all()
                view.school = try await Establishment.find(school, on: req.db)
            }
        case .administrator, .caseworker:
            view.rounds = rounds
            view.providers = try await OutreachProvider.query(on: req.db).filter(\.$authority.$id == a).sort(\.$name).all()
            view.contracts = try await OutreachContract.query(on: req.db).filter(\.$authority.$id == a).with(\.$lot).with(\.$provider).sort(\.$endsOn).all()
            view.requests = try await OutreachRequestRecord.query(on: req.db).filter(\.$authority.$id == a).sort(\.$requestedOn, .descending)
                .with(\.$establishment).range(..<200).all()
        default: break
        }
        return .html(HTMLPage(title: "Outreach", chrome: try await req.chrome(for: principal, current: .outreach), errors: errors,
                              content: OutreachPages.home(view)), status: status)
    }

    // MARK: providers

    @Sendable func addProvider(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(Form.self)) ?? Form()
        let names = Set(try await OutreachProvider.query(on: req.db).filter(\.$authority.$id == principal.authorityID).all(\.$name).map { $0.lowercased() })
        switch OutreachProviderEntry.make(name: form.name, type: form.type, contactName: form.contact, contactEmail: form.email, areas: form.areas, existingNames: names) {
        case let .failure(problems):
            return try await homePage(req, principal, form: form, errors: problems.formErrors, status: .unprocessableEntity)
        case let .success(entry):
            // OUT-2: providers bid through an account of their own. Inviting the contact makes a `provider` account with a
            // one-time set-up link through the outbox, linked to this provider and nothing else.
            var invitation: UserCreation.Input?
            if form.invite == "yes" {
                switch try await UserCreation.validate(email: entry.contactEmail, displayName: entry.contactName ?? entry.name, role: Role.provider.rawValue,
                                                       schoolURN: nil, on: req.db) {
                case let .valid(input): invitation = input
                case let .invalid(found):
                    let errors = found.map { FormError(field: $0.field == "displayName" ? "contact" : $0.field == "email" ? "email" : "invite",
                                                       message: $0.field == "email" && entry.contactEmail == nil ? "Enter the contact's email address to invite them to bid" : $0.message) }
                    return try await homePage(req, principal, form: form, errors: errors, status: .unprocessableEntity)
                }
            }
            let row = OutreachProvider()
            row.$authority.id = principal.authorityID; row.name = entry.name; row.typeRaw = entry.type.rawValue
            row.contactName = entry.contactName; row.contactEmail = entry.contactEmail; row.areas = entry.areas
            let council = try await req.application.branding.brand(for: principal.authorityID, on: req.db).name
            let config = req.application.continuumConfiguration
            let invite = invitation
            try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
                try await row.create(on: db)
                var entries = [AuditEntry(action: "outreach.provider.created", entityType: "outreach_provider", entityID: row.id?.uuidString, detail: entry.type.rawValue)]
                if let invite {
                    let (invited, rows) = try await UserInvitation.invite(invite, parent: nil, authorityID: principal.authorityID, councilName: council, config: config, on: db)
                    let link = OutreachProviderUser(); link.userID = invited.userID; link.$provider.id = row.id!
                    try await link.create(on: db)
                    entries += rows
                }
                return (entries, ())
            }
            return req.redirect(to: SiteURL.outreach.path(["done": invite == nil ? "provider" : "provider-invited"]))
        }
    }

    // MARK: rounds

    @Sendable func addRound(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(Form.self)) ?? Form()
        switch OutreachRoundSettings.make(title: form.title, roundNumber: form.number, opens: form.opens, closes: form.closes,
                                          evaluation: form.evaluation, publication: form.publication) {
        case let .failure(problems):
            return try await homePage(req, principal, form: form, errors: problems.formErrors, status: .unprocessableEntity)
        case let .success(settings):
            let row = OutreachRound()
            row.$authority.id = principal.authorityID; row.title = settings.title; row.roundNumber = settings.roundNumber
            row.statusRaw = OutreachRoundStatus.draft.rawValue; row.opensOn = settings.dates.opens; row.closesOn = settings.dates.closes
            row.evaluationOn = settings.dates.evaluation; row.publicationOn = settings.dates.publication; row.createdBy = principal.email
            try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
                try await row.create(on: db)
                return ([AuditEntry(action: "outreach.round.created", entityType: "outreach_round", entityID: row.id?.uuidString, detail: settings.title)], ())
            }
            return req.redirect(to: SiteURL.outreachRound(.value(row.id!)).path)
        }
    }

    /// Everything a round's page shows, in a fixed number of queries whatever the number of lots, bids or scores.
    struct RoundData {
        var round: OutreachRound
        var lots: [OutreachLot] = []
        var criteria: [OutreachCriterionRecord] = []
        var panel: [OutreachPanelMember] = []
        var bids: [OutreachBid] = []
        var scores: [OutreachScore] = []
        var moderations: [OutreachModeration] = []
        var contracts: [OutreachContract] = []
        var providers: [UUID: OutreachProvider] = [:]
        var staff: [User] = []

        func awarded(_ lot: OutreachLot) -> Money { contracts.filter { $0.$lot.id == lot.id }.reduce(.zero) { $0 + $1.amount } }
        var allScored: Bool {
            !panel.isEmpty && bids.allSatisfy { bid in
                panel.allSatisfy { member in criteria.allSatisfy { c in scores.contains { $0.$bid.id == bid.id && $0.assessorID == member.userID && $0.$criterion.id == c.id } } }
            }
        }
        /// OUT-3: the weighted total from the moderated scores.
        func weighted(_ bid: OutreachBid) -> Int? {
            OutreachScoring.weightedHundredths(criteria: criteria.map(\.criterion), scores: criteria.map { c in
                moderations.first { $0.$bid.id == bid.id && $0.$criterion.id == c.id }?.score
            })
        }
    }

    static func load(_ round: OutreachRound, db: any Database, withStaff: Bool = false) async throws -> RoundData {
        let id = try round.requireID()
        var data = RoundData(round: round)
        data.lots = try await OutreachLot.query(on: db).filter(\.$round.$id == id).sort(\.$position).all()
        data.criteria = try await OutreachCriterionRecord.query(on: db).filter(\.$round.$id == id).sort(\.$position).all()
        data.panel = try await OutreachPanelMember.query(on: db).filter(\.$round.$id == id).sort(\.$name).all()
        data.bids = try await OutreachBid.query(on: db).filter(\.$round.$id == id).sort(\.$submittedOn).all()
        data.scores = try await OutreachScore.query(on: db).join(OutreachBid.self, on: \OutreachScore.$bid.$id == \OutreachBid.$id)
            .filter(OutreachBid.self, \.$round.$id == id).all()
        data.moderations = try await OutreachModeration.query(on: db).join(OutreachBid.self, on: \OutreachModeration.$bid.$id == \OutreachBid.$id)
            .filter(OutreachBid.self, \.$round.$id == id).all()
        data.contracts = try await OutreachContract.query(on: db).filter(\.$round.$id == id).all()
        for provider in try await OutreachProvider.query(on: db).filter(\.$authority.$id == round.$authority.id).all() { data.providers[provider.id!] = provider }
        if withStaff {
            data.staff = try await User.query(on: db).filter(\.$authority.$id == round.$authority.id)
                .filter(\.$roleRaw ~~ OutreachAccess.officers.map(\.rawValue)).filter(\.$disabledAt == nil).sort(\.$displayName).all()
        }
        return data
    }

    @Sendable func round(_ req: Request, _ principal: Principal) async throws -> Response {
        try await roundPage(req, principal, try await OutreachAccess.round(req, principal), form: Form(), bid: .init(), errors: [], status: .ok)
    }

    func roundPage(_ req: Request, _ principal: Principal, _ round: OutreachRound, form: Form, bid: OutreachBidsController.BidForm,
                   errors: [FormError], status: HTTPStatus) async throws -> Response {
        var data = try await Self.load(round, db: req.db, withStaff: OutreachAccess.officers.contains(principal.role))
        let provider = try await OutreachAccess.provider(for: principal, db: req.db)
        if principal.role == .provider {
            // A provider sees its own bids only, and nothing of the panel's work.
            data.bids = data.bids.filter { $0.$provider.id == provider?.id }
            data.scores = []; data.moderations = []; data.panel = []
        }
        let content = OutreachPages.round(data, role: principal.role, userID: principal.userID, provider: provider, today: .today(), form: form, bid: bid,
                                          errors: errors, csrf: principal.csrfToken, banner: req.query[String.self, at: "done"])
        return .html(HTMLPage(title: round.title, chrome: try await req.chrome(for: principal, current: .outreach), errors: errors, content: content), status: status)
    }

    func refuse(_ req: Request, _ principal: Principal, _ round: OutreachRound, _ form: Form, _ errors: [FormError]) async throws -> Response {
        try await roundPage(req, principal, round, form: form, bid: .init(), errors: errors, status: .unprocessableEntity)
    }

    @Sendable func addLot(_ req: Request, _ principal: Principal) async throws -> Response {
        let round = try await OutreachAccess.round(req, principal)
        let form = (try? req.content.decode(Form.self)) ?? Form()
        guard round.status == .draft else { return try await refuse(req, principal, round, form, [FormError(field: "lot", message: "Lots can be added only while the round is a draft")]) }
        let lots = try await OutreachLot.query(on: req.db).filter(\.$round.$id == round.id!).all()
        switch OutreachLotEntry.make(name: form.lot, budget: form.budget, existingNames: Set(lots.map { $0.name.lowercased() })) {
        case let .failure(problems): return try await refuse(req, principal, round, form, problems.formErrors)
        case let .success(entry):
            let row = OutreachLot()
            row.$round.id = round.id!; row.name = entry.name; row.budgetPence = entry.budget.pence; row.position = lots.count + 1
            try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
                try await row.create(on: db)
                return ([AuditEntry(action: "outreach.lot.created", entityType: "outreach_round", entityID: round.id?.uuidString, detail: "\(entry.name) \(entry.budget.decimal)")], ())
            }
            return req.redirect(to: SiteURL.outreachRound(.value(round.id!)).path(fragment: "lots"))
        }
    }

    @Sendable func addCriterion(_ req: Request, _ principal: Principal) async throws -> Response {
        let round = try await OutreachAccess.round(req, principal)
        let form = (try? req.content.decode(Form.self)) ?? Form()
        guard round.status == .draft else {
            return try await refuse(req, principal, round, form, [FormError(field: "criterion", message: "Criteria can be added only while the round is a draft")])
        }
        let existing = try await OutreachCriterionRecord.query(on: req.db).filter(\.$round.$id == round.id!).all()
        switch OutreachCriterion.make(name: form.criterion, weight: form.weight, maxScore: form.maxscore, guidance: form.guidance, existing: existing.map(\.criterion)) {
        case let .failure(problems): return try await refuse(req, principal, round, form, problems.formErrors)
        case let .success(c):
            let row = OutreachCriterionRecord()
            row.$round.id = round.id!; row.name = c.name; row.weight = c.weightPercent; row.maxScore = c.maxScore; row.guidance = c.guidance
            row.position = existing.count + 1
            try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
                try await row.create(on: db)
                return ([AuditEntry(action: "outreach.criterion.created", entityType: "outreach_round", entityID: round.id?.uuidString,
                                    detail: "\(c.name) weight=\(c.weightPercent) max=\(c.maxScore)")], ())
            }
            return req.redirect(to: SiteURL.outreachRound(.value(round.id!)).path(fragment: "criteria"))
        }
    }

    @Sendable func addPanelMember(_ req: Request, _ principal: Principal) async throws -> Response {
        let round = try await OutreachAccess.round(req, principal)
        let form = (try? req.content.decode(Form.self)) ?? Form()
        guard [.draft, .open, .closed].contains(round.status) else {
            return try await refuse(req, principal, round, form, [FormError(field: "member", message: "The panel is fixed once scoring starts")])
        }
        guard let id = form.member.flatMap(UUID.init(uuidString:)),
              let user = try await User.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID)
                .filter(\.$roleRaw ~~ OutreachAccess.officers.map(\.rawValue)).first()
        else { return try await refuse(req, principal, round, form, [FormError(field: "member", message: "Select a member of staff for the panel")]) }
        if try await OutreachPanelMember.query(on: req.db).filter(\.$round.$id == round.id!).filter(\.$userID == id).count() > 0 {
            return try await refuse(req, principal, round, form, [FormError(field: "member", message: "\(user.displayName) is already on the panel")])
        }
        let row = OutreachPanelMember()
        row.$round.id = round.id!; row.userID = id; row.name = user.displayName
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await row.create(on: db)
            return ([AuditEntry(action: "outreach.panel.added", entityType: "outreach_round", entityID: round.id?.uuidString, detail: user.email)], ())
        }
        return req.redirect(to: SiteURL.outreachRound(.value(round.id!)).path(fragment: "panel"))
    }

    /// The round's one status transition (OutreachRoundStatus.next). Publishing the outcome tells every bidder through
    /// the outbox: the successful of their award, the unsuccessful with their feedback (the moderated scores' reasons).
    @Sendable func moveOn(_ req: Request, _ principal: Principal) async throws -> Response {
        let round = try await OutreachAccess.round(req, principal)
        let form = (try? req.content.decode(Form.self)) ?? Form()
        let data = try await Self.load(round, db: req.db)
        guard let to = OutreachRoundStatus(rawValue: form.status ?? "") else {
            return try await refuse(req, principal, round, form, [FormError(field: "status", message: "Choose the stage to move the round to")])
        }
        let from = round.status
        switch from.next(to, hasLots: !data.lots.isEmpty, hasCriteria: OutreachCriterion.weightsComplete(data.criteria.map(\.criterion)),
                         hasPanel: !data.panel.isEmpty, allScored: data.allScored) {
        case let .failure(problem): return try await refuse(req, principal, round, form, [problem.formError])
        case .success: break
        }
        let today = CalendarDate.today()
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            round.statusRaw = to.rawValue
            if to == .published { round.publishedOn = today }
            try await round.save(on: db)
            var entries = [AuditEntry(action: "outreach.round.\(to.rawValue)", entityType: "outreach_round", entityID: round.id?.uuidString, detail: "\(from.rawValue)→\(to.rawValue)")]
            if to == .published {
                for bid in data.bids {
                    guard let provider = data.providers[bid.$provider.id] else { continue }
                    let lot = data.lots.first { $0.id == bid.$lot.id }
                    let contract = data.contracts.first { $0.$bid.id == bid.id }
                    let subject: String, body: String
                    if let contract {
                        subject = "Outreach award: \(round.title)"
                        body = "Your bid for \(lot?.name ?? "the lot") has been awarded \(contract.amount.display), from \(contract.startsOn.longFormat) to \(contract.endsOn.longFormat). Sign in to Continuum and open Outreach to see the contract and log visits."
                    } else {
                        subject = "Outreach bid outcome: \(round.title)"
                        let reasons = data.criteria.compactMap { c in data.moderations.first { $0.$bid.id == bid.id && $0.$criterion.id == c.id }.map { "\(c.name): \($0.score) out of \(c.maxScore). \($0.reason)" } }
                        body = "Thank you for your bid for \(lot?.name ?? "the lot"). It was not successful this time. The panel's agreed scores and reasons:\n\n"
                            + reasons.joined(separator: "\n") + "\n\nWeighted total: \(OutreachScoring.display(data.weighted(bid))) out of 100."
                    }
                    for to in Set([bid.submittedBy] + (provider.contactEmail.map { [$0] } ?? [])) {
                        try await OutboxMessage(authorityID: principal.authorityID, to: to, subject: subject, body: body).create(on: db)
                    }
                    if contract == nil { bid.feedbackSentOn = today; try await bid.save(on: db) }
                    entries.append(AuditEntry(action: contract == nil ? "outreach.bid.feedback_sent" : "outreach.bid.award_sent", entityType: "outreach_bid", entityID: bid.id?.uuidString))
                }
            }
            return (entries, ())
        }
        return req.redirect(to: SiteURL.outreachRound(.value(round.id!)).path(["done": to.rawValue]))
    }

    /// OUT-1 "next round": a second round, a draft with the same criteria, reopening the lots the first did not award.
    @Sendable func reopen(_ req: Request, _ principal: Principal) async throws -> Response {
        let round = try await OutreachAccess.round(req, principal)
        let data = try await Self.load(round, db: req.db)
        let awarded = Set(data.contracts.map { $0.$lot.id })
        let unawarded = OutreachReopening.unawardedLots(data.lots.map { (id: $0.id!, name: $0.name, budget: $0.budget) }, awardedLotIDs: awarded)
        if let problem = OutreachReopening.canReopen(status: round.status, unawarded: unawarded.count) {
            return try await refuse(req, principal, round, Form(), [problem.formError])
        }
        let today = CalendarDate.today()
        let next = OutreachRound()
        next.$authority.id = principal.authorityID; next.title = "\(round.title): round \(round.roundNumber + 1)"; next.roundNumber = round.roundNumber + 1
        next.statusRaw = OutreachRoundStatus.draft.rawValue; next.reopensRoundID = round.id
        // Dates to be set by the officer: a month's bidding from today, as a starting point.
        next.opensOn = today; next.closesOn = today.adding(months: 1); next.evaluationOn = today.adding(months: 1).adding(days: 14)
        next.publicationOn = today.adding(months: 2); next.createdBy = principal.email
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await next.create(on: db)
            for (n, lot) in unawarded.enumerated() {
                let row = OutreachLot(); row.$round.id = next.id!; row.name = lot.name; row.budgetPence = lot.budget.pence; row.position = n + 1
                try await row.create(on: db)
            }
            for c in data.criteria {
                let row = OutreachCriterionRecord(); row.$round.id = next.id!; row.name = c.name; row.weight = c.weight; row.maxScore = c.maxScore
                row.guidance = c.guidance; row.position = c.position
                try await row.create(on: db)
            }
            return ([AuditEntry(action: "outreach.round.reopened", entityType: "outreach_round", entityID: next.id?.uuidString,
                                detail: "from \(round.id!.uuidString): \(unawarded.map(\.name).joined(separator: "; "))")], ())
        }
        return req.redirect(to: SiteURL.outreachRound(.value(next.id!)).path)
    }

    /// The published outcome: the awards by lot, and the lots not awarded. Nothing of the scores.
    @Sendable func outcome(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let id = req.parameters.get("roundID").flatMap(UUID.init(uuidString:)),
              let round = try await OutreachRound.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID).first(),
              round.status == .published || OutreachAccess.officers.contains(principal.role) else { throw Abort(.notFound) }
        let data = try await Self.load(round, db: req.db)
        return .html(HTMLPage(title: "Outcome: \(round.title)", chrome: try await req.chrome(for: principal, current: .outreach),
                              content: OutreachPages.outcome(data)))
    }

    // MARK: requests

    @Sendable func addRequest(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(Form.self)) ?? Form()
        var school: Establishment?
        if principal.role == .schoolUser {
            if let id = principal.schoolID { school = try await Establishment.find(id, on: req.db) }
        } else if let urn = Int((form.school ?? "").trimmingCharacters(in: .whitespaces)) {
            school = try await Establishment.query(on: req.db).filter(\.$urn == urn).first()
        }
        let upn = (form.upn ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        var errors: [FormError] = []
        switch OutreachRequestEntry.make(pupilNamed: !upn.isEmpty, consent: form.consent, needs: form.needs, schoolChosen: school != nil) {
        case let .failure(problems): errors = problems.formErrors
        case .success: break
        }
        // A named pupil must be one of the school's own, through the scoped repository: never another school's child.
        var child: Child?
        if !upn.isEmpty, let school {
            child = try await ChildRepository(principal: principal, db: req.db).scoped()?.filter(\.$upn == upn).filter(\.$homeSchool.$id == school.id!).first()
            if child == nil { errors.append(FormError(field: "upn", message: "No pupil of \(school.name) has the UPN \(upn)")) }
        }
        let named = child
        guard errors.isEmpty, let school, case let .success(entry) = OutreachRequestEntry.make(pupilNamed: named != nil, consent: form.consent, needs: form.needs, schoolChosen: true)
        else { return try await homePage(req, principal, form: form, errors: errors, status: .unprocessableEntity) }
        let row = OutreachRequestRecord()
        row.$authority.id = principal.authorityID; row.$establishment.id = school.id!; row.childID = named?.id; row.consent = named != nil
        row.needs = entry.needs; row.requestedBy = principal.email; row.requestedOn = .today()
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await row.create(on: db)
            var entry = AuditEntry(action: "outreach.request.created", entityType: "outreach_request", entityID: row.id?.uuidString, detail: "urn=\(school.urn)")
            entry.childID = named?.id
            return ([entry], ())
        }
        return req.redirect(to: SiteURL.outreach.path(["done": "request"]))
    }

    // MARK: reports

    @Sendable func reports(_ req: Request, _ principal: Principal) async throws -> Response {
        let a = principal.authorityID
        let rounds = try await OutreachRound.query(on: req.db).filter(\.$authority.$id == a).all()
        let ids = rounds.compactMap(\.id)
        let lots = ids.isEmpty ? [] : try await OutreachLot.query(on: req.db).filter(\.$round.$id ~~ ids).sort(\.$position).all()
        let contracts = try await OutreachContract.query(on: req.db).filter(\.$authority.$id == a).with(\.$provider).all()
        let visits = contracts.isEmpty ? [] : try await OutreachVisit.query(on: req.db).filter(\.$contract.$id ~~ contracts.compactMap(\.id)).all()
        try await AuditLog.record(AuditEntry(action: "outreach.reports.view", entityType: "report"), by: principal.auditActor, on: req.db)
        return .html(HTMLPage(title: "Outreach reports", chrome: try await req.chrome(for: principal, current: .outreach),
                              content: OutreachPages.reports(rounds: rounds, lots: lots, contracts: contracts, visits: visits, today: .today())))
    }
}
