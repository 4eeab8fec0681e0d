import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Upload pages for the GIAS establishments import and the EHC legacy import: the same readers and
/// importers as `continuum import establishments` and `continuum import ehc`, all or nothing.
struct ImportsController {
    static let establishmentImporters: Set<Role> = [.administrator]
    static let ehcImporters: Set<Role> = [.administrator, .caseworker]
    static let problemsShown = 50

    struct UploadForm: Content { var file: File? }

    /// What is imported; its page is `SiteURL.reportImports(kind)`.
    typealias Kind = SiteURL.ImportReport

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .reportImports(.establishments), roles: Self.establishmentImporters) { req, principal in
            try await page(req, principal, kind: .establishments, errors: [], status: .ok)
        }
        routes.secure(.POST, .reportImports(.establishments), roles: Self.establishmentImporters, body: .collect(maxSize: "20mb")) { req, principal in
            try await upload(req, principal, kind: .establishments)
        }
        routes.secure(.GET, .reportImports(.ehc), roles: Self.ehcImporters) { req, principal in
            try await page(req, principal, kind: .ehc, errors: [], status: .ok)
        }
        routes.secure(.POST, .reportImports(.ehc), roles: Self.ehcImporters, body: .collect(maxSize: "20mb")) { req, principal in
            try await upload(req, principal, kind: .ehc)
        }
    }

    private func upload(_ req: Request, _ principal: Principal, kind: Kind) async throws -> Response {
        let form = (try? req.content.decode(UploadForm.self)) ?? UploadForm()
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await page(req, principal, kind: kind, errors: [FormError(field: "file", message: "Select a CSV file")], status: .unprocessableEntity)
        }
        let data = Data(file.data.readableBytesView)
        let problems: [String]
        let summary: String
        switch kind {
        case .establishments:
            switch try await EstablishmentImport.importFile(data, actor: principal.auditActor, on: req.db) {
            case .imported(let result): summary = result.line; problems = []
            case .refused(let found): summary = ""; problems = found.map(\.description)
            }
        case .ehc:
            let importer = EHCImporter(authorityID: principal.authorityID, actor: principal.auditActor)
            switch try await importer.importFile(data, on: req.db) {
            case .imported(let result): summary = result.line; problems = []
            case .refused(let found): summary = ""; problems = found.map(\.description)
            }
        }
        if problems.isEmpty {
            return .html(ImportsPages.done(chrome: try await req.chrome(for: principal, current: ReportsController.section), kind: kind, summary: summary))
        }
        return try await page(req, principal, kind: kind, errors: Self.refusal(problems), status: .unprocessableEntity)
    }

    /// The file's problems for the error summary: a first line saying nothing was saved, at most
    /// `problemsShown` problems, then how many more.
    static func refusal(_ problems: [String]) -> [FormError] {
        let count = problems.count
        let shown = problems.prefix(problemsShown)
        var errors = [FormError(field: "file", message: "The file has \(count) problem\(count == 1 ? "" : "s") to fix. Nothing from it was saved")]
            + shown.map { FormError(field: "file", message: $0.prefix(1).uppercased() + $0.dropFirst()) }
        if count > shown.count { errors.append(FormError(field: "file", message: "And \(count - shown.count) more problem\(count - shown.count == 1 ? "" : "s")")) }
        return errors
    }

    private func page(_ req: Request, _ principal: Principal, kind: Kind, errors: [FormError], status: HTTPStatus) async throws -> Response {
        .html(ImportsPages.form(chrome: try await req.chrome(for: principal, current: ReportsController.section), kind: kind, csrf: principal.csrfToken, errors: errors),
              status: status)
    }
}

enum ImportsPages {
    static func title(_ kind: ImportsController.Kind) -> String { kind == .ehc ? "Import EHC history" : "Import establishments" }

    static func form(chrome: Chrome, kind: ImportsController.Kind, csrf: String, errors: [FormError]) -> HTMLPage {
        let explanation: [HTMLNode]
        switch kind {
        case .ehc:
            explanation = [
                p("Bring EHC needs assessment history across from a legacy system. Each row is one request, matched to a child by UPN; importing the same file again changes nothing, and a corrected row updates its case. Cases managed in Continuum are never overwritten."),
                p("The header is \(EHCImportFile.header.joined(separator: ",")): dates as YYYY-MM-DD, decision one of \(EHCImportFile.Decision.allCases.map(\.rawValue).joined(separator: ", ")) or empty for a request still awaiting its decision."),
            ]
        case .establishments:
            explanation = [
                p("Load or refresh schools and other establishments from a Get Information about Schools (GIAS) establishments extract, as downloaded from GIAS. Establishments are matched by URN: new ones are added and existing ones updated."),
                p("Establishments are shared by every council using this Continuum, as GIAS is national."),
            ]
        }
        return HTMLPage(title: title(kind), chrome: chrome, errors: errors, backLink: SiteURL.reports.path, content: [
            h1(title(kind), caption: ReportsPages.title),
        ] + explanation + [
            p("A file with any problem is refused whole and nothing from it is saved, so you can fix it and upload it again."),
            postForm(action: SiteURL.reportImports(kind).path, csrfToken: csrf, enctype: "multipart/form-data", [
                textInput(Field(name: "file", label: "CSV file", hint: "Up to 20 MB", error: errors.message(for: "file"), type: "file")),
                button("Import the file"),
            ]),
        ])
    }

    static func done(chrome: Chrome, kind: ImportsController.Kind, summary: String) -> HTMLPage {
        let heading = kind == .ehc ? "EHC history imported" : "Establishments imported"
        return HTMLPage(title: heading, chrome: chrome, content: [
            panel(title: heading, body: summary.prefix(1).uppercased() + summary.dropFirst()),
            p([link("Import another file", href: SiteURL.reportImports(kind).path)]),
            p([link("Back to reports and returns", href: SiteURL.reports.path)]),
        ])
    }
}
