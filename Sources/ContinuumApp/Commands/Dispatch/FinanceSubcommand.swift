import ArgumentParser

/// `continuum finance allocation …`: a financial year's High Needs Block figures (issue 15 item 3);
/// `continuum finance bands import FILE.csv`: the council's band frameworks (TOPUP-4);
/// `continuum finance payment-run …`: a top-up payment run and its CSV.
struct FinanceSubcommand: ContinuumSubcommand {
    static let configuration = CommandConfiguration(commandName: "finance", abstract: "the High Needs Block allocation for a financial year, band frameworks and top-up payment runs")

    /// FinanceCommand parses its own options (amounts as decimal strings, one of them negative), with
    /// one-line messages and status 2, so everything after `finance` passes through to it unchanged.
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func execute() async -> Int32 {
        await ContinuumCLI.withMigratedApplication { app in try await FinanceCommand.run(arguments, app: app) }
    }
}
