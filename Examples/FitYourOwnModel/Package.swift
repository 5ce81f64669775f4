// swift-tools-version:6.0
// Orrery as a Swift library: a model of your own, fitted with ACA gradients and AdaBelief.
import PackageDescription

let package = Package(
    name: "FitYourOwnModel",
    dependencies: [.package(name: "Orrery", path: "../..")],
    targets: [
        .executableTarget(name: "FitYourOwnModel", dependencies: [.product(name: "Orrery", package: "Orrery")]),
    ]
)
