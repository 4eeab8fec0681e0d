// swift-tools-version:6.0
import PackageDescription

let debugFlags: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-warn-long-expression-type-checking=200"], .when(configuration: .debug)),
]

let package = Package(
    name: "continuum",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "continuum", targets: ["continuum"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        // GOV.UK Notify's API keys sign a JWT per request (issue 12 item 5).
        .package(url: "https://github.com/vapor/jwt.git", from: "5.2.0"),
        // Subject-access exports leave as one zip file (issue 12 item 7).
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // The CLI's top-level dispatch: one subcommand struct per command (issue 14 item 4).
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .target(name: "ContinuumDomain", resources: [.copy("Resources")], swiftSettings: debugFlags),
        // Seeded synthetic data for the demo county and the benchmarks (issue 14 item 4): kept out of the
        // domain, which holds rules only. SplitMix64, the one seeded generator, lives here too.
        .target(name: "ContinuumDemo", dependencies: ["ContinuumDomain"], swiftSettings: debugFlags),
        // Site planning (issue 6): pure Swift, Foundation only, so the solvers build and test apart from the app.
        .target(name: "ContinuumPlanning", swiftSettings: debugFlags),
        .target(name: "GOVUK", dependencies: [.product(name: "Plot", package: "Plot")], swiftSettings: debugFlags),
        .target(
            name: "ContinuumApp",
            dependencies: [
                "ContinuumDomain", "ContinuumDemo", "GOVUK", "ContinuumPlanning",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "JWT", package: "jwt"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: debugFlags
        ),
        .executableTarget(name: "continuum", dependencies: ["ContinuumApp"], swiftSettings: debugFlags),
        // Writes the synthetic attendance year for bench/attendance/run.sh (issue 4 item 5).
        .executableTarget(name: "continuum-bench-data", dependencies: ["ContinuumDomain", "ContinuumDemo"], swiftSettings: debugFlags),
        // ContinuumDemo for SplitMix64 (seeded property tests) and SyntheticAttendance (the reference check of the illness measures).
        .testTarget(name: "ContinuumDomainTests", dependencies: ["ContinuumDomain", "ContinuumDemo"]),
        .testTarget(name: "ContinuumDemoTests", dependencies: ["ContinuumDemo", "ContinuumDomain"]),
        .testTarget(name: "GOVUKTests", dependencies: ["GOVUK"]),
        // ContinuumDemo only for its SplitMix64, the one seeded generator (issue 14 item 4).
        .testTarget(name: "ContinuumPlanningTests", dependencies: ["ContinuumPlanning", "ContinuumDemo"]),
        .testTarget(
            name: "ContinuumAppTests",
            dependencies: [
                "ContinuumApp", "ContinuumDemo",
                .product(name: "XCTVapor", package: "vapor"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
