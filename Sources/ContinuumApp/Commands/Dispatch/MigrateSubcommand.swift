import ArgumentParser

/// `continuum migrate`: bring the database schema up to date.
struct MigrateSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "bring the database schema up to date")
    static let usage = "usage: continuum migrate"

    func execute() async -> Int32 {
        await ContinuumCLI.withMigratedApplication { _ in .ok("Migrations are up to date.") }
    }
}
