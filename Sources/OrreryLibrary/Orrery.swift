// `import Orrery`: every public library module in one import, for programs that use Orrery as a
// Swift library (see README, "Use Orrery as a Swift library", and Examples/).
//
// The modules stay separate products too: a program that only solves ODEs or uses the built-in
// physics can depend on `ODE` or `Physics` alone, which link no HDF5 (datasets and fit files do).
@_exported import Checking
@_exported import Datasets
@_exported import Equations
@_exported import Evaluation
@_exported import Fitting
@_exported import Generation
@_exported import Gradients
@_exported import Models
@_exported import ODE
@_exported import Optimizers
@_exported import Parallel
@_exported import Physics
@_exported import Randomness
