import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Other agencies working with a child, and risk assessments for children and teaching bases,
/// each with a review date that is flagged when it passes (issue 3 item 7).
struct AgencyController {
    static let readers: Set<Role> = [.administrator, .caseworker, .metCoordinator, .metTeacher]
    static let involvementWriters: Set<Role> = [.administrator, .caseworker, .metCoordinator]
    static let assessors: Set<Role> = [.administrator, .metCoordinator, .metTeacher]
    static let baseAssessors: Set<Role> = [.administrator, .metCoordinator]

    struct InvolvementForm: Content { var agency: String?; var contactName: String?; var contactDetails: String?; var since: String? }
    struct RiskForm: Content { var title: String?; var summary: String?; var assessedOn: String?; var reviewOn: String?; var baseID: String? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .childPart(.key, .agencies), roles: Self.readers, use: childPage)
        routes.secure(.POST, .childPart(.key, .involvements), roles: Self.involvementWriters, use: addInvolvement)
        routes.secure(.POST, .childPart(.key, .riskAssessments), roles: Self.assessors, use: addChildRisk)
        routes.secure(.GET, .medicalEducationPart(.riskAssessments), roles: Self.baseAssessors.union([.caseworker]), use: riskList)
        routes.secure(.POST, .medicalEducationPart(.riskAssessments), roles: Self.baseAssessors, use: addBaseRisk)
    }


    static func reviewTag(_ date: CalendarDate, today: CalendarDate) -> HTMLNode {
        return date < today ? group([txt(date.longFormat + " "), tag("Review overdue", .red)]) : group([txt(date.longFormat + " "), tag("In date", .green)])
    }

    private func render(_ req: Request, _ principal: Principal, child: Child, involvement: InvolvementForm = InvolvementForm(), risk: RiskForm = RiskForm(),
                        errors: [FormError] = [], status: HTTPStatus = .ok) async throws -> Response {
        let today = CalendarDate.today()
        let involvements = try await Involvement.query(on: req.db).filter(\.$child.$id == child.id!).sort(\.$since, .descending).all()
        let risks = try await RiskAssessment.query(on: req.db).filter(\.$child.$id == child.id!).sort(\.$reviewOn).all()
        let id = child.childID
        var content: [HTMLNode] = [
            h1("Other agencies and risk assessments", caption: child.fullName),
            involvements.isEmpty ? p("No other agency involvement is recorded.") :
                table(caption: "Agencies involved", headers: ["Agency", "Contact", "Contact details", "Since"],
                      rows: involvements.map { [TableCell(text: $0.agencyKind.description), TableCell(text: $0.contactName), TableCell(text: $0.contactDetails ?? "—"),
                                                TableCell(text: $0.since.longFormat)] }),
            risks.isEmpty ? p("No risk assessment is recorded for this child.") :
                table(caption: "Risk assessments", headers: ["Assessment", "Summary", "Assessed", "Review by"],
                      rows: risks.map { [TableCell(text: $0.title), TableCell(text: $0.summary), TableCell(text: $0.assessedOn.longFormat),
                                         TableCell(Self.reviewTag($0.reviewOn, today: today))] }),
        ]
        if Self.involvementWriters.contains(principal.role) {
            content += [h2("Record an agency's involvement"), postForm(action: SiteURL.childPart(.value(id), .involvements).path, csrfToken: principal.csrfToken, [
                select(Field(name: "agency", label: "Agency", value: involvement.agency ?? "", error: errors.message(for: "agency")),
                       options: [Option("", "Choose")] + AgencyKind.allCases.map { Option($0.rawValue, $0.description) }),
                textInput(Field(name: "contactName", label: "Named contact", value: involvement.contactName ?? "", error: errors.message(for: "contactName"))),
                textInput(Field(name: "contactDetails", label: "Contact details (optional)", value: involvement.contactDetails ?? "", hint: "Telephone or secure email", error: errors.message(for: "contactDetails"))),
                dateInput(Field(name: "since", label: "Involved since", value: involvement.since ?? today.description, hint: "For example, \(today.dateInputExample)", error: errors.message(for: "since"), widthClass: "govuk-input--width-10")),
                button("Record involvement"),
            ])]
        }
        if Self.assessors.contains(principal.role) {
            content += [h2("Record a risk assessment"), postForm(action: SiteURL.childPart(.value(id), .riskAssessments).path, csrfToken: principal.csrfToken, riskFields(risk, errors: errors, today: today) + [button("Record risk assessment")])]
        }
        return .html(HTMLPage(title: "Other agencies and risk assessments", chrome: try await req.chrome(for: principal, current: .children), errors: errors,
                              backLink: SiteURL.child(.value(id)).path, content: content), status: status)
    }

    private func riskFields(_ risk: RiskForm, errors: [FormError], today: CalendarDate) -> [HTMLNode] {
        [
            textInput(Field(name: "title", label: "What the assessment covers", value: risk.title ?? "", hint: "For example travel to the Redditch base, or lone working in the home", error: errors.message(for: "title"))),
            textarea(Field(name: "summary", label: "Risks and how they are managed", value: risk.summary ?? "", error: errors.message(for: "summary"))),
            dateInput(Field(name: "assessedOn", label: "Date assessed", value: risk.assessedOn ?? today.description, error: errors.message(for: "assessedOn"), widthClass: "govuk-input--width-10")),
            dateInput(Field(name: "reviewOn", label: "Review by", value: risk.reviewOn ?? today.adding(months: 3).description, hint: "Usually within 3 months", error: errors.message(for: "reviewOn"), widthClass: "govuk-input--width-10")),
        ]
    }

    @Sendable func childPage(_ req: Request, _ principal: Principal) async throws -> Response {
        let child = try await req.scopedChild(principal)
        try await AuditLog.record(AuditEntry(action: "child.agencies.view", entityType: "child", entityID: child.id?.uuidString, childID: child.id), by: principal.auditActor, on: req.db)
        return try await render(req, principal, child: child)
    }

    @Sendable func addInvolvement(_ req: Request, _ principal: Principal) async throws -> Response {
        let child = try await req.scopedChild(principal)
        let form = (try? req.content.decode(InvolvementForm.self)) ?? InvolvementForm()
        var checks = FormChecks()
        let agency = form.agency.flatMap(AgencyKind.init(rawValue:))
        if agency == nil { checks.errors.append(FormError(field: "agency", message: "Select the agency")) }
        let name = checks.text(form.contactName, field: "contactName", missing: "Enter the name of the contact at the agency", limit: 200)
        let details = checks.optionalText(form.contactDetails, field: "contactDetails", limit: 300)
        let since = checks.date(form.since, field: "since", label: "the agency became involved", today: CalendarDate.today())
        guard checks.errors.isEmpty, let agency, let since else { return try await render(req, principal, child: child, involvement: form, errors: checks.errors, status: .unprocessableEntity) }
        let record = Involvement()
        record.$child.id = child.id!; record.agency = agency.rawValue; record.contactName = name; record.contactDetails = details
        record.since = since; record.recordedBy = principal.displayName
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await record.create(on: db)
            return ([AuditEntry(action: "child.involvement_added", entityType: "child", entityID: child.id?.uuidString, childID: child.id, detail: agency.rawValue)], ())
        }
        return req.redirect(to: SiteURL.childPart(.value(child.childID), .agencies).path)
    }

    private func validateRisk(_ form: RiskForm) -> (FormChecks, String, String, CalendarDate?, CalendarDate?) {
        var checks = FormChecks()
        let today = CalendarDate.today()
        let title = checks.text(form.title, field: "title", missing: "Say what the assessment covers", limit: 200)
        let summary = checks.text(form.summary, field: "summary", missing: "Describe the risks and how they are managed")
        let assessed = checks.date(form.assessedOn, field: "assessedOn", label: "of the assessment", today: today)
        let review = checks.date(form.reviewOn, field: "reviewOn", label: "for review", notBefore: assessed, notBeforeLabel: "it was assessed", today: today, allowFuture: true)
        return (checks, title, summary, assessed, review)
    }

    @Sendable func addChildRisk(_ req: Request, _ principal: Principal) async throws -> Response {
        let child = try await req.scopedChild(principal)
        let form = (try? req.content.decode(RiskForm.self)) ?? RiskForm()
        let (checks, title, summary, assessed, review) = validateRisk(form)
        guard checks.errors.isEmpty, let assessed, let review else { return try await render(req, principal, child: child, risk: form, errors: checks.errors, status: .unprocessableEntity) }
        let record = RiskAssessment()
        record.authorityID = principal.authorityID; record.$child.id = child.id; record.title = title; record.summary = summary
        record.assessedOn = assessed; record.reviewOn = review; record.assessedBy = principal.displayName
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await record.create(on: db)
            return ([AuditEntry(action: "child.risk_assessment_added", entityType: "child", entityID: child.id?.uuidString, childID: child.id)], ())
        }
        return req.redirect(to: SiteURL.childPart(.value(child.childID), .agencies).path)
    }

    private func renderList(_ req: Request, _ principal: Principal, form: RiskForm = RiskForm(), errors: [FormError] = [], status: HTTPStatus = .ok) async throws -> Response {
        let today = CalendarDate.today()
        let bases = try await TeachingBase.query(on: req.db).filter(\.$authority.$id == principal.authorityID).sort(\.$name).all()
        let risks = try await RiskAssessment.query(on: req.db).filter(\.$authorityID == principal.authorityID).with(\.$child).with(\.$base).sort(\.$reviewOn).all()
        let overdue = risks.filter { $0.reviewOn < today }.count
        var content: [HTMLNode] = [
            h1("Risk assessments", caption: "Medical Education Team"),
            p("\(risks.count) risk assessment\(risks.count == 1 ? "" : "s"); \(overdue) past their review date."),
            table(caption: "Risk assessments, earliest review first", headers: ["For", "Assessment", "Assessed", "Review by"],
                  rows: risks.map { r in
                      let who: HTMLNode = r.child.map { link($0.fullName, href: SiteURL.childPart(.value($0.childID), .agencies).path) } ?? txt(r.base.map { "\($0.name) base" } ?? "—")
                      return [TableCell(who), TableCell(text: r.title), TableCell(text: r.assessedOn.longFormat), TableCell(Self.reviewTag(r.reviewOn, today: today))]
                  }),
        ]
        if Self.baseAssessors.contains(principal.role) {
            content += [h2("Record a risk assessment for a teaching base"), postForm(action: SiteURL.medicalEducationPart(.riskAssessments).path, csrfToken: principal.csrfToken, [
                select(Field(name: "baseID", label: "Teaching base", value: form.baseID ?? "", error: errors.message(for: "baseID")),
                       options: [Option("", "Choose")] + bases.map { Option($0.id!.uuidString, $0.name) }),
            ] + riskFields(form, errors: errors, today: today) + [button("Record risk assessment")])]
        }
        return .html(HTMLPage(title: "Risk assessments", chrome: try await req.chrome(for: principal, current: .medicalEducation), errors: errors, content: content), status: status)
    }

    @Sendable func riskList(_ req: Request, _ principal: Principal) async throws -> Response {
        try await AuditLog.record(AuditEntry(action: "risk_assessments.list", entityType: "risk_assessment"), by: principal.auditActor, on: req.db)
        return try await renderList(req, principal)
    }

    @Sendable func addBaseRisk(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(RiskForm.self)) ?? RiskForm()
        var (checks, title, summary, assessed, review) = validateRisk(form)
        let base = try await form.baseID.flatMap(UUID.init(uuidString:)).asyncMap { id in
            try await TeachingBase.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID).first()
        } ?? nil
        if base == nil { checks.errors.insert(FormError(field: "baseID", message: "Select the teaching base"), at: 0) }
        guard checks.errors.isEmpty, let base, let assessed, let review else { return try await renderList(req, principal, form: form, errors: checks.errors, status: .unprocessableEntity) }
        let record = RiskAssessment()
        record.authorityID = principal.authorityID; record.$base.id = base.id; record.title = title; record.summary = summary
        record.assessedOn = assessed; record.reviewOn = review; record.assessedBy = principal.displayName
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await record.create(on: db)
            return ([AuditEntry(action: "base.risk_assessment_added", entityType: "teaching_base", entityID: base.id?.uuidString)], ())
        }
        return req.redirect(to: SiteURL.medicalEducationPart(.riskAssessments).path)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
