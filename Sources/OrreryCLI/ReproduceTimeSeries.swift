import Generation
import ArgumentParser
import Datasets
import Fitting
import Foundation
import HDF5Kit
import Models
import Optimizers
import Physics
import Reports

/// `orrery reproduce time-series`: irregularly sampled spiral and Lotka–Volterra fitted by a neural ODE with
/// ACA, adjoint and naive gradients (Zhuang et al. 2020, the time-series experiment).
public struct ReproduceTimeSeries: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "time-series",
        abstract: "Neural ODEs on irregularly sampled spiral and Lotka–Volterra data: ACA vs adjoint vs naive.",
        discussion: """
            Generates 16 trajectories with 100 irregular times each, keeps 10 %, 20 % or 50 % of the points, fits an \
            MLP 2-32-32-2 tanh neural ODE (AdaBelief lr 0.01, dense observation mode) on t ≤ 0.75 T with each gradient \
            method, and reports interpolation and extrapolation MSE and training time. Writes README.md, results.h5, \
            SVGs and time-series.ipynb.
            """
    )

    @Flag(help: "The spiral only, 50 % observed, few iterations (finishes in seconds; for tests and smoke runs).")
    var quick = false

    @Option(help: "Directory for the report.")
    var output = "notebooks-export/time-series"

    @Flag(help: "Print every fit as JSON on stdout.")
    var json = false

    public init() {}

    public func run() throws {
        do {
            let results = try TimeSeriesExperiment.run(quick: quick)
            try TimeSeriesExperiment.report(results, command: commandLine).write(to: URL(fileURLWithPath: output))
            ReproduceFit.log("time-series", "report written to \(output)")
            if json { try ReproduceFit.printJSON(results) }
        } catch {
            FileHandle.standardError.write(Data("orrery: error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    var commandLine: String {
        var words = ["orrery", "reproduce", "time-series"]
        if quick { words.append("--quick") }
        if output != "notebooks-export/time-series" { words += ["--output", output] }
        return words.joined(separator: " ")
    }
}

enum TimeSeriesExperiment {
    static let methods = ["aca", "adjoint", "naive"]

    struct Row: Codable, Sendable {
        var system: String
        var observed: Double
        var gradient: String
        var outcome: ReproduceFit.Outcome
    }

    struct Results: Codable, Sendable {
        var quick: Bool
        var iterations: Int
        var tEnd: Double
        var rows: [Row]
    }

    static func run(quick: Bool) throws -> Results {
        let systems: [TimeSeriesSystem] = quick ? [.spiral] : [.spiral, .lotkaVolterra]
        let observed = quick ? [0.5] : [0.1, 0.2, 0.5]
        let iterations = quick ? 15 : 150, tEnd = 10.0
        var belief = AdaBeliefConfiguration.paper
        belief.learningRate = 0.01
        var rows: [Row] = []
        for system in systems {
            for fraction in observed {
                let recipe = DatasetRecipe(source: .timeSeries(system), count: 16, tEnd: tEnd, samples: 100, sampling: .uniform,
                                           observation: ObservationModel(missingFraction: 1 - fraction), seed: 7)
                guard let dataset = try DatasetGenerator(recipe: recipe, threads: 2).generate().dataset else {
                    throw FitError("generating \(system.rawValue) failed")
                }
                for gradient in methods {
                    let configuration = FitConfiguration(
                        data: .init(path: "(generated: \(system.rawValue), 16 × 100 uniform times, \(Int(fraction * 100)) % observed)"),
                        model: .mlp(hiddenWidths: [32, 32], activation: .tanh, timeInput: false, stateDimension: 2),
                        gradient: gradient, observationMode: "dense", solver: "dopri5", rtol: 1e-5, atol: 1e-7,
                        optimizer: .adaBelief(belief), iterations: iterations, seed: 3, trainUntil: 0.75 * tEnd,
                        validateEvery: 1000, checkpointEvery: 100_000)
                    let label = "\(system.rawValue) \(Int(fraction * 100)) % \(gradient)"
                    ReproduceFit.log("time-series", label)
                    rows.append(Row(system: system.rawValue, observed: fraction, gradient: gradient,
                                    outcome: ReproduceFit.run(label, configuration, dataset).0))
                }
            }
        }
        return Results(quick: quick, iterations: iterations, tEnd: tEnd, rows: rows)
    }

    static func report(_ r: Results, command: String) -> ExperimentReport {
        let rows = r.rows
        let table = Table(name: "fits", headers: [
            "system", "observed fraction", "gradient", "interpolation MSE", "extrapolation MSE", "first loss", "final loss",
            "training time (s)", "function evaluations",
        ], columns: [
            .text(rows.map(\.system)), .numbers(rows.map(\.observed)), .text(rows.map(\.gradient)),
            .numbers(rows.map(\.outcome.interpolationMSE)), .numbers(rows.map(\.outcome.extrapolationMSE)),
            .numbers(rows.map { $0.outcome.loss.first ?? .nan }), .numbers(rows.map { $0.outcome.loss.last ?? .nan }),
            .numbers(rows.map(\.outcome.seconds)), .numbers(rows.map(\.outcome.functionEvaluations)),
        ])
        var systems: [String] = []
        for row in rows where !systems.contains(row.system) { systems.append(row.system) }
        var figures: [Figure] = []
        for system in systems {
            for (key, title, value) in [("extrapolation", "extrapolation MSE", { (o: ReproduceFit.Outcome) in o.extrapolationMSE }),
                                        ("interpolation", "interpolation MSE", { (o: ReproduceFit.Outcome) in o.interpolationMSE })] {
                figures.append(Figure(name: "\(system)-\(key)-vs-observed", title: "\(system): \(title) vs observed fraction",
                                      xLabel: "observed fraction", yLabel: title, logY: true, series: methods.map { m in
                                          let s = rows.filter { $0.system == system && $0.gradient == m }
                                          return Figure.Series(label: m, x: s.map(\.observed), y: s.map { value($0.outcome) }, style: m == "adjoint" ? .dashed : .line)
                                      }))
            }
            let most = rows.filter { $0.system == system }.map(\.observed).max() ?? 0
            figures.append(ReproduceFit.lossFigure("\(system)-loss", "\(system), \(Int(most * 100)) % observed: training loss",
                                                   rows.filter { $0.system == system && $0.observed == most }.map(\.outcome)))
        }
        // Who wins extrapolation, per (system, fraction).
        var acaBest = 0, groups = 0
        var spread: [Double] = []
        for system in systems {
            for fraction in Set(rows.filter { $0.system == system }.map(\.observed)) {
                let g = rows.filter { $0.system == system && $0.observed == fraction }
                guard let best = g.min(by: { $0.outcome.extrapolationMSE < $1.outcome.extrapolationMSE }) else { continue }
                groups += 1
                if best.gradient == "aca" { acaBest += 1 }
                let values = g.map(\.outcome.extrapolationMSE).filter(\.isFinite)
                if let lo = values.min(), let hi = values.max(), lo > 0 { spread.append(hi / lo) }
            }
        }
        func time(_ m: String) -> Double { rows.filter { $0.gradient == m }.map(\.outcome.seconds).filter(\.isFinite).reduce(0, +) }
        let fractionText = systems.map { system -> String in
            let s = rows.filter { $0.system == system && $0.gradient == "aca" }.sorted { $0.observed < $1.observed }
            return "\(system) " + s.map { "\(Int($0.observed * 100)) %: \(Table.format($0.outcome.extrapolationMSE, significant: 3))" }.joined(separator: ", ")
        }.joined(separator: "; ")
        let comparison = """
            The paper (Zhuang et al. 2020, Sec. 4.2) reports that on irregularly sampled time series ACA gives lower \
            interpolation and extrapolation error than the adjoint and naive backpropagation, at every observed fraction.

            **Found here: \(2 * acaBest > groups ? "partly agree" : "disagree").** ACA had the lowest extrapolation MSE in \
            \(acaBest) of \(groups) (system, fraction) groups; the largest / smallest extrapolation MSE within a group \
            ranged \(spread.isEmpty ? "—" : "\(Table.format(spread.min()!, significant: 4))–\(Table.format(spread.max()!, significant: 4))×"). \
            With the same seed, data and optimizer the three methods follow nearly the same optimisation path on these \
            smooth, non-stiff systems at rtol = 1e-5: their gradients differ by about the solver tolerance, far less \
            than the optimisation noise, so the differences in the table are small and not systematic. The paper's gap \
            comes from the adjoint's reverse-time error, which matters on long or stiff horizons (see \
            `gradient-accuracy`'s van der Pol rows), not on these short smooth trajectories. Total training time: \
            ACA \(Table.format(time("aca"), significant: 3)) s, adjoint \(Table.format(time("adjoint"), significant: 3)) s, \
            naive \(Table.format(time("naive"), significant: 3)) s (the adjoint pays for its augmented reverse solves). Extrapolation MSE (ACA) from the fewest to the most observed points: \(fractionText).
            """
        var settings: [(String, String)] = [
            ("data", "16 trajectories per system, 100 uniform random times on [0, \(Table.format(r.tEnd))] (DOP853 1e-13, seed 7), a fraction of the points kept (ObservationModel missingFraction = 1 − fraction)"),
            ("systems", systemsText(systems)),
            ("model", "MLP 2-32-32-2 tanh neural ODE (no time input), seed 3"),
            ("training", "AdaBelief (paper preset) lr 0.01, \(r.iterations) full-batch iterations, on t ≤ 0.75 T = \(Table.format(0.75 * r.tEnd)); dense observation mode"),
            ("solver", "dopri5, rtol 1e-5, atol 1e-7"),
            ("errors", "MSE over observed points: interpolation t ≤ 0.75 T, extrapolation t > 0.75 T"),
        ]
        if r.quick { settings.append(("mode", "--quick (spiral only, 50 % observed, 15 iterations)")) }
        var arrays: [String: NDArray<Double>] = [:]
        for (k, row) in rows.enumerated() { arrays["loss/\(k)"] = NDArray(row.outcome.loss) }
        return ExperimentReport(
            name: "time-series",
            title: "Irregular time series: neural ODEs with ACA vs adjoint vs naive (Zhuang et al. 2020)",
            summary: """
                Neural ODEs fitted to irregularly sampled spiral and Lotka–Volterra trajectories with 10 %, 20 % and 50 % \
                of the points observed, trained with ACA, adjoint and naive gradients; interpolation and extrapolation \
                error and training time per method and observed fraction.
                """,
            command: command, settings: settings,
            sections: [.init(heading: "Errors and cost", text: "One fit per (system, observed fraction, gradient method).",
                             tables: [table], figures: figures)],
            comparison: comparison, arrays: arrays,
            attributes: ["orrery_version": .string(OrreryVersion.string)],
            indexFigure: figures.first?.name)
    }

    static func systemsText(_ systems: [String]) -> String { systems.joined(separator: ", ") + " (default parameters)" }
}
