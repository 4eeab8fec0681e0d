import ArgumentParser

/// `continuum seed --demo`: the demo authority, into an empty database only.
struct SeedSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "seed", abstract: "add the demo authority to an empty database")
    static let usage = "usage: continuum seed --demo"

    /// Required, so `seed` alone never adds published-password accounts by accident.
    @Flag var demo = false

    func execute() async -> Int32 {
        guard demo else { return ContinuumCLI.emit(.usage(Self.usage)) }
        return await ContinuumCLI.withMigratedApplication { app in try await ContinuumCLI.seedDemo(app: app) }
    }
}
