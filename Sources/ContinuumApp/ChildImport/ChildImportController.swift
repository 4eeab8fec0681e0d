import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The page where officers bring a council's pupils in: a Common Transfer File or a pupils CSV,
/// read by the same readers and importer as `continuum import ctf` and `continuum import pupils`.
/// A file with any problem is refused whole, every problem listed, and nothing from it saved.
struct ChildImportController {
    static let importers: Set<Role> = [.administrator, .caseworker]
    static let problemsShown = 50

    struct UploadForm: Content { var file: File? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .childrenImport, roles: Self.importers, use: form)
        routes.secure(.POST, .childrenImportFile(.ctf), roles: Self.importers, body: .collect(maxSize: "101mb"), use: uploadCTF)
        routes.secure(.POST, .childrenImportFile(.pupils), roles: Self.importers, body: .collect(maxSize: "101mb"), use: uploadPupils)
    }

    @Sendable func form(_ req: Request, _ principal: Principal) async throws -> Response {
        .html(ChildImportPages.page(chrome: try await req.chrome(for: principal, current: .childrenImport), csrf: principal.csrfToken))
    }

    @Sendable func uploadCTF(_ req: Request, _ principal: Principal) async throws -> Response {
        try await upload(req, principal, kind: .ctf)
    }

    @Sendable func uploadPupils(_ req: Request, _ principal: Principal) async throws -> Response {
        try await upload(req, principal, kind: .pupils)
    }

    private func upload(_ req: Request, _ principal: Principal, kind: ChildImportCommand.Kind) async throws -> Response {
        let field = kind == .ctf ? "ctf-file" : "pupils-file"
        let form = (try? req.content.decode(UploadForm.self)) ?? UploadForm()
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await page(req, principal, errors: [FormError(field: field, message: kind == .ctf ? "Select a CTF XML file" : "Select a pupils CSV file")],
                                  status: .unprocessableEntity)
        }
        let data = Data(file.data.readableBytesView)
        let records: [PupilRecord]
        var problems: [String] = []
        switch kind {
        case .ctf:
            switch CTFReader.read(data) {
            case .file(let parsed): records = parsed.pupils
            case .problems(let found): records = []; problems = found.map(\.description)
            }
        case .pupils:
            switch PupilCSVReader.read(data) {
            case .rows(let rows): records = rows
            case .problems(let found): records = []; problems = found.map(\.description)
            }
        }
        if problems.isEmpty {
            let importer = ChildImporter(authorityID: principal.authorityID, actor: principal.auditActor, source: kind.source)
            switch try await importer.apply(records, on: req.db) {
            case .imported(let summary):
                return .html(ChildImportPages.done(chrome: try await req.chrome(for: principal, current: .childrenImport),
                                                   summary: summary, what: kind == .ctf ? "Common Transfer File" : "pupils CSV"))
            case .refused(let found): problems = found
            }
        }
        let shown = Array(problems.prefix(Self.problemsShown))
        let count = problems.count
        // The first line is the one shown beside the field; the file's own problems follow it.
        let refusal = "The file has \(count) problem\(count == 1 ? "" : "s") to fix. Nothing from it was saved"
        var errors = [FormError(field: field, message: refusal)] + shown.map { FormError(field: field, message: $0) }
        if count > shown.count { errors.append(FormError(field: field, message: "And \(count - shown.count) more problem\(count - shown.count == 1 ? "" : "s")")) }
        return try await page(req, principal, errors: errors, status: .unprocessableEntity)
    }

    private func page(_ req: Request, _ principal: Principal, errors: [FormError], status: HTTPStatus) async throws -> Response {
        .html(ChildImportPages.page(chrome: try await req.chrome(for: principal, current: .childrenImport), csrf: principal.csrfToken,
                                    errors: errors), status: status)
    }
}
