import Fluent
import Vapor
import ContinuumDomain

/// `continuum user create --email … --role … [--name …] [--school URN]`: prints a temporary password once.
enum UserCommand {
    static func run(_ args: [String], app: Application) async throws -> CLIResult {
        guard args.first == "create" else { return .usage("usage: continuum user create --email E --role R [--name N] [--school URN] [--la-code 885]") }
        let options: CLIOptions
        do { options = try CLIOptions(args.dropFirst(), allowed: ["email", "role", "name", "school", "la-code"]) } catch { return error }
        guard options.positional.isEmpty else { return .usage("unexpected argument \(options.positional[0])") }
        if let role = options.values["role"], Role(rawValue: role) == nil, Role(argument: role) == nil {
            return .usage("--role must be one of: " + Role.allCases.map(\.rawValue).joined(separator: ", "))
        }
        // Any authority in the database, by --la-code; the only one when there is one (issue 12).
        let authority: Authority
        do { authority = try await CLIAuthority.find(laCode: options.values["la-code"], on: app.db) } catch let error as CLIResult { return error }
        let email = options.values["email"] ?? ""
        let name = options.values["name"] ?? email.split(separator: "@").first.map(String.init) ?? ""
        let result = try await UserCreation.validate(email: email, displayName: name, role: options.values["role"], schoolURN: options.values["school"], on: app.db)
        switch result {
        case .invalid(let errors):
            return .usage(errors.map(\.message).joined(separator: "; "))
        case .valid(let input):
            let password = UserCreation.temporaryPassword()
            let user = User(authorityID: try authority.requireID(), email: input.email, displayName: input.displayName, role: input.role,
                            schoolID: input.schoolID, passwordHash: try Bcrypt.hash(password, cost: app.continuumConfiguration.bcryptCost))
            let actor = AuditActor(userID: nil, name: "continuum user create", role: "system", socketAddress: "local")
            try await AuditLog.transaction(on: app.db, actor: actor) { db in
                try await user.create(on: db)
                return ([AuditEntry(action: "user.created", entityType: "user", entityID: user.id?.uuidString, detail: "role=\(input.role.rawValue)")], ())
            }
            return .ok("Created \(input.email) (\(input.role.displayName)). Temporary password: \(password)")
        }
    }
}
