import ArgumentParser

/// `continuum restore --from FILE [--force]`: put a backup back, with the service stopped (BackupCommand).
struct RestoreSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "put a backup back (service stopped); the old file is kept")
    static var usage: String { BackupCommand.restoreUsage }

    @Option var from: String
    /// Restore although the database's -shm file says something may still have it open.
    @Flag var force = false

    func execute() async -> Int32 {
        // No application: restore replaces the database file an application would hold open.
        let config: AppConfiguration
        do { config = try ContinuumCLI.configuration() } catch { return ContinuumCLI.emit(.failure(String(describing: error))) }
        return ContinuumCLI.emit(await BackupCommand.restore(from: from, force: force, config: config))
    }
}
