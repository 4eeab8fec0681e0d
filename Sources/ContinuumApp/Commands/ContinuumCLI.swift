import ArgumentParser
import Fluent
import Foundation
import Vapor
import ContinuumDomain

/// The `continuum` executable: the server and every operator command in one binary.
public enum ContinuumCLI {
    static let help = """
    usage: continuum <command>
      serve [--demo]                          run the web service (default); migrates; --demo adds the demo authority to an empty database
      authority create --la-code NNN --name N --admin-email E [--admin-name N]   a council and its first administrator (prints a set-up link)
      migrate                                 bring the database schema up to date
      seed --demo                             add the demo authority to an empty database
      user create --email E --role R [--name N] [--school URN]
      import establishments FILE.csv          load the GIAS edubasealldata CSV
      import attendance FILE.csv [FILE.csv …] load school attendance marks (upn,urn,date,session,code)
      attendance compact [--before DATE]      fold the daily feeds' registers into the year blobs (run nightly or weekly)
      import ctf [--la-code NNN] FILE.xml     load pupils from a DfE Common Transfer File (create or update by UPN)
      import pupils [--la-code NNN] FILE.csv  load pupils (upn,legal_forename,legal_surname,preferred_name,date_of_birth,sex,urn,postcode,sen_provision,primary_need)
      import ehc FILE.csv                     load EHC cases (upn,request_date,decision,decision_date,final_date,exception)
      rules upn|stage|school-days|ehc-timeline|top-up|sv-rag …  statutory rules as one line of JSON
      export subject-access --child ID --out DIR [--received DATE]   everything held on a child, with the response deadline
      backup --out FILE                       a consistent copy of the SQLite database, checked
      restore --from FILE                     put a backup back (service stopped); the old file is kept
      audit verify [--head FILE …]            check the audit trail's MAC chain and that nothing was cut from its end
      audit reset-head                        re-anchor the chain head file after investigating a failed verify (recorded)
      report census --at DATE --format json|csv   the Section 19 census as at a date
      report illness-absence --academic-year YYYY --format csv   illness measures per UPN
      report ehc-timeliness --year YYYY --format json   plans issued within 20 weeks
      report ehc-backlog [--at DATE] --format json      the EHC backlog dashboard's figures
      export sen2 [--census-date DATE] --out FILE.xml   the person-level SEN2 return (default: the latest January census date)
      ehc remind-advice [--today DATE]        remind advisers whose advice is due within a week or late (run daily)
      outbox send                             send due emails through GOV.UK Notify (run every minute; serve also sends)
      import placements FILE.csv              load placements (upn,setting_urn,setting_type,s251_line,band,annual_amount,start_date,end_date)
      finance allocation --financial-year 2025-26 --high-needs AMOUNT [--transfer-in A] [--opening-balance A]   the year's High Needs Block figures
      report high-needs --financial-year 2025-26 --as-at DATE --format json   the High Needs position by s251 line
      report survey-results (--all | --survey SLUG) --format json   survey results, small numbers suppressed
      report training-uptake --academic-year YYYY --format csv   training uptake by school beside its SEN cohort
      import post16 FILE.csv                  young people and activity spells (upn,uln,forename,surname,date_of_birth,has_ehc_plan,activity_code,activity_start,confirmed_on,hours)
      report neet --month YYYY-MM --format json   the NEET and not-known figures for academic age 16–17 on the month's last day
      report neet --headline YYYY [--months 12,1,2] --format json   the headline: the mean of the December–February snapshots
      export nccis --month YYYY-MM --out FILE   the monthly NCCIS return, validated first (refused with each problem if invalid)
      surveys send [--today DATE]   send the survey invitations due at the case stages chosen
      plan sites --pupils F --candidates F --p N [--objective median|coverage] [--within M] [--keep IDS] --format json
                                              choose teaching-base sites by travel time, proved optimal
      routes                                  list the HTTP routes
    """

    /// The one entry point (Sources/continuum/main.swift). ArgumentParser picks the subcommand
    /// (ContinuumRoot, Commands/Dispatch/); the statuses and messages around it stay those operators and
    /// tests rely on: usage errors exit 2 with one message on standard error, never ArgumentParser's 64.
    public static func main(_ arguments: [String]) async -> Int32 {
        var args = Array(arguments.dropFirst())
        // Spellings of `help`: ArgumentParser's own help flags are off (ContinuumRoot says why).
        if args.first == "--help" || args.first == "-h" { args[0] = "help" }
        // ArgumentParser would say "Unexpected argument"; the operator is told the command is unknown, with the help.
        if let command = args.first, ContinuumRoot.subcommand(named: command) == nil {
            return emit(.usage("unknown command \"\(command)\"\n" + help))
        }
        let parsed: any ParsableCommand
        do {
            parsed = try ContinuumRoot.parseAsRoot(args)
        } catch {
            // Only the commands with declared options get here: their usage line, as their own parsers printed it.
            let usage = ContinuumRoot.subcommand(named: args.first ?? "serve")?.usage ?? ContinuumRoot.message(for: error)
            return emit(.usage(usage))
        }
        guard let command = parsed as? any ContinuumSubcommand else { return emit(.ok(help)) }
        return await command.execute()
    }

    @discardableResult
    static func emit(_ result: CLIResult) -> Int32 {
        if !result.stdout.isEmpty { print(result.stdout) }
        if !result.stderr.isEmpty { FileHandle.standardError.write(Data((result.stderr + "\n").utf8)) }
        return result.status
    }

    static func configuration() throws -> AppConfiguration { try AppConfiguration.fromEnvironment() }

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

    /// Every command that touches the database first brings its schema up to date.
    static func withMigratedApplication(_ body: (Application) async throws -> CLIResult) async -> Int32 {
        await withApplication { app in
            try await app.autoMigrate()
            return try await body(app)
        }
    }

    /// `serve` and `routes`: Vapor's own commands, given the arguments after our `--demo` is taken out.
    static func runVapor(arguments: [String], demo: Bool) async -> Int32 {
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
                    // TOTP secrets an earlier version stored in plain are sealed now (issue 13 item 11).
                    _ = try await app.totpSecretBox.sealLegacySecrets(on: app.db)
                    // Issue 12: demo data only when asked for, and only into an empty database.
                    let empty = try await DemoSeeder.isEmpty(app.db)
                    // Refuse before seeding, so a refused --demo leaves no published-password accounts behind.
                    let demoAlready = try await DemoSeeder.hasDemoAccounts(app.db)
                    if let refusal = DemoMode.refusal(host: config.host, allowDemo: config.allowDemo, hasDemoAccounts: (demo && empty) || demoAlready) {
                        try? await app.asyncShutdown()
                        return emit(.failure(refusal))
                    }
                    if demo && empty {
                        print("Empty database: adding the demo authority (this takes a little while)…")
                        try await DemoSeeder(size: .full, passwordHash: try Bcrypt.hash(DemoSeeder.password, cost: config.bcryptCost)).run(on: app.db)
                    } else if demo {
                        print("The database already holds an authority: --demo adds demo data only to an empty database.")
                    }
                    let hasDemo = try await DemoSeeder.hasDemoAccounts(app.db)
                    app.showsDemoBanner = hasDemo
                    try app.storage[DummyPasswordHashKey.self]?.warm()
                    OutboxDeliveryLoop.install(app)
                    print(hasDemo ? banner(config) : try await setUpBanner(config, empty: empty && !demo))
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
        let signIns = (DemoSeeder.users.map { ($0.email, $0.role.displayName) } + [(DemoTraining.secondSENCOEmail, Role.schoolUser.displayName + ", a second school (training)")])
            .map { "  \($0.0.padding(toLength: 34, withPad: " ", startingAt: 0)) \($0.1)" }.joined(separator: "\n")
        return """

        Continuum is running at http://\(config.host):\(config.port)
        Database: \(database)

        Demo sign-ins (password for all: \(DemoSeeder.password); two-factor is off for demo accounts):
        \(signIns)

        """
    }

    /// What `serve` prints without demo data: where it is, and on an empty database the steps that set a council up.
    static func setUpBanner(_ config: AppConfiguration, empty: Bool) async throws -> String {
        let steps = empty ? """

        The database is empty: no authority and no accounts. To set up a council:
          continuum authority create --la-code NNN --name "Council name" --admin-email you@council.gov.uk
        then open the set-up link it prints to choose a password and set up two-factor authentication.
        To explore with demo data instead, start from an empty database with: continuum serve --demo

        """ : "\n"
        return """

        Continuum is running at \(config.publicURL) (listening on \(config.host):\(config.port))
        """ + steps
    }

    /// `seed --demo` (SeedSubcommand): the demo authority, only into an empty database.
    static func seedDemo(app: Application) async throws -> CLIResult {
        guard try await DemoSeeder.isEmpty(app.db) else {
            return .ok("The database already holds an authority; demo data is only added to an empty database.")
        }
        try await DemoSeeder(size: .full, passwordHash: try Bcrypt.hash(DemoSeeder.password, cost: app.continuumConfiguration.bcryptCost)).run(on: app.db)
        return .ok("Demo authority added.\n" + banner(app.continuumConfiguration))
    }
}
