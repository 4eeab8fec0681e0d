import ArgumentParser

/// The `continuum` command tree (issue 14 item 4): ArgumentParser picks the top-level command, one struct per
/// command in this folder. ContinuumCLI.main parses with it and keeps the statuses and messages operators rely on.
/// These files import ArgumentParser and not Vapor: Vapor re-exports ConsoleKit, whose @Flag, @Option and
/// @Argument would be ambiguous with ArgumentParser's. What needs Vapor stays in ContinuumCLI and the commands.
struct ContinuumRoot: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "continuum",
            subcommands: [
                ServeSubcommand.self, RoutesSubcommand.self, MigrateSubcommand.self, SeedSubcommand.self,
                AuthoritySubcommand.self, UserSubcommand.self, ImportSubcommand.self, AttendanceSubcommand.self,
                RulesSubcommand.self, ExportSubcommand.self, BackupSubcommand.self, RestoreSubcommand.self,
                AuditSubcommand.self, ReportSubcommand.self, EHCSubcommand.self, OutboxSubcommand.self,
                PlanSubcommand.self, FinanceSubcommand.self, SurveysSubcommand.self, HelpSubcommand.self,
            ],
            // A bare `continuum` runs the web service.
            defaultSubcommand: ServeSubcommand.self,
            // No built-in -h/--help: `help` prints the hand-kept ContinuumCLI.help, and a command that passes its
            // arguments through to its own parser gets a --help among them unchanged, as before.
            helpNames: []
        )
    }

    static func subcommand(named name: String) -> (any ContinuumSubcommand.Type)? {
        configuration.subcommands.first { $0._commandName == name }.flatMap { $0 as? any ContinuumSubcommand.Type }
    }
}

/// One top-level command: it runs itself, printing through ContinuumCLI.emit, and returns the exit status.
protocol ContinuumSubcommand: ParsableCommand {
    /// Printed, with status 2, when ArgumentParser rejects this command's arguments.
    static var usage: String { get }
    func execute() async -> Int32
}

extension ContinuumSubcommand {
    static var usage: String { "usage: continuum \(_commandName) (see continuum help)" }
}
