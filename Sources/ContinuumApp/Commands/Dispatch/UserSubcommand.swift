import ArgumentParser

/// `continuum user create --email E --role R [--name N] [--school URN]`: create an account.
struct UserSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "create an account")

    /// UserCommand parses its own sub-verbs and options, with the messages and statuses tests pin,
    /// so everything after `user` passes through to it unchanged.
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func execute() async -> Int32 {
        await ContinuumCLI.withMigratedApplication { app in try await UserCommand.run(arguments, app: app) }
    }
}
