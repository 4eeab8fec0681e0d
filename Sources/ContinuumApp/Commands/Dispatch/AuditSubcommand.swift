import ArgumentParser

/// `continuum audit verify|reset-head …`: check the audit trail's MAC chain, or re-anchor its head file.
struct AuditSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "check the audit trail's MAC chain, or re-anchor its head file")

    /// AuditCommand parses its own sub-verbs and options, with the messages and statuses tests pin,
    /// so everything after `audit` passes through to it unchanged.
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func execute() async -> Int32 {
        await ContinuumCLI.withMigratedApplication { app in try await AuditCommand.run(arguments, app: app) }
    }
}
