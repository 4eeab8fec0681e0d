import ArgumentParser

/// `continuum help` (also `--help` and `-h`): the hand-kept help text, ContinuumCLI.help.
struct HelpSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "help", abstract: "this list of commands")

    /// Anything after `help` is ignored, as it always was.
    @Argument(parsing: .captureForPassthrough) var ignored: [String] = []

    func execute() async -> Int32 { ContinuumCLI.emit(.ok(ContinuumCLI.help)) }
}
