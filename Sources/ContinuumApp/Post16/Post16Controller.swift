import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The post-16 pages (issue 17): the tracking list, a young person's page with their activity, offers and contacts,
/// the September Guarantee lists, the NEET figures with their chart, the monthly NCCIS return and the upload.
/// Pipe: decode → load through `Post16Store` (scoped to the authority) → domain rule → save with its audit row → render.
struct Post16Controller {
    func register(_ routes: any RoutesBuilder) {
        let who = Post16Access.trackers
        routes.secure(.GET, .post16, roles: who, use: list)
        routes.secure(.GET, .post16Person(.key), roles: who, use: person)
        routes.secure(.POST, .post16PersonPart(.key, .activities), roles: who, use: recordActivity)
        routes.secure(.POST, .post16PersonPart(.key, .confirm), roles: who, use: confirmActivity)
        routes.secure(.POST, .post16PersonPart(.key, .offers), roles: who, use: recordOffer)
        routes.secure(.POST, .post16PersonPart(.key, .offerStatus), roles: who, use: changeOffer)
        routes.secure(.POST, .post16PersonPart(.key, .contacts), roles: who, use: logContact)
        routes.secure(.POST, .post16PersonPart(.key, .pfa), roles: who, use: tagOutcomes)
        routes.secure(.GET, .post16Part(.guarantee), roles: who, use: guarantee)
        routes.secure(.GET, .post16Part(.figures), roles: who, use: figures)
        routes.secure(.GET, .post16Part(.nccis), roles: who, use: nccis)
        routes.secure(.GET, .post16Part(.nccisCSV), roles: who, use: nccisCSV)
        routes.secure(.GET, .post16Part(.upload), roles: who, use: uploadPage)
        routes.secure(.POST, .post16Part(.upload), roles: who, body: .collect(maxSize: "41mb"), use: upload)
        routes.secure(.POST, .post16Part(.refresh), roles: who, use: refresh)
    }

    // MARK: the tracking list

    enum Filter: String, CaseIterable, Sendable {
        case all, eet, neet
        case notKnown = "not-known"
        case lapsing
        case noOffer = "no-offer"
        case flagged
        case planNEET = "plan-neet"

        var label: String {
            switch self {
            case .all: "Everyone tracked"
            case .eet: "In education, employment or training"
            case .neet: "NEET"
            case .notKnown: "Not known"
            case .lapsing: "Lapsing within 30 days"
            case .noOffer: "No September Guarantee offer"
            case .flagged: "Flagged at import (outside the cohort)"
            case .planNEET: "EHC plan and NEET: plan review needed"
            }
        }
    }

    struct Row: Sendable {
        let person: Post16Person
        let basis: Post16Cohort.Basis?
        let activity: Post16CurrentActivity
        let offered: Bool
    }

    static let pageSize = 100

    /// Three queries whatever the cohort's size: the people, their spells, and this year's offers.
    static func rows(authorityID: UUID, today: CalendarDate, db: any Database) async throws -> [Row] {
        let people = try await Post16Store.loadAll(authorityID: authorityID, db: db)
        let offers = try await Post16Store.offers(authorityID: authorityID, year: SeptemberGuarantee.year(on: today), db: db)
        let codes = NCCISCodeSet.bundled(for: today)
        return people.compactMap { p in
            let basis = Post16Cohort.basis(dateOfBirth: p.dateOfBirth, hasEHCPlan: p.hasEHCPlan, on: today)
            guard basis != nil || p.flag != nil else { return nil }
            return Row(person: p, basis: basis, activity: Post16Activity.on(today, spells: p.plainSpells, codes: codes),
                       offered: (offers[p.id] ?? []).contains { $0.status.isLive })
        }
    }

    static func matches(_ row: Row, _ filter: Filter, today: CalendarDate) -> Bool {
        switch filter {
        case .all: true
        case .eet: row.activity.countsAs == .participating
        case .neet: row.activity.countsAs == .neet
        case .notKnown: row.activity.countsAs == .notKnown
        case .lapsing: !row.activity.lapsed && row.activity.lapsesOn.map { $0 >= today && $0 <= today.adding(days: 30) } ?? false
        case .noOffer:
            Post16Cohort.guaranteeYearGroup(dateOfBirth: row.person.dateOfBirth, guaranteeYear: SeptemberGuarantee.year(on: today)) != nil && !row.offered
        case .flagged: row.person.flag != nil
        case .planNEET: row.person.hasEHCPlan && row.activity.countsAs == .neet
        }
    }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        let today = CalendarDate.today()
        let filter = req.query[String.self, at: "show"].flatMap(Filter.init(rawValue:)) ?? .all
        let search = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces).lowercased().prefix(100)
        let all = try await Self.rows(authorityID: principal.authorityID, today: today, db: req.db)
        var counts: [Filter: Int] = [:]
        for row in all { for f in Filter.allCases where Self.matches(row, f, today: today) { counts[f, default: 0] += 1 } }
        let chosen = all.filter { Self.matches($0, filter, today: today) }
            .filter { search.isEmpty || "\($0.person.forename) \($0.person.surname) \($0.person.upn ?? "") \($0.person.uln ?? "")".lowercased().contains(search) }
        let pages = max(1, (chosen.count + Self.pageSize - 1) / Self.pageSize)
        let page = min(max(1, req.query[Int.self, at: "page"] ?? 1), pages)
        let shown = Array(chosen.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize))
        try await AuditLog.record(ListAudit.entry("post16.list.view", entityType: "post16_young_person", children: shown.map(\.person.childID),
                                                  detail: "show=\(filter.rawValue) people=\(shown.count)"), by: principal.auditActor, on: req.db)
        let content = Post16Pages.list(shown, filter: filter, search: String(search), counts: counts, page: page, pages: pages, total: chosen.count, today: today,
                                       banner: DoneMessage.banner(for: req.query[String.self, at: "done"], notifyConfigured: false))
        return .html(HTMLPage(title: "Post-16 tracking", chrome: try await req.chrome(for: principal, current: .post16), content: content))
    }

    // MARK: one young person

    struct ActivityForm: Content {
        var code: String?; var start: String?; var confirmed: String?; var hours: String?; var provider: String?; var employer: String?; var source: String?
    }
    struct OfferForm: Content { var cohort: String?; var provider: String?; var course: String?; var level: String?; var status: String? }
    struct OfferStatusForm: Content { var offer: String?; var action: String? }
    struct ContactForm: Content { var on: String?; var method: String?; var note: String? }

    struct PersonData: Sendable {
        let record: YoungPerson
        let spells: [Post16SpellRecord]
        let offers: [Post16Offer]
        let contacts: [Post16Contact]
        /// The plan's named setting (section I) and its outcomes, for a plan holder whose child record Continuum holds.
        let placement: String?
        let outcomes: [EHCOutcome]
    }

    static func load(_ req: Request, _ principal: Principal) async throws -> PersonData {
        guard let id = req.parameters.get("youngPersonID", as: UUID.self),
              let record = try await Post16Store.find(id, authorityID: principal.authorityID, db: req.db) else { throw Abort(.notFound) }
        let spells = try await Post16SpellRecord.query(on: req.db).filter(\.$youngPerson.$id == id).sort(\.$startOn, .descending).all()
        let offers = try await Post16Offer.query(on: req.db).filter(\.$youngPerson.$id == id).sort(\.$recordedOn, .descending).all()
        let contacts = try await Post16Contact.query(on: req.db).filter(\.$youngPerson.$id == id).sort(\.$contactedOn, .descending).all()
        var placement: String?
        var outcomes: [EHCOutcome] = []
        if let child = record.childID {
            let inForce = [EHCStage.finalIssued, .underReview, .amendmentProposed].map(\.rawValue)
            if let plan = try await EHCCase.query(on: req.db).filter(\.$child.$id == child).filter(\.$authority.$id == principal.authorityID)
                .filter(\.$stageRaw ~~ inForce).sort(\.$finalIssuedOn, .descending).first() {
                placement = plan.placement
                outcomes = try await EHCOutcome.query(on: req.db).filter(\.$ehcCase.$id == plan.id!).sort(\.$position).all()
            }
        }
        return PersonData(record: record, spells: spells, offers: offers, contacts: contacts, placement: placement, outcomes: outcomes)
    }

    @Sendable func person(_ req: Request, _ principal: Principal) async throws -> Response {
        try await personPage(req, principal, activity: ActivityForm(), offer: OfferForm(), contact: ContactForm(), errors: [], status: .ok)
    }

    func personPage(_ req: Request, _ principal: Principal, activity: ActivityForm, offer: OfferForm, contact: ContactForm,
                    errors: [FormError], status: HTTPStatus) async throws -> Response {
        let data = try await Self.load(req, principal)
        try await AuditLog.record(AuditEntry(action: "post16.person.view", entityType: "post16_young_person", entityID: data.record.id?.uuidString,
                                             childID: data.record.childID), by: principal.auditActor, on: req.db)
        let content = Post16Pages.person(data, today: .today(), csrf: principal.csrfToken, activity: activity, offer: offer, contact: contact, errors: errors,
                                         banner: DoneMessage.banner(for: req.query[String.self, at: "done"], notifyConfigured: false))
        return .html(HTMLPage(title: data.record.fullName, chrome: try await req.chrome(for: principal, current: .post16), errors: errors,
                              backLink: SiteURL.post16.path, content: content), status: status)
    }

    @Sendable func recordActivity(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(ActivityForm.self)) ?? ActivityForm()
        let data = try await Self.load(req, principal)
        let today = CalendarDate.today()
        var checks = FormChecks(today: today)
        let codeText = (form.code ?? "").trimmingCharacters(in: .whitespaces)
        let start = checks.date(form.start, field: "start", label: "the start date", today: today, allowFuture: true)
        let confirmed = checks.date(form.confirmed, field: "confirmed", label: "the date it was confirmed", today: today)
        let provider = checks.optionalText(form.provider, field: "provider", limit: 20)
        let employer = checks.optionalText(form.employer, field: "employer", limit: 200)
        let source = Post16Source(rawValue: form.source ?? "") ?? .youthWorker
        var errors = checks.errors
        if codeText.isEmpty { errors.insert(FormError(field: "code", message: "Select the activity"), at: 0) }
        if let provider, !(provider.count == 8 || provider.count == 6) || !provider.allSatisfy({ $0.isASCII && $0.isNumber }) {
            errors.append(FormError(field: "provider", message: "Enter the provider's 8-digit UKPRN or 6-digit URN, or leave it blank"))
        }
        let hoursText = (form.hours ?? "").trimmingCharacters(in: .whitespaces)
        let hours = hoursText.isEmpty ? nil : Int(hoursText)
        if !hoursText.isEmpty && hours == nil { errors.append(FormError(field: "hours", message: "Enter the hours a week as a whole number, like 12")) }
        if errors.isEmpty, let start, let confirmed {
            guard let code = Int(codeText) else {
                errors.append(FormError(field: "code", message: "Select the activity"))
                return try await personPage(req, principal, activity: form, offer: OfferForm(), contact: ContactForm(), errors: errors, status: .unprocessableEntity)
            }
            let spell = Post16Spell(code: code, start: start, confirmedOn: confirmed, hours: hours)
            let problems = Post16Activity.problems(spell, hoursText: hoursText, employer: employer, checkEmployer: true, existing: data.spells.map(\.spell),
                                                   codes: NCCISCodeSet.bundled(for: start), today: today)
            for problem in problems {
                let field: String = switch problem {
                case .unknownCode: "code"
                case .hoursRequired, .hoursOutOfRange: "hours"
                case .employerRequired: "employer"
                case .overlaps, .startsInFuture: "start"
                case .confirmedInFuture: "confirmed"
                }
                errors.append(FormError(field: field, message: problem.description))
            }
            if errors.isEmpty {
                let personID = data.record.id!
                let same = data.spells.first { $0.code == code && $0.startOn == start }
                let record = same ?? Post16SpellRecord()
                if same == nil {
                    record.$authority.id = principal.authorityID; record.$youngPerson.id = personID; record.code = code; record.startOn = start
                }
                record.confirmedOn = confirmed; record.hours = hours; record.providerRef = provider; record.employer = employer
                record.source = source.rawValue; record.recordedBy = principal.email
                try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
                    try await record.save(on: db)
                    return ([AuditEntry(action: same == nil ? "post16.activity.recorded" : "post16.activity.updated", entityType: "post16_young_person",
                                        entityID: personID.uuidString, childID: data.record.childID, detail: "code=\(code) start=\(start) confirmed=\(confirmed) source=\(source.rawValue)")], ())
                }
                return req.redirect(to: SiteURL.post16Person(.value(personID)).path(["done": "activity"]), redirectType: .normal)
            }
        }
        return try await personPage(req, principal, activity: form, offer: OfferForm(), contact: ContactForm(), errors: errors, status: .unprocessableEntity)
    }

    /// Someone confirmed today that the current activity still holds: its currency starts again (rulebook P16-3).
    @Sendable func confirmActivity(_ req: Request, _ principal: Principal) async throws -> Response {
        let data = try await Self.load(req, principal)
        let today = CalendarDate.today()
        guard let current = data.spells.filter({ $0.startOn <= today }).max(by: { $0.startOn < $1.startOn }) else {
            return try await personPage(req, principal, activity: ActivityForm(), offer: OfferForm(), contact: ContactForm(),
                                        errors: [FormError(field: "code", message: "There is no activity to confirm yet: record one")], status: .unprocessableEntity)
        }
        current.confirmedOn = today
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await current.save(on: db)
            return ([AuditEntry(action: "post16.activity.confirmed", entityType: "post16_young_person", entityID: data.record.id!.uuidString,
                                childID: data.record.childID, detail: "code=\(current.code) confirmed=\(today)")], ())
        }
        return req.redirect(to: SiteURL.post16Person(.value(data.record.id!)).path(["done": "confirmed"]), redirectType: .normal)
    }

    @Sendable func recordOffer(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(OfferForm.self)) ?? OfferForm()
        let data = try await Self.load(req, principal)
        let today = CalendarDate.today()
        var checks = FormChecks(today: today)
        let provider = checks.text(form.provider, field: "offer-provider", missing: "Enter the provider making the offer", limit: 200)
        let course = checks.text(form.course, field: "course", missing: "Enter the course or place offered", limit: 200)
        let level = checks.text(form.level, field: "level", missing: "Select the level", limit: 40)
        var errors = checks.errors
        let cohort = SeptemberGuaranteeCohort(rawValue: form.cohort ?? "")
        if cohort == nil { errors.insert(FormError(field: "cohort", message: "Select Year 11 or Year 12"), at: 0) }
        guard errors.isEmpty, let cohort else {
            return try await personPage(req, principal, activity: ActivityForm(), offer: form, contact: ContactForm(), errors: errors, status: .unprocessableEntity)
        }
        let offer = Post16Offer()
        offer.$authority.id = principal.authorityID; offer.$youngPerson.id = data.record.id!; offer.guaranteeYear = SeptemberGuarantee.year(on: today)
        offer.cohortRaw = cohort.rawValue; offer.provider = provider; offer.course = course; offer.level = level
        offer.statusRaw = SeptemberGuaranteeOfferStatus.offered.rawValue; offer.recordedOn = today; offer.recordedBy = principal.email
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await offer.create(on: db)
            return ([AuditEntry(action: "post16.offer.recorded", entityType: "post16_young_person", entityID: data.record.id!.uuidString,
                                childID: data.record.childID, detail: "year=\(offer.guaranteeYear) cohort=\(cohort.rawValue)")], ())
        }
        return req.redirect(to: SiteURL.post16Person(.value(data.record.id!)).path(["done": "offer"]), redirectType: .normal)
    }

    @Sendable func changeOffer(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(OfferStatusForm.self)) ?? OfferStatusForm()
        let data = try await Self.load(req, principal)
        guard let id = form.offer.flatMap(UUID.init(uuidString:)), let offer = data.offers.first(where: { $0.id == id }),
              let action = SeptemberGuaranteeOfferStatus.Action(rawValue: form.action ?? "") else {
            return try await personPage(req, principal, activity: ActivityForm(), offer: OfferForm(), contact: ContactForm(),
                                        errors: [FormError(field: "cohort", message: "Choose an offer and what happened to it")], status: .unprocessableEntity)
        }
        guard let next = offer.status.next(action) else {
            return try await personPage(req, principal, activity: ActivityForm(), offer: OfferForm(), contact: ContactForm(),
                                        errors: [FormError(field: "cohort", message: "An offer that is \(offer.status.label.lowercased()) cannot be changed that way")],
                                        status: .unprocessableEntity)
        }
        let from = offer.status
        offer.statusRaw = next.rawValue
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await offer.save(on: db)
            return ([AuditEntry(action: "post16.offer.\(action.rawValue)", entityType: "post16_young_person", entityID: data.record.id!.uuidString,
                                childID: data.record.childID, detail: "\(from.rawValue) → \(next.rawValue)")], ())
        }
        return req.redirect(to: SiteURL.post16Person(.value(data.record.id!)).path(["done": "offer-updated"]), redirectType: .normal)
    }

    static let contactMethods = ["Phone", "Text message", "Email", "Home visit", "Meeting", "Letter", "Other"]

    @Sendable func logContact(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(ContactForm.self)) ?? ContactForm()
        let data = try await Self.load(req, principal)
        let today = CalendarDate.today()
        var checks = FormChecks(today: today)
        let on = checks.date(form.on, field: "on", label: "the date of the contact", today: today)
        let note = checks.text(form.note, field: "note", missing: "Enter what was said or done", limit: 2000)
        var errors = checks.errors
        let method = form.method ?? ""
        if !Self.contactMethods.contains(method) { errors.append(FormError(field: "method", message: "Select how the contact was made")) }
        guard errors.isEmpty, let on else {
            return try await personPage(req, principal, activity: ActivityForm(), offer: OfferForm(), contact: form, errors: errors, status: .unprocessableEntity)
        }
        let contact = Post16Contact()
        contact.$authority.id = principal.authorityID; contact.$youngPerson.id = data.record.id!; contact.contactedOn = on
        contact.method = method; contact.note = note; contact.recordedBy = principal.email
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await contact.create(on: db)
            return ([AuditEntry(action: "post16.contact.logged", entityType: "post16_young_person", entityID: data.record.id!.uuidString,
                                childID: data.record.childID, detail: "on=\(on) method=\(method)")], ())
        }
        return req.redirect(to: SiteURL.post16Person(.value(data.record.id!)).path(["done": "contact"]), redirectType: .normal)
    }

    /// Tags the plan's outcomes with their preparing-for-adulthood areas (reg 6(1)(g), Code of Practice chapter 8).
    @Sendable func tagOutcomes(_ req: Request, _ principal: Principal) async throws -> Response {
        let data = try await Self.load(req, principal)
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        var changed: [EHCOutcome] = []
        for outcome in data.outcomes {
            guard let raw = form["area-\(outcome.id!.uuidString)"] else { continue }
            let area = raw.isEmpty ? nil : PreparingForAdulthoodArea(rawValue: raw)
            if !raw.isEmpty && area == nil { continue }
            if outcome.pfaAreaRaw != area?.rawValue { outcome.pfaAreaRaw = area?.rawValue; changed.append(outcome) }
        }
        if !changed.isEmpty {
            let tagged = changed
            try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
                for o in tagged { try await o.save(on: db) }
                return ([AuditEntry(action: "ehc.outcomes.pfa_tagged", entityType: "post16_young_person", entityID: data.record.id!.uuidString,
                                    childID: data.record.childID, detail: tagged.map { "\($0.id!.uuidString.prefix(8))=\($0.pfaAreaRaw ?? "none")" }.joined(separator: " "))], ())
            }
        }
        return req.redirect(to: SiteURL.post16Person(.value(data.record.id!)).path(["done": "pfa"]), redirectType: .normal)
    }

    // MARK: the September Guarantee

    @Sendable func guarantee(_ req: Request, _ principal: Principal) async throws -> Response {
        let today = CalendarDate.today()
        let year = req.query[Int.self, at: "year"].flatMap { (2000...2100).contains($0) ? $0 : nil } ?? SeptemberGuarantee.year(on: today)
        let people = try await Post16Store.loadAll(authorityID: principal.authorityID, db: req.db)
        let offers = try await Post16Store.offers(authorityID: principal.authorityID, year: year, db: req.db)
        let codes = NCCISCodeSet.bundled(for: CalendarDate(year: year, month: 9, day: 1))
        var noOffer: [(Post16Person, SeptemberGuaranteeCohort)] = [], followUp: [(Post16Person, SeptemberGuaranteeCohort)] = []
        for p in people {
            guard let cohort = Post16Cohort.guaranteeYearGroup(dateOfBirth: p.dateOfBirth, guaranteeYear: year) else { continue }
            let statuses = (offers[p.id] ?? []).map(\.status)
            if SeptemberGuarantee.hasNoOffer(statuses) { noOffer.append((p, cohort)) }
            else if today >= CalendarDate(year: year, month: 9, day: 1),
                    SeptemberGuarantee.needsFollowUp(offers: statuses, spells: p.plainSpells, year: year, codes: codes) { followUp.append((p, cohort)) }
        }
        let shownNoOffer = Array(noOffer.prefix(200)), shownFollowUp = Array(followUp.prefix(200))
        try await AuditLog.record(ListAudit.entry("post16.guarantee.view", entityType: "post16_young_person",
                                                  children: (shownNoOffer + shownFollowUp).map(\.0.childID), detail: "year=\(year)"), by: principal.auditActor, on: req.db)
        let content = Post16Pages.guarantee(year: year, today: today, noOffer: shownNoOffer, noOfferTotal: noOffer.count,
                                            followUp: shownFollowUp, followUpTotal: followUp.count)
        return .html(HTMLPage(title: "September Guarantee", chrome: try await req.chrome(for: principal, current: .post16), backLink: SiteURL.post16.path, content: content))
    }

    // MARK: figures and the chart

    static func month(_ req: Request, default today: CalendarDate) -> NCCISMonth {
        req.query[String.self, at: "month"].flatMap(NCCISMonth.init) ?? NCCISMonth(containing: today)
    }

    @Sendable func figures(_ req: Request, _ principal: Principal) async throws -> Response {
        let today = CalendarDate.today()
        let month = Self.month(req, default: today)
        let people = try await Post16Store.loadAll(authorityID: principal.authorityID, db: req.db)
        let series = (0..<24).reversed().map { Post16Store.figures(people, month: month.adding(months: -$0)) }
        var groups: [(String, NEETFigures)] = [("Everyone (academic age 16–17)", Post16Store.figures(people, month: month))]
        groups.append(("EHC plan", Post16Store.figures(people, month: month) { $0.hasEHCPlan }))
        groups.append(("SEN support", Post16Store.figures(people, month: month) { !$0.hasEHCPlan && $0.senSupport }))
        groups.append(("No SEN recorded", Post16Store.figures(people, month: month) { !$0.hasEHCPlan && !$0.senSupport }))
        groups.append(("SEND (EHC plan or SEN support)", Post16Store.figures(people, month: month) { $0.hasEHCPlan || $0.senSupport }))
        groups.append(("Care-experienced", Post16Store.figures(people, month: month) { $0.careExperienced }))
        groups.append(("Young carers", Post16Store.figures(people, month: month) { $0.youngCarer }))
        groups.append(("Young parents", Post16Store.figures(people, month: month) { $0.youngParent }))
        let districts = Set(people.map { $0.district ?? "" }).sorted()
        let byDistrict = districts.map { d in (d.isEmpty ? "Not recorded" : d, Post16Store.figures(people, month: month) { ($0.district ?? "") == d }) }.filter { $0.1.cohort > 0 }
        let headlineYear = month.month >= 9 ? month.year + 1 : month.year
        let headline = NEETHeadline(year: headlineYear, snapshots: NEETHeadline.months(year: headlineYear).map { Post16Store.figures(people, month: $0) })
        try await AuditLog.record(AuditEntry(action: "post16.figures.view", entityType: "report", detail: "month=\(month)"), by: principal.auditActor, on: req.db)
        let content = Post16Pages.figures(month: month, series: series, groups: groups, districts: byDistrict, headline: headline, today: today)
        return .html(HTMLPage(title: "NEET and not known", chrome: try await req.chrome(for: principal, current: .post16), backLink: SiteURL.post16.path, content: content))
    }

    // MARK: the NCCIS return

    @Sendable func nccis(_ req: Request, _ principal: Principal) async throws -> Response {
        let today = CalendarDate.today()
        let month = Self.month(req, default: today)
        let laCode = try await Authority.find(principal.authorityID, on: req.db)?.laCode ?? ""
        let built = try await Post16Commands.build(authorityID: principal.authorityID, laCode: laCode, month: month, db: req.db)
        let figures = Post16Store.figures(try await Post16Store.loadAll(authorityID: principal.authorityID, db: req.db, cohortOn: month.lastDay), month: month)
        try await AuditLog.record(AuditEntry(action: "post16.nccis.validate", entityType: "report", detail: "month=\(month) records=\(built.file.records.count) problems=\(built.problems.count)"),
                                  by: principal.auditActor, on: req.db)
        let content = Post16Pages.nccis(month: month, file: built.file, problems: built.problems, figures: figures, today: today, csrf: principal.csrfToken,
                                        banner: DoneMessage.banner(for: req.query[String.self, at: "done"], notifyConfigured: false))
        return .html(HTMLPage(title: "NCCIS monthly return", chrome: try await req.chrome(for: principal, current: .post16), backLink: SiteURL.post16.path, content: content))
    }

    @Sendable func nccisCSV(_ req: Request, _ principal: Principal) async throws -> Response {
        let today = CalendarDate.today()
        let month = Self.month(req, default: today)
        let laCode = try await Authority.find(principal.authorityID, on: req.db)?.laCode ?? ""
        let built = try await Post16Commands.build(authorityID: principal.authorityID, laCode: laCode, month: month, db: req.db)
        // NCCIS-3: an invalid return is never handed out; the page names each problem instead.
        guard built.problems.isEmpty else { return req.redirect(to: SiteURL.post16Part(.nccis).path(["month": month.description]), redirectType: .normal) }
        try await AuditLog.record(AuditEntry(action: "post16.nccis.download", entityType: "report", detail: "month=\(month) records=\(built.file.records.count)"),
                                  by: principal.auditActor, on: req.db)
        return ReportsController.attachment(built.file.csv(), contentType: "text/csv; charset=utf-8", filename: "nccis-\(laCode)-\(month).csv")
    }

    @Sendable func refresh(_ req: Request, _ principal: Principal) async throws -> Response {
        _ = try await Post16CohortSync.refresh(authorityID: principal.authorityID, today: .today(), actor: principal.auditActor, on: req.db)
        return req.redirect(to: SiteURL.post16Part(.nccis).path(["done": "refreshed"]), redirectType: .normal)
    }

    // MARK: the upload

    struct UploadForm: Content { var file: File? }

    @Sendable func uploadPage(_ req: Request, _ principal: Principal) async throws -> Response {
        .html(HTMLPage(title: "Import young people and activities", chrome: try await req.chrome(for: principal, current: .post16), backLink: SiteURL.post16.path,
                       content: Post16Pages.upload(csrf: principal.csrfToken, errors: [], summary: nil)))
    }

    @Sendable func upload(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(UploadForm.self)) ?? UploadForm()
        func page(_ errors: [FormError], summary: Post16Importer.Summary?, status: HTTPStatus) async throws -> Response {
            .html(HTMLPage(title: "Import young people and activities", chrome: try await req.chrome(for: principal, current: .post16), errors: errors,
                           backLink: SiteURL.post16.path, content: Post16Pages.upload(csrf: principal.csrfToken, errors: errors, summary: summary)), status: status)
        }
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await page([FormError(field: "file", message: "Select a post-16 CSV file")], summary: nil, status: .unprocessableEntity)
        }
        let today = CalendarDate.today()
        _ = try await Post16CohortSync.refresh(authorityID: principal.authorityID, today: today, actor: principal.auditActor, on: req.db)
        switch try await Post16Importer.importFile(Data(file.data.readableBytesView), authorityID: principal.authorityID, today: today,
                                                   actor: principal.auditActor, on: req.db) {
        case let .imported(summary): return try await page([], summary: summary, status: .ok)
        case let .refused(problems):
            let shown = problems.prefix(50)
            var errors = [FormError(field: "file", message: "The file has \(problems.count) problem\(problems.count == 1 ? "" : "s") to fix. Nothing from it was saved")]
            errors += shown.map { FormError(field: "file", message: $0.description.prefix(1).uppercased() + $0.description.dropFirst()) }
            if problems.count > shown.count { errors.append(FormError(field: "file", message: "And \(problems.count - shown.count) more problems")) }
            return try await page(errors, summary: nil, status: .unprocessableEntity)
        }
    }
}
