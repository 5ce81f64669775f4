// swift-tools-version:6.0
// Throughput of the streaming CSV reader (issue 11: 52 MB in 14 s = 3.7 MB/s before it).
// Self-contained (depends on the root package by path) so that it stays apart from other benchmarks.
import PackageDescription

let package = Package(
    name: "CSVBenchmark",
    dependencies: [.package(name: "Orrery", path: "../..")],
    targets: [
        .executableTarget(name: "CSVBenchmark", dependencies: [.product(name: "Datasets", package: "Orrery")]),
    ]
)
