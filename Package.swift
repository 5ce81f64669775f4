// swift-tools-version:6.0
// Orrery — learn the laws of motion from trajectories.
// Dependencies point one way: ODE, Optimizers and Parallel know nothing of files
// or physics; only the command-line layer depends on swift-argument-parser.
import PackageDescription

let package = Package(
    name: "Orrery",
    products: [
        .library(name: "HDF5Kit", targets: ["HDF5Kit"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "Randomness", targets: ["Randomness"]),
        .library(name: "Parallel", targets: ["Parallel"]),
        .library(name: "ODE", targets: ["ODE"]),
        .library(name: "Gradients", targets: ["Gradients"]),
        .library(name: "Checking", targets: ["Checking"]),
        .library(name: "Optimizers", targets: ["Optimizers"]),
        .library(name: "Physics", targets: ["Physics"]),
        .library(name: "Generation", targets: ["Generation"]),
        .library(name: "Equations", targets: ["Equations"]),
        .library(name: "CKernels", targets: ["CKernels"]),
        .library(name: "Models", targets: ["Models"]),
        .library(name: "Evaluation", targets: ["Evaluation"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Fitting", targets: ["Fitting"]),
        .library(name: "Reproductions", targets: ["Reproductions"]),
        // `import Orrery`: every library module at once.
        .library(name: "Orrery", targets: ["Orrery"]),
        .executable(name: "orrery", targets: ["orrery"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Model files (`--model-file`, TOML), read by Fitting.ModelFile.
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
    ],
    targets: [
        // C library: a module map and a shim header over Debian's libhdf5 (serial flavour).
        .systemLibrary(
            name: "CHDF5",
            pkgConfig: "hdf5-serial",
            providers: [.apt(["libhdf5-dev", "zlib1g-dev", "pkg-config"])]
        ),
        .target(name: "HDF5Kit", dependencies: ["CHDF5", "Parallel"]),
        .target(name: "Randomness"),
        .target(name: "Datasets", dependencies: ["HDF5Kit", "Randomness"]),
        .target(name: "Parallel"),
        // AVX2 kernels of the lane integrator (a function attribute, no flags; used only where the CPU has AVX2).
        .target(name: "LaneKernels"),
        .target(name: "ODE", dependencies: ["LaneKernels"]),
        .target(name: "Gradients", dependencies: ["ODE", "Parallel"]),
        // What a user needs to check a model: a VJP checker, finite-difference gradients, relativeError.
        .target(name: "Checking", dependencies: ["ODE", "Gradients"]),
        .target(name: "Optimizers"),
        // The core (ODE, Physics, Models, Gradients…) links no file library; generation writes datasets.
        .target(name: "Physics", dependencies: ["ODE", "Randomness", "LaneKernels"]),
        .target(name: "Generation", dependencies: ["Physics", "Datasets", "ODE", "Parallel"]),
        .target(name: "Equations", dependencies: ["ODE"]),
        // Hot kernels of the neural fields in C, each compiled for the baseline and for AVX2+FMA
        // (per-function target attributes, chosen at run time; see Sources/CKernels/include/CKernels.h).
        .target(name: "CKernels"),
        .target(name: "Models", dependencies: ["ODE", "Physics", "Randomness", "Equations", "CKernels"]),
        .target(name: "Evaluation"),
        .target(name: "Reports", dependencies: ["Evaluation", "HDF5Kit"]),
        .target(name: "Fitting", dependencies: ["HDF5Kit", "Datasets", "Optimizers", "ODE", "Gradients", "Physics", "Models", "Evaluation", "Parallel", "Checking", "Reports",
                                       .product(name: "TOMLKit", package: "TOMLKit")]),
        // The published experiments as library code (`run(settings) -> Results`, `report(results)`); the CLI is their shell.
        .target(name: "Reproductions", dependencies: ["Checking", "HDF5Kit", "Datasets", "Randomness", "ODE", "Gradients", "Optimizers", "Physics", "Generation", "Models", "Evaluation", "Fitting", "Reports", "Parallel"]),
        .target(
            name: "OrreryCLI",
            dependencies: [
                "HDF5Kit", "Datasets", "ODE", "Gradients", "Optimizers", "Physics", "Generation", "Models", "Evaluation", "Fitting", "Reports",
                "Reproductions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "Orrery",
            dependencies: ["Checking", "Datasets", "Equations", "Evaluation", "Fitting", "Generation", "Gradients", "Models",
                           "ODE", "Optimizers", "Parallel", "Physics", "Randomness"],
            path: "Sources/OrreryLibrary"
        ),
        .executableTarget(name: "orrery", dependencies: ["OrreryCLI"]),

        .target(name: "TestSupport", dependencies: ["ODE", "Checking"], path: "Tests/TestSupport"),
        .testTarget(name: "HDF5KitTests", dependencies: ["HDF5Kit", "TestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Parallel", "TestSupport"]),
        .testTarget(name: "PhysicsTests", dependencies: ["Physics", "Generation", "Datasets", "TestSupport"]),
        .testTarget(name: "EquationsTests", dependencies: ["Equations", "ODE", "Physics", "TestSupport"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "CKernels", "Equations", "Physics", "Randomness", "TestSupport"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "TestSupport"]),
        .testTarget(name: "FittingTests", dependencies: ["Fitting", "Datasets", "Generation", "Models", "Optimizers", "ODE", "Physics", "TestSupport", "orrery"]),
        .testTarget(name: "ODETests", dependencies: ["ODE"]),
        .testTarget(name: "CheckingTests", dependencies: ["Checking", "Gradients", "ODE", "Physics"]),
        .testTarget(name: "GradientsTests", dependencies: ["Checking", "Gradients", "Physics", "TestSupport"]),
        .testTarget(name: "OptimizersTests", dependencies: ["Optimizers"]),
        .testTarget(name: "ReproductionsTests", dependencies: ["Reproductions", "Reports", "HDF5Kit", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["OrreryCLI", "HDF5Kit", "Datasets", "TestSupport", "orrery"]),
    ]
)
