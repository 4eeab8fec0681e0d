import ArgumentParser

/// `continuum authority create --la-code NNN --name N --admin-email E [--admin-name N]`: a council and its first administrator.
struct AuthoritySubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "authority", abstract: "a council and its first administrator")

    /// AuthorityCommand parses its own sub-verbs and options, with the messages and statuses tests pin,
    /// so everything after `authority` passes through to it unchanged.
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func execute() async -> Int32 {
        await ContinuumCLI.withMigratedApplication { app in try await AuthorityCommand.run(arguments, app: app) }
    }
}
