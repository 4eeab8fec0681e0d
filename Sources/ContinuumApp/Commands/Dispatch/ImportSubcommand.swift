import ArgumentParser

/// `continuum import establishments|attendance|ctf|pupils|ehc …`: load establishments, attendance marks, pupils or EHC cases from files.
struct ImportSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "load establishments, attendance marks, pupils or EHC cases from files")

    /// ImportCommand parses its own sub-verbs and options, with the messages and statuses tests pin,
    /// so everything after `import` passes through to it unchanged.
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func execute() async -> Int32 {
        await ContinuumCLI.withMigratedApplication { app in try await ImportCommand.run(arguments, app: app) }
    }
}
