import ArgumentParser

/// `continuum plan sites --pupils F --candidates F --p N …`: choose teaching-base sites by travel time.
struct PlanSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "choose teaching-base sites by travel time")

    /// PlanCommand parses its own sub-verbs and options, with the messages and statuses tests pin,
    /// so everything after `plan` passes through to it unchanged.
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func execute() async -> Int32 {
        ContinuumCLI.emit(PlanCommand.run(arguments))
    }
}
