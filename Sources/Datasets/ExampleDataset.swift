import Foundation
import HDF5Kit

/// A small dataset that needs no solver: the damped spiral `dz/dt = A z`,
/// `A = [[-α, ω], [-ω, -α]]`, whose exact solution is
/// `z(t) = e^{-αt} [[cos ωt, sin ωt], [-sin ωt, cos ωt]] z0`.
///
/// Used to demonstrate and test the file format end to end.
public enum ExampleDataset {
    /// `count` trajectories with `samples` sorted uniform-random times in [0, tEnd],
    /// Gaussian noise σ = `noise`, initial states uniform in [-2, 2]².
    public static func spiral(count: Int, samples: Int, tEnd: Double, noise: Double, seed: UInt64,
                              damping: Double = 0.1, frequency: Double = 2.0) -> TrajectoryDataset {
        var times = [Double](), states = [Double](), trueStates = [Double](), initial = [Double]()
        for index in 0..<count {
            var random = SeededRandom(seed: seed, stream: UInt64(index))
            let z0 = [random.uniform(-2, 2), random.uniform(-2, 2)]
            initial += z0
            let grid = (0..<samples).map { _ in random.uniform(0, tEnd) }.sorted()
            for t in grid {
                let decay = exp(-damping * t), c = cos(frequency * t), s = sin(frequency * t)
                let z = [decay * (c * z0[0] + s * z0[1]), decay * (-s * z0[0] + c * z0[1])]
                times.append(t)
                trueStates += z
                states += z.map { $0 + noise * random.normal() }
            }
        }
        let metadata = DatasetMetadata(system: "spiral", stateLabels: ["z1", "z2"], attributes: [
            "generator": .string("exact solution"),
            "A": .doubles([-damping, frequency, -frequency, -damping]),
            "seed": .integer(Int64(bitPattern: seed)),
            "noise_std": .double(noise),
            "sampling": .string("irregular"),
            "t_end": .double(tEnd),
        ])
        return TrajectoryDataset(
            times: NDArray(shape: [count, samples], values: times),
            states: NDArray(shape: [count, samples, 2], values: states),
            trueStates: NDArray(shape: [count, samples, 2], values: trueStates),
            initialStates: NDArray(shape: [count, 2], values: initial),
            metadata: metadata)
    }
}
