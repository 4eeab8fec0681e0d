import ContinuumApp
import Foundation

exit(await ContinuumCLI.main(CommandLine.arguments))
