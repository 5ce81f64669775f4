// swift-tools-version:6.0
// Gradients through adaptive solvers, side by side with torchdiffeq, TorchDiffEqPack and diffrax.
// Self-contained (depends on the root package by path) so that it stays apart from other benchmarks.
import PackageDescription

let package = Package(
    name: "GradientBenchmark",
    dependencies: [.package(name: "Orrery", path: "../..")],
    targets: [
        .executableTarget(
            name: "GradientBenchmark",
            dependencies: [
                .product(name: "Gradients", package: "Orrery"),
                .product(name: "Physics", package: "Orrery"),
                .product(name: "ODE", package: "Orrery"),
            ]
        ),
    ]
)
