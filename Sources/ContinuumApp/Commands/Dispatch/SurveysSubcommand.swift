import ArgumentParser

/// `continuum surveys send`: the survey invitations due today, by the stages each survey follows.
struct SurveysSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "surveys", abstract: "send the survey invitations due at the case stages chosen")

    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func execute() async -> Int32 {
        await ContinuumCLI.withMigratedApplication { app in try await SurveysCommand.run(arguments, app: app) }
    }
}
