import ArgumentParser

/// `continuum outbox send`: send due emails through GOV.UK Notify.
struct OutboxSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "outbox", abstract: "send due emails through GOV.UK Notify")

    /// OutboxCommand parses its own sub-verbs and options, with the messages and statuses tests pin,
    /// so everything after `outbox` passes through to it unchanged.
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func execute() async -> Int32 {
        await ContinuumCLI.withMigratedApplication { app in try await OutboxCommand.run(arguments, app: app) }
    }
}
