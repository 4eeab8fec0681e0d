import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Bids, the panel's blind scoring, moderation, awards within each lot's budget, and contracts with the visits providers
/// log (OUT-2 to OUT-5). A provider reaches only its own bids and contracts; scores stay hidden from other panel
/// members until moderation (OutreachRoundStatus.scoresVisibleToPanel).
struct OutreachBidsController {
    func register(_ routes: any RoutesBuilder) {
        routes.secure(.POST, .outreachRoundPart(.key, .bid), roles: [.provider], use: submit)
        routes.secure(.GET, .outreachBid(.key), roles: OutreachAccess.roundReaders, use: bid)
        routes.secure(.POST, .outreachBidPart(.key, .score), roles: OutreachAccess.officers, use: score)
        routes.secure(.POST, .outreachBidPart(.key, .moderate), roles: OutreachAccess.officers, use: moderate)
        routes.secure(.POST, .outreachBidPart(.key, .award), roles: OutreachAccess.officers, use: award)
        routes.secure(.GET, .outreachContract(.key), roles: OutreachAccess.contractReaders, use: contract)
        routes.secure(.POST, .outreachContractPart(.key, .visits), roles: [.provider], use: logVisit)
    }

    struct BidForm: Content { var lot: String?; var price: String?; var schools: String?; var hours: String?; var method: String? }

    // MARK: a provider bids

    @Sendable func submit(_ req: Request, _ principal: Principal) async throws -> Response {
        let round = try await OutreachAccess.round(req, principal)
        let form = (try? req.content.decode(BidForm.self)) ?? BidForm()
        guard let provider = try await OutreachAccess.provider(for: principal, db: req.db) else { throw Abort(.notFound) }
        func refuse(_ errors: [FormError]) async throws -> Response {
            try await OutreachController().roundPage(req, principal, round, form: .init(), bid: form, errors: errors, status: .unprocessableEntity)
        }
        // OUT-3: bids only while the round is open, by its hard deadline.
        if let problem = OutreachBidEntry.windowProblem(status: round.status, opens: round.opensOn, closes: round.closesOn, today: .today()) {
            return try await refuse([problem.formError])
        }
        guard let lotID = form.lot.flatMap(UUID.init(uuidString:)),
              let lot = try await OutreachLot.query(on: req.db).filter(\.$id == lotID).filter(\.$round.$id == round.id!).first()
        else { return try await refuse([FormError(field: "lot", message: "Select the lot you are bidding for")]) }
        if try await OutreachBid.query(on: req.db).filter(\.$lot.$id == lotID).filter(\.$provider.$id == provider.id!).count() > 0 {
            return try await refuse([FormError(field: "lot", message: "You have already bid for \(lot.name): one bid per lot")])
        }
        switch OutreachBidEntry.make(price: form.price, schools: form.schools, hours: form.hours, method: form.method, lotBudget: lot.budget) {
        case let .failure(problems): return try await refuse(problems.formErrors)
        case let .success(entry):
            let row = OutreachBid()
            row.$round.id = round.id!; row.$lot.id = lotID; row.$provider.id = provider.id!; row.pricePence = entry.price.pence
            row.schools = entry.schools; row.hours = entry.hours; row.methodStatement = entry.methodStatement
            row.submittedOn = .today(); row.submittedBy = principal.email
            try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
                try await row.create(on: db)
                return ([AuditEntry(action: "outreach.bid.submitted", entityType: "outreach_bid", entityID: row.id?.uuidString,
                                    detail: "\(lot.name) price=\(entry.price.decimal) schools=\(entry.schools) hours=\(entry.hours)")], ())
            }
            return req.redirect(to: SiteURL.outreachBid(.value(row.id!)).path(["done": "bid"]))
        }
    }

    // MARK: the bid's page

    @Sendable func bid(_ req: Request, _ principal: Principal) async throws -> Response {
        let (bid, round, _) = try await OutreachAccess.bid(req, principal)
        return try await bidPage(req, principal, bid, round, form: [:], errors: [], status: .ok)
    }

    func bidPage(_ req: Request, _ principal: Principal, _ bid: OutreachBid, _ round: OutreachRound, form: [String: String], errors: [FormError],
                 status: HTTPStatus) async throws -> Response {
        var data = try await OutreachController.load(round, db: req.db)
        let officer = OutreachAccess.officers.contains(principal.role)
        // OUT-3: blind scoring. Until moderation a panel member sees only their own scores; a provider sees none at all.
        if !officer { data.scores = []; data.moderations = [] }
        else if !round.status.scoresVisibleToPanel { data.scores = data.scores.filter { $0.assessorID == principal.userID } }
        let content = OutreachPages.bid(bid, data: data, role: principal.role, userID: principal.userID, form: form, errors: errors,
                                        csrf: principal.csrfToken, banner: req.query[String.self, at: "done"])
        return .html(HTMLPage(title: "Bid: \(data.providers[bid.$provider.id]?.name ?? "provider")", chrome: try await req.chrome(for: principal, current: .outreach),
                              errors: errors, content: content), status: status)
    }

    /// The submitted form as plain strings (one score and comment per criterion), so a refused form shows what was typed.
    func fields(_ req: Request) -> [String: String] {
        (try? req.content.decode([String: String].self)) ?? [:]
    }

    // MARK: scoring

    @Sendable func score(_ req: Request, _ principal: Principal) async throws -> Response {
        let (bid, round, _) = try await OutreachAccess.bid(req, principal)
        let form = fields(req)
        let data = try await OutreachController.load(round, db: req.db)
        guard data.panel.contains(where: { $0.userID == principal.userID }) else {
            return try await bidPage(req, principal, bid, round, form: form, errors: [FormError(field: "score-1", message: "Only the round's panel members score bids")],
                                     status: .unprocessableEntity)
        }
        guard round.status.takesScores else {
            return try await bidPage(req, principal, bid, round, form: form,
                                     errors: [FormError(field: "score-1", message: "Scores are taken while the round is at panel scoring; it is \(round.status.label.lowercased())")],
                                     status: .unprocessableEntity)
        }
        var values: [(OutreachCriterionRecord, Int, String?)] = []
        var errors: [FormError] = []
        for (n, c) in data.criteria.enumerated() {
            switch OutreachScoring.score(form["score-\(n + 1)"], criterion: c.criterion, field: "score-\(n + 1)") {
            case let .success(value):
                let comment = form["comment-\(n + 1)"]?.trimmingCharacters(in: .whitespacesAndNewlines)
                if let comment, comment.count > 2000 { errors.append(FormError(field: "comment-\(n + 1)", message: "The comment must be 2,000 characters or fewer")) }
                values.append((c, value, comment?.isEmpty == false ? comment : nil))
            case let .failure(problem): errors.append(problem.formError)
            }
        }
        guard errors.isEmpty else { return try await bidPage(req, principal, bid, round, form: form, errors: errors, status: .unprocessableEntity) }
        let scored = values
        let mine = data.scores.filter { $0.$bid.id == bid.id && $0.assessorID == principal.userID }
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            for (c, value, comment) in scored {
                let row = mine.first { $0.$criterion.id == c.id } ?? OutreachScore()
                row.$bid.id = bid.id!; row.$criterion.id = c.id!; row.assessorID = principal.userID; row.assessorName = principal.displayName
                row.score = value; row.comment = comment
                try await row.save(on: db)
            }
            return ([AuditEntry(action: "outreach.bid.scored", entityType: "outreach_bid", entityID: bid.id?.uuidString,
                                detail: scored.map { "\($0.0.name)=\($0.1)" }.joined(separator: " "))], ())
        }
        return req.redirect(to: SiteURL.outreachBid(.value(bid.id!)).path(["done": "scored"]))
    }

    // MARK: moderation

    @Sendable func moderate(_ req: Request, _ principal: Principal) async throws -> Response {
        let (bid, round, _) = try await OutreachAccess.bid(req, principal)
        let form = fields(req)
        guard round.status.takesModeration else {
            return try await bidPage(req, principal, bid, round, form: form,
                                     errors: [FormError(field: "agreed-1", message: "Agreed scores are recorded at moderation; the round is \(round.status.label.lowercased())")],
                                     status: .unprocessableEntity)
        }
        let data = try await OutreachController.load(round, db: req.db)
        var agreed: [(OutreachCriterionRecord, Int, String)] = []
        var errors: [FormError] = []
        for (n, c) in data.criteria.enumerated() {
            switch OutreachScoring.moderation(score: form["agreed-\(n + 1)"], reason: form["agreed-\(n + 1)-reason"], criterion: c.criterion, field: "agreed-\(n + 1)") {
            case let .success((score, reason)): agreed.append((c, score, reason))
            case let .failure(problems): errors += problems.formErrors
            }
        }
        guard errors.isEmpty else { return try await bidPage(req, principal, bid, round, form: form, errors: errors, status: .unprocessableEntity) }
        let existing = data.moderations.filter { $0.$bid.id == bid.id }
        let settled = agreed
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            for (c, score, reason) in settled {
                let row = existing.first { $0.$criterion.id == c.id } ?? OutreachModeration()
                row.$bid.id = bid.id!; row.$criterion.id = c.id!; row.score = score; row.reason = reason; row.moderatedBy = principal.email
                try await row.save(on: db)
            }
            return ([AuditEntry(action: "outreach.bid.moderated", entityType: "outreach_bid", entityID: bid.id?.uuidString,
                                detail: settled.map { "\($0.0.name)=\($0.1)" }.joined(separator: " "))], ())
        }
        return req.redirect(to: SiteURL.outreachBid(.value(bid.id!)).path(["done": "moderated"]))
    }

    // MARK: the award, which is the contract

    @Sendable func award(_ req: Request, _ principal: Principal) async throws -> Response {
        let (bid, round, lot) = try await OutreachAccess.bid(req, principal)
        let form = fields(req)
        func refuse(_ errors: [FormError]) async throws -> Response {
            try await bidPage(req, principal, bid, round, form: form, errors: errors, status: .unprocessableEntity)
        }
        guard round.status.takesAwards else { return try await refuse([FormError(field: "amount", message: "Awards are made after moderation; the round is \(round.status.label.lowercased())")]) }
        let data = try await OutreachController.load(round, db: req.db)
        guard data.weighted(bid) != nil else { return try await refuse([FormError(field: "amount", message: "Record the agreed scores for every criterion before making an award")]) }
        if data.contracts.contains(where: { $0.$bid.id == bid.id }) { return try await refuse([FormError(field: "amount", message: "This bid has already been awarded")]) }
        var errors: [FormError] = []
        var amount: Money?
        switch OutreachAwards.check(amount: form["amount"], bidPrice: bid.price, lotName: lot.name, lotBudget: lot.budget, alreadyAwarded: data.awarded(lot)) {
        case let .success(value): amount = value
        case let .failure(problem): errors.append(problem.formError)
        }
        var checks = FormChecks()
        let start = checks.date(form["start"], field: "start", label: "the day the contract starts", today: .today(), allowFuture: true)
        let end = checks.date(form["end"], field: "end", label: "the day the contract ends", today: .today(), allowFuture: true)
        errors += checks.errors
        if let start, let end, let problem = OutreachContracts.datesProblem(start: start, end: end) { errors.append(problem.formError) }
        // The schools to be supported, by URN: each must be a school Continuum holds.
        let urns = (form["schools"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" || $0 == "\r" }).map(String.init)
        let numbers = urns.compactMap(Int.init)
        if urns.isEmpty { errors.append(FormError(field: "schools", message: "Enter the URNs of the schools to be supported, separated by commas")) }
        else if numbers.count != urns.count { errors.append(FormError(field: "schools", message: "Enter each school as its six-digit URN, like 116000")) }
        else {
            let known = Set(try await Establishment.query(on: req.db).filter(\.$urn ~~ numbers).all(\.$urn))
            let unknown = numbers.filter { !known.contains($0) }
            if !unknown.isEmpty { errors.append(FormError(field: "schools", message: "No school has the URN \(unknown.map(String.init).joined(separator: ", "))")) }
        }
        guard errors.isEmpty, let amount, let start, let end else { return try await refuse(errors) }
        let row = OutreachContract()
        row.$authority.id = principal.authorityID; row.$round.id = round.id!; row.$lot.id = lot.id!; row.$bid.id = bid.id!; row.$provider.id = bid.$provider.id
        row.amountPence = amount.pence; row.startsOn = start; row.endsOn = end; row.schoolURNs = Array(Set(numbers)).sorted().map(String.init).joined(separator: ",")
        row.awardedBy = principal.email
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await row.create(on: db)
            return ([AuditEntry(action: "outreach.bid.awarded", entityType: "outreach_contract", entityID: row.id?.uuidString,
                                detail: "\(lot.name) amount=\(amount.decimal) \(start)..\(end) schools=\(row.schoolURNs)")], ())
        }
        return req.redirect(to: SiteURL.outreachBid(.value(bid.id!)).path(["done": "awarded"]))
    }

    // MARK: contracts and visits

    @Sendable func contract(_ req: Request, _ principal: Principal) async throws -> Response {
        try await contractPage(req, principal, try await OutreachAccess.contract(req, principal), form: [:], errors: [], status: .ok)
    }

    func contractPage(_ req: Request, _ principal: Principal, _ contract: OutreachContract, form: [String: String], errors: [FormError],
                      status: HTTPStatus) async throws -> Response {
        let id = try contract.requireID()
        let visits = try await OutreachVisit.query(on: req.db).filter(\.$contract.$id == id).sort(\.$visitedOn, .descending).all()
        let schools = try await Establishment.query(on: req.db).filter(\.$urn ~~ contract.urns).sort(\.$name).all()
        let provider = try await OutreachProvider.find(contract.$provider.id, on: req.db)
        let lot = try await OutreachLot.find(contract.$lot.id, on: req.db)
        let content = OutreachPages.contract(contract, provider: provider, lot: lot, schools: schools, visits: visits, canLog: principal.role == .provider,
                                             today: .today(), form: form, errors: errors, csrf: principal.csrfToken, banner: req.query[String.self, at: "done"])
        return .html(HTMLPage(title: "Outreach contract", chrome: try await req.chrome(for: principal, current: .outreach), errors: errors, content: content), status: status)
    }

    @Sendable func logVisit(_ req: Request, _ principal: Principal) async throws -> Response {
        let contract = try await OutreachAccess.contract(req, principal)
        let form = fields(req)
        var errors: [FormError] = []
        let urn = Int((form["school"] ?? "").trimmingCharacters(in: .whitespaces))
        if urn == nil || !contract.urns.contains(urn!) { errors.append(FormError(field: "school", message: "Select a school the contract supports")) }
        var entry: OutreachVisitEntry?
        switch OutreachVisitEntry.make(date: form["visit"], type: form["type"], hours: form["hours"], outcome: form["outcome"], support: form["support"],
                                       contractStart: contract.startsOn, contractEnd: contract.endsOn, today: .today()) {
        case let .success(made): entry = made
        case let .failure(problems): errors += problems.formErrors
        }
        guard errors.isEmpty, let entry, let urn else { return try await contractPage(req, principal, contract, form: form, errors: errors, status: .unprocessableEntity) }
        let row = OutreachVisit()
        row.$contract.id = contract.id!; row.establishmentURN = urn; row.visitedOn = entry.date; row.typeRaw = entry.type.rawValue; row.hours = entry.hours
        row.outcomeRaw = entry.outcome.rawValue; row.support = entry.support; row.loggedBy = principal.email
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await row.create(on: db)
            return ([AuditEntry(action: "outreach.visit.logged", entityType: "outreach_contract", entityID: contract.id?.uuidString,
                                detail: "urn=\(urn) \(entry.date) \(entry.type.rawValue) hours=\(entry.hours) outcome=\(entry.outcome.rawValue)")], ())
        }
        return req.redirect(to: SiteURL.outreachContract(.value(contract.id!)).path(["done": "visit"]))
    }
}
