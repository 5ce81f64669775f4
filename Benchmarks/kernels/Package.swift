// swift-tools-version:6.0
// Throughput of the CKernels MLP kernels (issue 13): ns and GFLOP/s of batched evaluate and VJP,
// baseline vs AVX2+FMA, against the core's measured FMA peak; activations vs libm.
// Self-contained (depends on the root package by path).
import PackageDescription

let package = Package(
    name: "KernelBenchmark",
    dependencies: [.package(name: "Orrery", path: "../..")],
    targets: [
        // A pure-FMA loop (AVX2, per-function target attribute) that measures the core's peak.
        .target(name: "PeakFMA"),
        .executableTarget(
            name: "KernelBenchmark",
            dependencies: ["PeakFMA", .product(name: "CKernels", package: "Orrery"), .product(name: "Models", package: "Orrery")]
        ),
    ]
)
