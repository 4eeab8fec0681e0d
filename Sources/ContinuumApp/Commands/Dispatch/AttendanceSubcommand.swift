import ArgumentParser

/// `continuum attendance compact [--before DATE]`: fold the daily feeds' registers into the year blobs.
struct AttendanceSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "attendance", abstract: "fold the daily feeds' registers into the year blobs")

    /// AttendanceCompactCommand parses its own sub-verbs and options, with the messages and statuses tests pin,
    /// so everything after `attendance` passes through to it unchanged.
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func execute() async -> Int32 {
        await ContinuumCLI.withMigratedApplication { app in try await AttendanceCompactCommand.run(arguments, app: app) }
    }
}
