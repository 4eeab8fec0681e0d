import Fluent
import Vapor
import GOVUK
import ContinuumDomain

struct EvidenceController {
    static let uploaders: Set<Role> = [.administrator, .caseworker, .metCoordinator, .schoolUser, .healthProfessional]
    static let downloaders = ReferralController.readers.intersection(FieldPolicy.roles(thatMaySee: .medicalEvidence))
    let dataDirectory: String

    struct UploadForm: Content { var evidenceType: String?; var file: File? }

    func register(_ routes: any RoutesBuilder) {
        // The body limit sits above the 10 MB file limit so an oversized file gets a clear message, not a bare 413.
        routes.secure(.POST, .referralPart(.key, .evidence), roles: Self.uploaders, body: .collect(maxSize: "12mb"), use: upload)
        // The documents are medical evidence (FieldPolicy): the route is open only to roles that may ever see it.
        routes.secure(.GET, .referralEvidence(.key, evidence: .key), roles: Self.downloaders, use: download)
    }

    /// The app sniffs and measures the file and stores it; the domain judges the form and keeps the day evidence arrived (HN-4).
    @Sendable func upload(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let id = req.parameters.get("referralID", as: ReferralID.self), let referral = try await ReferralRepository(principal: principal, db: req.db).find(id) else { throw Abort(.notFound) }
        let form = (try? req.content.decode(UploadForm.self)) ?? UploadForm()
        var bytes: [UInt8] = []
        var file = EHCAdviceFile.none
        if let upload = form.file, upload.data.readableBytes > 0 {
            bytes = Array(upload.data.readableBytesView)
            if bytes.count > FileSniffer.maximumBytes { file = .tooLarge }
            else if let kind = FileSniffer.contentType(of: bytes) { file = .document(contentType: kind, bytes: bytes.count) }
            else { file = .unrecognised }
        }
        let actions = ReferralActions(req: req, principal: principal)
        let transition: ReferralTransition
        switch try await actions.apply(.receiveEvidence(type: form.evidenceType.flatMap(EvidenceType.init(rawValue:)), file: file), to: referral) {
        case let .failure(problems): return try await actions.again(referral, problems)
        case let .success(applied): transition = applied
        }
        guard case let .document(sniffed, _) = file else { throw Abort(.internalServerError) }
        let (stored, path) = try PrivateFileStore(dataDirectory: dataDirectory).save(bytes, type: sniffed)
        do {
            try await actions.save(transition, to: referral,
                                   evidenceFile: StoredEvidenceFile(storedName: stored, originalName: String((form.file?.filename ?? "evidence").prefix(200))))
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        return req.redirect(to: SiteURL.referral(.value(referral.referralID)).path)
    }

    @Sendable func download(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let id = req.parameters.get("referralID", as: ReferralID.self), let referral = try await ReferralRepository(principal: principal, db: req.db).find(id) else {
            throw Abort(.notFound)
        }
        // The same field policy as the referral page's evidence list, for this reader and this referral.
        guard FieldPolicy.forReferral(referral, principal: principal).shows(.medicalEvidence) else {
            try await AuditLog.record(AuditEntry(action: AccessDenial.action, entityType: "referral", entityID: referral.id?.uuidString, childID: referral.$child.id,
                                                 detail: "field policy: medical evidence not shown to \(principal.role.rawValue)"), by: principal.auditActor, on: req.db)
            throw Abort(.notFound)
        }
        guard let evidenceID = req.parameters.get("evidenceID", as: UUID.self),
              let evidence = try await Evidence.query(on: req.db).filter(\.$id == evidenceID).filter(\.$referral.$id == referral.id!).first(),
              let data = PrivateFileStore(dataDirectory: dataDirectory).read(evidence.storedName) else { throw Abort(.notFound) }
        try await AuditLog.record(AuditEntry(action: "evidence.downloaded", entityType: "referral", entityID: referral.id?.uuidString, childID: referral.$child.id, detail: evidence.storedName),
                                  by: principal.auditActor, on: req.db)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: evidence.contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"evidence-\(evidence.id!.uuidString.prefix(8)).\(FileSniffer.fileExtension(for: evidence.contentType))\"")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
