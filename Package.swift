// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "nenrule",
    products: [
        .library(name: "NenRule", targets: ["NenRule"]),
        .executable(name: "nenrule", targets: ["nenrule"]),
    ],
    targets: [
        .target(name: "NenRule", path: "Sources/NenRule"),
        .executableTarget(name: "nenrule", dependencies: ["NenRule"], path: "Sources/nenrule"),
        .executableTarget(name: "nenrule-bench", dependencies: ["NenRule"], path: "Sources/nenrule-bench"),
        .testTarget(
            name: "NenRuleTests", dependencies: ["NenRule"], path: "Tests/NenRuleTests",
            exclude: ["Golden", "Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
