import ArgumentParser

/// `continuum report census|illness-absence|ehc-timeliness|ehc-backlog …`: the census and the EHC and attendance reports.
struct ReportSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "the census and the EHC and attendance reports")

    /// ReportCommand parses its own sub-verbs and options, with the messages and statuses tests pin,
    /// so everything after `report` passes through to it unchanged.
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func execute() async -> Int32 {
        await ContinuumCLI.withMigratedApplication { app in try await ReportCommand.run(arguments, app: app) }
    }
}
