import ArgumentParser

/// `continuum ehc remind-advice [--today DATE]`: remind advisers whose advice is due within a week or late.
struct EHCSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "ehc", abstract: "remind advisers whose advice is due within a week or late")

    /// EHCCommand parses its own sub-verbs and options, with the messages and statuses tests pin,
    /// so everything after `ehc` passes through to it unchanged.
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func execute() async -> Int32 {
        await ContinuumCLI.withMigratedApplication { app in try await EHCCommand.run(arguments, app: app) }
    }
}
