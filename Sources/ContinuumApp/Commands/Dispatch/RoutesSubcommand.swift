import ArgumentParser

/// `continuum routes`: Vapor's own routes command lists the HTTP routes.
struct RoutesSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "routes", abstract: "list the HTTP routes")

    /// Passed through to Vapor's routes command; a stray --demo is dropped, as serve's is.
    @Argument(parsing: .captureForPassthrough) var vaporArguments: [String] = []

    func execute() async -> Int32 {
        await ContinuumCLI.runVapor(arguments: ["continuum", "routes"] + vaporArguments.filter { $0 != "--demo" }, demo: false)
    }
}
