// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "nenrule",
    products: [
        .library(name: "NenRule", targets: ["NenRule"]),
        .executable(name: "nenrule", targets: ["nenrule"]),
    ],
    targets: [
        // The evaluator and the analysis are tight loops over bit sets: unoptimised, the test
        // suite spends most of its time in them, so the library is optimised in debug builds too.
        .target(name: "NenRule", path: "Sources/NenRule", swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .executableTarget(name: "nenrule", dependencies: ["NenRule"], path: "Sources/nenrule"),
        .executableTarget(name: "nenrule-bench", dependencies: ["NenRule"], path: "Sources/nenrule-bench"),
        .testTarget(
            name: "NenRuleTests", dependencies: ["NenRule"], path: "Tests/NenRuleTests",
            exclude: ["Golden", "Fixtures"],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
    ],
    swiftLanguageModes: [.v6]
)
