import ArgumentParser

/// `continuum rules upn|stage|school-days|ehc-timeline …`: statutory rules as one line of JSON.
struct RulesSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "statutory rules as one line of JSON")

    /// RulesCommand parses its own sub-verbs and options, with the messages and statuses tests pin,
    /// so everything after `rules` passes through to it unchanged.
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func execute() async -> Int32 {
        ContinuumCLI.emit(RulesCommand.run(arguments))
    }
}
