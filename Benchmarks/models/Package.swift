// swift-tools-version:6.0
// Cost of one evaluate and one VJP of the neural vector fields, beside plain-Swift lower bounds
// (the same multiply–adds as bare matrix–vector products; the same activations alone).
// Self-contained (depends on the root package by path) so that it stays apart from other benchmarks.
import PackageDescription

let package = Package(
    name: "ModelBenchmark",
    dependencies: [.package(name: "Orrery", path: "../..")],
    targets: [
        // Counts heap allocations (malloc and friends) so the benchmark can show that evaluate/VJP make none.
        .target(name: "MallocCounter"),
        .executableTarget(
            name: "ModelBenchmark",
            dependencies: ["MallocCounter", .product(name: "Models", package: "Orrery"),
                           .product(name: "Physics", package: "Orrery"), .product(name: "ODE", package: "Orrery")]
        ),
    ]
)
