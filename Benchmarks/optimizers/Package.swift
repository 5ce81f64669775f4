// swift-tools-version:6.0
// Optimizer step cost per parameter at 10⁶ parameters, against a memory-bandwidth-bound loop.
// Self-contained (depends on the root package by path) so that it stays apart from other benchmarks.
import PackageDescription

let package = Package(
    name: "OptimizerBenchmark",
    dependencies: [.package(name: "Orrery", path: "../..")],
    targets: [
        .executableTarget(
            name: "OptimizerBenchmark",
            dependencies: [.product(name: "Optimizers", package: "Orrery")]
        ),
    ]
)
