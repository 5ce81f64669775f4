// swift-tools-version:6.0
// Cost of one evaluate and one VJP of fields written as equations (EquationModel's tape)
// beside the same fields written by hand in Swift (Physics): Lotka–Volterra and three-body.
// Self-contained (depends on the root package by path) so that it stays apart from other benchmarks.
import PackageDescription

let package = Package(
    name: "EquationBenchmark",
    dependencies: [.package(name: "Orrery", path: "../..")],
    targets: [
        // Counts heap allocations so the benchmark can show that evaluate/VJP make none.
        .target(name: "MallocCounter"),
        .executableTarget(
            name: "EquationBenchmark",
            dependencies: ["MallocCounter", .product(name: "Equations", package: "Orrery"),
                           .product(name: "Physics", package: "Orrery"), .product(name: "ODE", package: "Orrery")]
        ),
    ]
)
