import ArgumentParser

/// `continuum export subject-access|sen2|dsg-plan …`: a subject-access export, the SEN2 return or the DSG management plan.
struct ExportSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "a subject-access export, the SEN2 return or the DSG management plan workbook")

    /// SEN2ExportCommand parses its own sub-verbs and options, with the messages and statuses tests pin,
    /// so everything after `export` passes through to it unchanged.
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func execute() async -> Int32 {
        await ContinuumCLI.withMigratedApplication { app in try await SEN2ExportCommand.run(arguments, app: app) }
    }
}
