import ArgumentParser

/// `continuum backup --out FILE`: a consistent, checked copy of the SQLite database (BackupCommand).
struct BackupSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "backup", abstract: "a consistent copy of the SQLite database, checked")
    static var usage: String { BackupCommand.backupUsage }

    @Option var out: String

    func execute() async -> Int32 {
        await ContinuumCLI.withMigratedApplication { app in
            try await BackupCommand.backup(out: out, app: app, config: try ContinuumCLI.configuration())
        }
    }
}
