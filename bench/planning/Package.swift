// swift-tools-version:6.0
import PackageDescription

// The planning benchmark's Swift side, built apart from the app (Foundation only, seconds to build):
// Sources/ContinuumPlanning is a link to the library in the main package, so both measure the same code.
let package = Package(
    name: "planning-bench",
    platforms: [.macOS(.v13)],
    targets: [
        .target(name: "ContinuumPlanning"),
        .executableTarget(name: "plan-bench", dependencies: ["ContinuumPlanning"], path: "plan-bench"),
    ]
)
