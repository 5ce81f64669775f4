import Generation
import ArgumentParser
import Datasets
import Foundation
import ODE

/// Sample times, solver, observation model and output of `orrery simulate` and `orrery predict`
/// (the same names and meanings as `orrery generate`'s).
struct SimulationOptions: ParsableArguments {
    @Option(help: "End of the time span, measured from each trajectory's start time.") var tEnd: Double?
    @Option(help: "Samples per trajectory (with --t-end).") var samples = 100
    @Option(help: "regular | irregular (sorted uniform draws per trajectory) | poisson (see --rate).") var sampling = "regular"
    @Option(help: "Rate of the Poisson process for --sampling poisson.") var rate = 10.0
    @Option(help: ArgumentHelp("Sample times from a file (numbers separated by newlines or commas; a CSV with a t column), shared by all trajectories; instead of --t-end.", valueName: "FILE"))
    var times: String?
    @Option(help: "Integrator: \(ButcherTableau.allNames).") var solver: String?
    @Option(help: "Relative tolerance (adaptive solvers).") var rtol: Double?
    @Option(help: "Absolute tolerance (adaptive solvers).") var atol: Double?
    @Option(help: "Step size (fixed-step solvers only).") var dt: Double?
    @Option(help: "Standard deviation of Gaussian observation noise.") var noise = 0.0
    @Option(help: "Fraction of entries missing (masked), in [0, 1).") var missing = 0.0
    @Option(help: "Random seed of sampling, noise and missing values (same seed, same bytes).") var seed: UInt64 = 0
    @Option(help: "Worker threads (default: all cores). The file does not depend on it.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Output file: schema-v1 HDF5, or a table when it ends in .csv (comma-separated) or .tsv/.txt (tab-separated); written atomically.") var output: String
    @Flag(help: "Print a JSON summary on stdout.") var json = false

    func validate() throws {
        guard times == nil || tEnd == nil else { throw ValidationError("give the sample times with --t-end T (and --samples N) or --times FILE, not both") }
        guard times != nil || tEnd != nil else { throw ValidationError("give the sample times: --t-end T (and --samples N), or --times FILE") }
        try flagged { try SimulationKnobs(tEnd: tEnd, samples: samples, sampling: sampling, rate: rate, noise: noise, missing: missing,
                                          solver: solver, rtol: rtol, atol: atol, dt: dt, threads: threads).validate() }
    }

    /// The sample times: the file's, or drawn per trajectory.
    func sampleTimes() throws -> SimulationRequest.Times {
        if let times {
            do { return .explicit(try SampleTimesFile.read(times)) } catch { throw ValidationError("--times: \(error)") }
        }
        return .sampled(TimeSampling(named: sampling, rate: rate)!, count: samples, tEnd: tEnd!)
    }

    /// The request for `initialStates`, with the solver defaults the command chooses.
    func request(system: String, labels: [String], initialStates: [[Double]], initialTimes: [Double], defaultSolver: String,
                 defaultRtol: Double, defaultAtol: Double, named: [String: [Double]]) throws -> SimulationRequest {
        SimulationRequest(system: system, stateLabels: labels, initialStates: initialStates, initialTimes: initialTimes,
                          times: try sampleTimes(), observation: ObservationModel(noise: noise, missingFraction: missing), seed: seed,
                          method: ButcherTableau.named(solver ?? defaultSolver)!, rtol: rtol ?? defaultRtol, atol: atol ?? defaultAtol,
                          dt: dt, namedParameters: named, attributes: Provenance.attributes)
    }

    /// `--initial-state`: a CSV/HDF5 file of states and start times, or one state (start 0) as `x=1,y=2` (every label
    /// once, any order) or `1,2` (state order).
    static func initialStates(_ text: String, labels: [String]) throws -> ([[Double]], [Double]) {
        if InitialStateTable.namesFile(text) {
            let table = try reportingErrors { try InitialStateTable.read(from: text, labels: labels) }
            return (table.states, table.initialTimes)
        }
        do { return ([try InitialStateTable.state(parsing: text, labels: labels)], [0]) } catch { throw ValidationError("--initial-state: \(error.message)") }
    }

    /// Refuses an output that is one of `inputs` (the same path, a link to it or a hard link: ``OutputGuard``) or a folder.
    func refuseOverwriting(_ inputs: [String]) throws {
        do { try OutputGuard.requireDistinct(output: output, from: inputs.map { ($0, "an input") }, knob: "--output") } catch let collision as OutputGuard.Collision {
            throw ValidationError("--output \(output) is an input (\(collision.input)); write the result to another file")
        } catch { throw ValidationError("\(error)") }
    }

    /// Writes the dataset (HDF5 or CSV by extension) and prints the summary.
    /// `standardDeviations` (`(B, N, D)`) go to `/uncertainty/state_std` (HDF5) or `<label>_std` columns (CSV).
    func write(_ dataset: TrajectoryDataset, seconds: Double, standardDeviations: [Double]? = nil) throws {
        try reportingErrors { try dataset.write(toFile: output, standardDeviations: standardDeviations) }
        let summary = DatasetSummary(dataset: dataset, file: output)
        if json { try printJSON(summary) } else { print(summary.text + String(format: " in %.2f s", seconds)) }
    }
}
