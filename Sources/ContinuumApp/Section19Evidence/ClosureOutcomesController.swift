import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Outcomes at closure as structured data: where the child went (HN-11 reintegration) and GCSE
/// results as a grade per subject. The older free-text closure outcome is kept but not read by reports.
struct ClosureOutcomesController {
    static let roles: Set<Role> = [.administrator, .metCoordinator]
    /// Result rows offered on the form; a Year 11 leaver rarely sits more.
    static let resultRows = 12

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .referralPart(.key, .outcomes), roles: Self.roles, use: show)
        routes.secure(.POST, .referralPart(.key, .outcomes), roles: Self.roles, use: save)
    }

    struct Input: Sendable { var destination: String; var subjects: [String]; var grades: [String]; var version: String }

    /// Fields arrive as destination, subject1…subject12 and grade1…grade12 (no arrays, so every field has its own label).
    static func input(_ req: Request) -> Input {
        func value(_ key: String) -> String { (try? req.content.get(String.self, at: key)) ?? "" }
        return Input(destination: value("destination"), subjects: (1...resultRows).map { value("subject\($0)") },
                     grades: (1...resultRows).map { value("grade\($0)") }, version: value("version"))
    }

    /// Checks the form: every row both or neither, a subject at most once, grades 9–1, U or A*–G.
    static func validate(_ input: Input) -> (ClosureDestination?, [(GCSESubject, GCSEGrade)], [FormError]) {
        var errors: [FormError] = []
        let destination = ClosureDestination(rawValue: input.destination)
        if destination == nil { errors.append(FormError(field: "destination", message: "Select where the child went when the case closed")) }
        var results: [(GCSESubject, GCSEGrade)] = []
        var seen = Set<GCSESubject>()
        for index in 0..<resultRows {
            let rawSubject = input.subjects[index].trimmingCharacters(in: .whitespaces), rawGrade = input.grades[index].trimmingCharacters(in: .whitespaces)
            if rawSubject.isEmpty && rawGrade.isEmpty { continue }
            let n = index + 1
            guard let subject = GCSESubject(rawValue: rawSubject) else { errors.append(FormError(field: "subject\(n)", message: "Result \(n): select the subject")); continue }
            guard let grade = GCSEGrade(rawGrade) else { errors.append(FormError(field: "grade\(n)", message: "Result \(n): select a grade from 9 to 1, U, or A* to G")); continue }
            if seen.contains(subject) { errors.append(FormError(field: "subject\(n)", message: "Result \(n): \(subject.label) is already listed")); continue }
            seen.insert(subject)
            results.append((subject, grade))
        }
        return (destination, results, errors)
    }

    private func page(_ req: Request, _ principal: Principal, _ referral: Referral, input: Input, errors: [FormError]) async throws -> Response {
        let id = referral.referralID
        var content: [HTMLNode] = [h1("Outcomes at closure", caption: referral.child.fullName)]
        guard referral.statusValue == .closed else {
            content.append(p("Outcomes are recorded once the case is closed. This case is \(referral.statusValue.label.lowercased())."))
            content.append(p([link("Back to the referral", href: SiteURL.referral(.value(id)).path)]))
            return .html(HTMLPage(title: "Outcomes at closure", chrome: try await req.chrome(for: principal, current: .referrals), errors: errors, backLink: SiteURL.referral(.value(id)).path, content: content),
                         status: errors.isEmpty ? .ok : .unprocessableEntity)
        }
        let subjectOptions = [Option("", "No subject")] + GCSESubject.allCases.map { Option($0.rawValue, $0.label) }
        let gradeOptions = [Option("", "No grade")] + GCSEGrade.all.map { Option($0.code, $0.code) }
        var rows: [HTMLNode] = []
        for n in 1...Self.resultRows {
            rows.append(el("div", [.cls("app-search")], [
                select(Field(name: "subject\(n)", label: "Result \(n): subject", value: input.subjects[n - 1], error: errors.message(for: "subject\(n)")), options: subjectOptions),
                select(Field(name: "grade\(n)", label: "Result \(n): grade", value: input.grades[n - 1].uppercased(), error: errors.message(for: "grade\(n)")), options: gradeOptions),
            ]))
        }
        content.append(p("Closed " + (referral.closedOn?.longFormat ?? "") + (referral.closureOutcome.map { ". Recorded at closure: " + $0 } ?? "")))
        content.append(postForm(action: SiteURL.referralPart(.value(id), .outcomes).path, csrfToken: principal.csrfToken, [
            hiddenInput(name: "version", value: input.version),
            radios(Field(name: "destination", label: "Where did the child go when the case closed?", value: input.destination, error: errors.message(for: "destination")),
                   options: ClosureDestination.allCases.map { Option($0.rawValue, $0.label) }),
            h2("GCSE results"),
            p("For a Year 11 leaver, one row per subject: grades 9 to 1 or U, or A* to G for older letter-graded results. Leave rows empty when there are no more results."),
        ] + rows + [button("Save outcomes")]))
        return .html(HTMLPage(title: "Outcomes at closure", chrome: try await req.chrome(for: principal, current: .referrals), errors: errors, backLink: SiteURL.referral(.value(id)).path, content: content),
                     status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let referral = try await EpisodeChangeController.referral(req, principal)
        let results = try await GCSEResult.query(on: req.db).filter(\.$referral.$id == referral.id!).all()
        try await AuditLog.record(AuditEntry(action: "closure.outcomes.view", entityType: "referral", entityID: referral.id?.uuidString, childID: referral.$child.id),
                                  by: principal.auditActor, on: req.db)
        let sorted = results.sorted { a, b in
            (GCSESubject.allCases.firstIndex { $0.rawValue == a.subject } ?? 99) < (GCSESubject.allCases.firstIndex { $0.rawValue == b.subject } ?? 99)
        }
        let pad = max(0, Self.resultRows - sorted.count)
        let input = Input(destination: referral.closureDestination ?? "", subjects: sorted.prefix(Self.resultRows).map(\.subject) + Array(repeating: "", count: pad),
                          grades: sorted.prefix(Self.resultRows).map(\.grade) + Array(repeating: "", count: pad), version: String(referral.version))
        return try await page(req, principal, referral, input: input, errors: [])
    }

    @Sendable func save(_ req: Request, _ principal: Principal) async throws -> Response {
        let referral = try await EpisodeChangeController.referral(req, principal)
        let input = Self.input(req)
        var (destination, results, errors) = Self.validate(input)
        if referral.statusValue != .closed { errors = [FormError(field: "main-content", message: "Close the case before recording its outcomes")] }
        guard errors.isEmpty, let destination else { return try await page(req, principal, referral, input: input, errors: errors) }
        guard Int(input.version) == referral.version else {
            return try await ConflictPage.response(req, principal, thing: "referral", back: SiteURL.referralPart(.value(referral.referralID), .outcomes).path, section: .referrals)
        }
        let referralID = referral.id!
        let chosen = results
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await GCSEResult.query(on: db).filter(\.$referral.$id == referralID).delete()
            for (subject, grade) in chosen { try await GCSEResult(referralID: referralID, subject: subject, grade: grade).create(on: db) }
            referral.closureDestination = destination.rawValue
            referral.version += 1
            try await referral.save(on: db)
            return ([AuditEntry(action: "closure.outcomes", entityType: "referral", entityID: referralID.uuidString, childID: referral.$child.id,
                                detail: "destination=\(destination.rawValue) gcse=" + chosen.map { "\($0.0.rawValue):\($0.1.code)" }.joined(separator: ","))], ())
        }
        return req.redirect(to: SiteURL.referralPart(.value(referral.referralID), .outcomes).path(["saved": "1"]))
    }
}
