import Fluent
import Vapor
import ContinuumDomain

/// `continuum authority create --la-code NNN --name "NAME" --admin-email E [--admin-name N]`: a council and
/// its first administrator, who gets a one-time set-up link (72 hours) to choose a password and set up
/// two-factor. Prints one line of JSON; a taken or malformed LA code is one line on stderr and exit 2.
enum AuthorityCommand {
    static let usage = "usage: continuum authority create --la-code NNN --name \"NAME\" --admin-email E [--admin-name N]"

    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        guard args.first == "create" else { return .usage(usage) }
        let options: CLIOptions
        do { options = try CLIOptions(args.dropFirst(), allowed: ["la-code", "name", "admin-email", "admin-name"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0]); " + usage) }
        let laCode: String, name: String, email: String
        do {
            laCode = try options.required("la-code").trimmingCharacters(in: .whitespaces)
            name = try options.required("name").trimmingCharacters(in: .whitespacesAndNewlines)
            email = try options.required("admin-email")
        } catch { return error }
        guard laCode.count == 3, laCode.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .usage("--la-code must be the DfE's three-digit local authority number, like 885 (got \"\(laCode)\")")
        }
        guard EnglishLACodes.isEnglish(laCode) else { return .usage("--la-code \(laCode) is not an English local authority number") }
        guard name.count <= 120, !name.isEmpty else { return .usage("--name must be 1 to 120 characters") }
        if try await Authority.query(on: app.db).filter(\.$laCode == laCode).count() > 0 {
            return .usage("an authority with LA code \(laCode) already exists")
        }
        let adminName = options.values["admin-name"] ?? email.split(separator: "@").first.map(String.init) ?? ""
        let checked = try await UserCreation.validate(email: email, displayName: adminName, role: Role.administrator.rawValue, schoolURN: nil, on: app.db)
        guard case .valid(let input) = checked else {
            if case .invalid(let errors) = checked { return .usage(errors.map(\.message).joined(separator: "; ")) }
            return .usage(usage)
        }
        let authority = Authority(name: name, laCode: laCode, namedOfficer: "Not set yet: an administrator adds it in Council settings")
        let actor = AuditActor(userID: nil, name: "continuum authority create", role: "system", socketAddress: "local")
        let (authorityID, token) = try await AuditLog.transaction(on: app.db, actor: actor) { db in
            try await authority.create(on: db)
            let authorityID = try authority.requireID()
            let admin = User(authorityID: authorityID, email: input.email, displayName: input.displayName, role: .administrator, passwordHash: PendingPassword.marker)
            try await admin.create(on: db)
            let token = try await AccountSetupToken.issue(for: try admin.requireID(), on: db)
            return ([AuditEntry(action: "authority.created", entityType: "authority", entityID: authorityID.uuidString, detail: "la_code=\(laCode)"),
                     AuditEntry(action: "user.invited", entityType: "user", entityID: admin.id?.uuidString, detail: "role=administrator; first administrator")],
                    (authorityID, token))
        }
        let url = AccountSetupLink.url(token, config: app.continuumConfiguration)
        return .ok(JSONLine.object([("authority_id", .string(authorityID.uuidString)), ("la_code", .string(laCode)), ("setup_url", .string(url))]))
    }
}

/// The address of a set-up link, as emailed or printed.
enum AccountSetupLink {
    /// Set-up tokens are base64url (`SessionToken.random()`), so the segment is the token unchanged.
    static func path(_ token: String) -> String { SiteURL.accountSetup(token: .value(token)).path }
    static func url(_ token: String, config: AppConfiguration) -> String { config.publicURL + path(token) }
}
