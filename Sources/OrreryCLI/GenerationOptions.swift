import Generation
import ArgumentParser
import Datasets
import Foundation
import HDF5Kit
import ODE

/// Flags shared by `orrery generate three-body` and `orrery generate time-series`.
struct GenerationOptions: ParsableArguments {
    @Option(help: "Number of trajectories (default 16; 1 for a preset with fixed initial conditions, whose copies would be identical).")
    var count: Int?
    @Option(help: "End of the time span (each trajectory starts at t = 0).") var tEnd: Double?
    @Option(help: "Samples per trajectory.") var samples = 100
    @Option(help: "regular | irregular (sorted uniform draws per trajectory) | poisson (see --rate).") var sampling = "regular"
    @Option(help: "Rate of the Poisson process for --sampling poisson.") var rate = 10.0
    @Option(help: "Standard deviation of Gaussian observation noise.") var noise = 0.0
    @Option(help: "Fraction of entries missing (masked), in [0, 1).") var missing = 0.0
    @Option(help: "Random seed (same seed, same bytes).") var seed: UInt64 = 0
    @Option(help: "Integrator: \(ButcherTableau.allNames).") var solver = "dop853"
    @Option(help: "Relative tolerance (adaptive solvers; default 1e-13, 7e-14 for N-body systems in Sundman time).") var rtol: Double?
    @Option(help: "Absolute tolerance (adaptive solvers; default as --rtol).") var atol: Double?
    @Option(help: "Step size (fixed-step solvers only).") var dt: Double?
    @Option(help: "N-body time, adaptive solvers: sundman (a fictitious time, even steps through close encounters) | none (physical time).") var timeTransformation = "sundman"
    @Option(help: "Worker threads (default: all cores). The file does not depend on it.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "skip | abort: what to do when a trajectory's solve fails.") var onFailure = "abort"
    @Option(help: "Generate only slice K of N (e.g. 2/8) of the same dataset; join slices with `orrery merge`.") var shard: String?
    @Option(help: "Output file (written atomically: it appears only when complete).") var output: String
    @Flag(help: "Print a JSON summary on stdout.") var json = false

    func validate(defaultTEnd: Double, defaultCount: Int = 16) throws {
        let count = self.count ?? defaultCount
        guard count > 0 else { throw ValidationError("--count must be positive (got \(count))") }
        try flagged { try SimulationKnobs(tEnd: tEnd, samples: samples, sampling: sampling, rate: rate, noise: noise, missing: missing,
                                          solver: solver, rtol: rtol, atol: atol, dt: dt, threads: threads).validate(fixedStepsNeedDt: true) }
        guard TimeTransformation(rawValue: timeTransformation) != nil else { throw ValidationError("--time-transformation must be sundman or none (got \(timeTransformation))") }
        guard DatasetGenerator.FailurePolicy(rawValue: onFailure) != nil else {
            throw ValidationError("--on-failure must be skip or abort (got \(onFailure))")
        }
        guard !(try shardRange(count: count)).isEmpty else {  // as typed; the library's checkSize() normalises K/N
            throw ValidationError("--shard \(shard ?? "") of --count \(count) holds no trajectories: use at most \(count) shards")
        }
    }

    /// The trajectory ids of this shard (all `count` of them without --shard).
    func shardRange(count: Int) throws -> Range<Int> {
        guard let shard else { return 0..<count }
        guard let slice = DatasetShard(shard) else { throw ValidationError("--shard must be K/N with 1 ≤ K ≤ N (got \(shard))") }
        return slice.ids(of: count)
    }

    func recipe(source: DatasetRecipe.Source, defaultTEnd: Double, defaultCount: Int = 16, parameters: [Double]? = nil) -> DatasetRecipe {
        DatasetRecipe(source: source, count: count ?? defaultCount, tEnd: tEnd ?? defaultTEnd, samples: samples,
                      sampling: TimeSampling(named: sampling, rate: rate)!,
                             observation: ObservationModel(noise: noise, missingFraction: missing), seed: seed,
                             method: ButcherTableau.named(solver)!, rtol: rtol, atol: atol, parameters: parameters, dt: dt,
                             timeTransformation: TimeTransformation(rawValue: timeTransformation)!)
    }

    /// Runs the generator (``GenerationJob``) and writes the file; prints a summary.
    func run(recipe: DatasetRecipe) throws {
        TemporaryFiles.removeOnInterrupt()
        let job = GenerationJob(recipe: recipe, shard: shard.flatMap(DatasetShard.init), threads: threads,
                                onFailure: DatasetGenerator.FailurePolicy(rawValue: onFailure)!)
        try reportingErrors { try OutputGuard.requireDistinct(output: self.output, from: [], knob: "--output"); try job.checkSolverSettings(); try job.checkSize() }
        let progress = ProgressLine("simulating \(recipe.systemName)")
        let report: (@Sendable (Int, Int) -> Void)? = job.ids.count >= 64 ? { @Sendable done, total in progress.update(done, of: total) } : nil
        // The file records --shard as typed.
        let attributes = Provenance.attributes.merging(shard.map { ["shard": .string($0)] } ?? [:]) { $1 }
        let outcome = try reportingErrors { try job.run(attributes: attributes, progress: report) }
        for failure in outcome.failures {
            FileHandle.standardError.write(Data("orrery: skipped \(CLIRemedies.translate(String(describing: failure)))\n".utf8))
        }
        guard let dataset = outcome.dataset, let summary = job.summary(of: outcome, file: self.output) else {
            throw fail("every trajectory failed (see the lines above); nothing written: loosen --rtol/--atol or shorten --t-end")
        }
        try reportingErrors { try dataset.write(to: self.output, filtering: .parallel(threads: threads)) }
        if json { try printJSON(summary) } else { print(summary.dataset.text + String(format: " in %.2f s", outcome.seconds)) }
    }
}
