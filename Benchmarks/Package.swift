// swift-tools-version:6.0
// Orrery benchmarks: kept out of `swift test`. Run `./run.sh` (see README.md).
import PackageDescription

let package = Package(
    name: "OrreryBenchmarks",
    dependencies: [
        .package(name: "Orrery", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "ode-bench",
            dependencies: [.product(name: "ODE", package: "Orrery")]
        ),
    ]
)
