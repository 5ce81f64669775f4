/// Where a fit's checkpoints go: every `checkpointEvery` iterations, at the end, and on an interrupt.
///
/// A file (what `orrery fit --output` uses: atomic HDF5 writes that `resume` continues from), or
/// any closure a library user supplies (keep the latest in memory, log it, send it elsewhere).
/// A fit without a sink keeps nothing but returns its final ``FitCheckpoint``.
public struct FitCheckpointSink {
    /// Names the destination in messages ("the best parameters are kept in …").
    public let description: String
    let save: (FitCheckpoint) throws -> Void

    /// A sink that hands each checkpoint to `save`.
    public init(_ description: String, save: @escaping (FitCheckpoint) throws -> Void) {
        self.description = description
        self.save = save
    }

    /// Atomic writes of the fit file at `path` (schema in `datasets/README.md`).
    public static func file(_ path: String) -> FitCheckpointSink {
        FitCheckpointSink(path) { try $0.write(to: path) }
    }
}
