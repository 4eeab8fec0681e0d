import Fluent
import Foundation
import Vapor
import ContinuumDomain

/// The `continuum` executable: the server and every operator command in one binary.
public enum ContinuumCLI {
    static let help = """
    usage: continuum <command>
      serve                                   run the web service (default); migrates and seeds an empty database
      migrate                                 bring the database schema up to date
      seed --demo                             add the demo authority to an empty database
      user create --email E --role R [--name N] [--school URN]
      import establishments FILE.csv          load the GIAS edubasealldata CSV
      import attendance FILE.csv [FILE.csv …] load school attendance marks (upn,urn,date,session,code)
      attendance compact [--before DATE]      fold the daily feeds' registers into the year blobs (run nightly or weekly)
      import ehc FILE.csv                     load EHC cases (upn,request_date,decision,decision_date,final_date,exception)
      rules upn|stage|school-days|ehc-timeline …  statutory rules as one line of JSON
      export subject-access --child ID --out DIR [--received DATE]   everything held on a child, with the response deadline
      backup --out FILE                       a consistent copy of the SQLite database, checked
      restore --from FILE                     put a backup back (service stopped); the old file is kept
      audit verify                            check the audit trail's hash chain
      report census --at DATE --format json|csv   the Section 19 census as at a date
      report illness-absence --academic-year YYYY --format csv   illness measures per UPN
      report ehc-timeliness --year YYYY --format json   plans issued within 20 weeks
      report ehc-backlog [--at DATE] --format json      the EHC backlog dashboard's figures
      export sen2 --census-date DATE --out FILE.xml   the person-level SEN2 return
      ehc remind-advice [--today DATE]        remind advisers whose advice is due within a week or late (run daily)
      plan sites --pupils F --candidates F --p N [--objective median|coverage] [--within M] [--keep IDS] --format json
                                              choose teaching-base sites by travel time, proved optimal
      routes                                  list the HTTP routes
    """

    public static func main(_ arguments: [String]) async -> Int32 {
        let args = Array(arguments.dropFirst())
        let command = args.first ?? "serve"
        let rest = Array(args.dropFirst())
        switch command {
        case "rules":
            return emit(RulesCommand.run(rest))
        case "plan":
            return emit(PlanCommand.run(rest))
        case "serve", "routes":
            return await runVapor(arguments: ["continuum"] + (args.isEmpty ? ["serve"] : args))
        case "restore":
            let config: AppConfiguration
            do { config = try configuration() } catch { return emit(.failure(String(describing: error))) }
            return emit(await BackupCommand.restore(rest, config: config))
        case "migrate", "seed", "user", "import", "audit", "report", "export", "ehc", "backup", "attendance":
            return await withApplication { app in
                try await app.autoMigrate()
                switch command {
                case "migrate": return .ok("Migrations are up to date.")
                case "seed": return try await seed(rest, app: app)
                case "user": return try await UserCommand.run(rest, app: app)
                case "import": return try await ImportCommand.run(rest, app: app)
                case "report": return try await ReportCommand.run(rest, app: app)
                case "export": return try await SEN2ExportCommand.run(rest, app: app)
                case "ehc": return try await EHCCommand.run(rest, app: app)
                case "backup": return try await BackupCommand.backup(rest, app: app, config: try configuration())
                case "attendance": return try await AttendanceCompactCommand.run(rest, app: app)
                default: return try await audit(rest, app: app)
                }
            }
        case "help", "--help", "-h":
            return emit(.ok(help))
        default:
            return emit(.usage("unknown command \"\(command)\"\n" + help))
        }
    }

    @discardableResult
    static func emit(_ result: CLIResult) -> Int32 {
        if !result.stdout.isEmpty { print(result.stdout) }
        if !result.stderr.isEmpty { FileHandle.standardError.write(Data((result.stderr + "\n").utf8)) }
        return result.status
    }

    private static func configuration() throws -> AppConfiguration { try AppConfiguration.fromEnvironment() }

    static func withApplication(_ body: (Application) async throws -> CLIResult) async -> Int32 {
        let config: AppConfiguration
        do { config = try configuration() } catch { return emit(.failure(String(describing: error))) }
        var env = Environment(name: "production", arguments: ["continuum", "--log", "warning"])
        bootstrapLogging(&env)
        let app: Application
        do { app = try await Application.make(env) } catch { return emit(.failure("could not start: \(error)")) }
        var result: CLIResult
        do {
            try await configure(app, config: config)
            result = try await body(app)
        } catch let error as CLIResult {
            result = error
        } catch {
            result = .failure("error: \(String(describing: error))")
        }
        try? await app.asyncShutdown()
        return emit(result)
    }

    private static func runVapor(arguments: [String]) async -> Int32 {
        let config: AppConfiguration
        do { config = try configuration() } catch { return emit(.failure(String(describing: error))) }
        var env = Environment(name: "production", arguments: arguments)
        bootstrapLogging(&env)
        do {
            let app = try await Application.make(env)
            do {
                try await configure(app, config: config)
                if arguments.dropFirst().first == "serve" {
                    try await app.autoMigrate()
                    if try await DemoSeeder.isEmpty(app.db) {
                        print("Empty database: adding the demo authority (this takes a little while)…")
                        try await DemoSeeder(size: .full, passwordHash: try Bcrypt.hash(DemoSeeder.password, cost: config.bcryptCost)).run(on: app.db)
                    }
                    try app.storage[DummyPasswordHashKey.self]?.warm()
                    print(banner(config))
                }
                try await app.execute()
            } catch {
                try? await app.asyncShutdown()
                return emit(.failure("error: \(String(describing: error))"))
            }
            try await app.asyncShutdown()
            return 0
        } catch {
            return emit(.failure("error: \(String(describing: error))"))
        }
    }

    private nonisolated(unsafe) static var loggingBootstrapped = false
    private static func bootstrapLogging(_ env: inout Environment) {
        guard !loggingBootstrapped else { return }
        loggingBootstrapped = true
        try? LoggingSystem.bootstrap(from: &env)
    }

    static func banner(_ config: AppConfiguration) -> String {
        let database: String
        switch config.database {
        case .postgres: database = "PostgreSQL (DATABASE_URL)"
        case .sqliteFile(let path): database = "SQLite at \(path)"
        case .sqliteMemory: database = "SQLite in memory"
        }
        let signIns = DemoSeeder.users.map { "  \($0.email.padding(toLength: 34, withPad: " ", startingAt: 0)) \($0.role.displayName)" }.joined(separator: "\n")
        return """

        Continuum is running at http://\(config.host):\(config.port)
        Database: \(database)

        Demo sign-ins (password for all: \(DemoSeeder.password); two-factor is off for demo accounts):
        \(signIns)

        """
    }

    private static func seed(_ args: [String], app: Application) async throws -> CLIResult {
        guard args == ["--demo"] else { return .usage("usage: continuum seed --demo") }
        guard try await DemoSeeder.isEmpty(app.db) else {
            return .ok("The database already holds an authority; demo data is only added to an empty database.")
        }
        try await DemoSeeder(size: .full, passwordHash: try Bcrypt.hash(DemoSeeder.password, cost: app.continuumConfiguration.bcryptCost)).run(on: app.db)
        return .ok("Demo authority added.\n" + banner(app.continuumConfiguration))
    }

    private static func audit(_ args: [String], app: Application) async throws -> CLIResult {
        guard args == ["verify"] else { return .usage("usage: continuum audit verify") }
        let result = try await AuditLog.verify(on: app.db)
        if let bad = result.firstBad {
            return .failure("audit chain BROKEN at row \(bad.seq): \(bad.reason)", out: "checked \(result.rowsChecked) rows before the break")
        }
        return .ok("audit chain intact: \(result.rowsChecked) rows verified")
    }
}
