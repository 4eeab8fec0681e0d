import ArgumentParser

/// `continuum serve [--demo]`, also what a bare `continuum` runs: the web service, through Vapor's serve command.
struct ServeSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "run the web service (default)")
    static let usage = "usage: continuum serve [--demo]"

    /// Ours, not Vapor's: it is taken out before Vapor reads the arguments.
    @Flag var demo = false
    /// Vapor's own serve options (--hostname, --port, …), handed over unchanged.
    @Argument(parsing: .allUnrecognized) var vaporArguments: [String] = []

    func execute() async -> Int32 {
        await ContinuumCLI.runVapor(arguments: ["continuum", "serve"] + vaporArguments, demo: demo)
    }
}
