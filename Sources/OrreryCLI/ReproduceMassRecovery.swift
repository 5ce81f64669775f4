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

/// `orrery reproduce mass-recovery`: masses of a random three-body system from noisy, irregular positions,
/// AdaBelief vs Adam vs SGD and ACA vs adjoint.
public struct ReproduceMassRecovery: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mass-recovery",
        abstract: "Three-body masses from noisy irregular positions: AdaBelief vs Adam vs SGD, ACA vs adjoint.",
        discussion: """
            One random bound three-body system (seed 11), 100 uniform random times on [0, 5], position noise 0.01; the \
            masses are learned from 1.0 with each optimizer and gradient method. Reports the mass error, loss history \
            and wall time. Writes README.md, results.h5, SVGs and mass-recovery.ipynb.
            """
    )

    @Flag(help: "Few iterations (finishes in seconds; for tests and smoke runs).")
    var quick = false

    @Option(help: "Directory for the report.")
    var output = "notebooks-export/mass-recovery"

    @Flag(help: "Print every fit as JSON on stdout.")
    var json = false

    public init() {}

    public func run() throws {
        do {
            let results = try MassRecovery.run(quick: quick)
            try MassRecovery.report(results, command: commandLine).write(to: URL(fileURLWithPath: output))
            ReproduceFit.log("mass-recovery", "report written to \(output)")
            if json { try ReproduceFit.printJSON(results) }
        } catch {
            FileHandle.standardError.write(Data("orrery: error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    var commandLine: String {
        var words = ["orrery", "reproduce", "mass-recovery"]
        if quick { words.append("--quick") }
        if output != "notebooks-export/mass-recovery" { words += ["--output", output] }
        return words.joined(separator: " ")
    }
}

enum MassRecovery {
    struct Row: Codable, Sendable {
        var optimizer: String
        var gradient: String
        var outcome: ReproduceFit.Outcome
        var massError: Double
    }

    struct Results: Codable, Sendable {
        var quick: Bool
        var iterations: Int
        var truth: [Double]
        var startError: Double
        var rows: [Row]
    }

    static func run(quick: Bool) throws -> Results {
        let recipe = DatasetRecipe(source: .threeBody(.random), count: 1, tEnd: 5, samples: 100, sampling: .uniform,
                                   observation: ObservationModel(noise: 0.01), seed: 11)
        guard let dataset = try DatasetGenerator(recipe: recipe, threads: 2).generate().dataset else { throw FitError("generation failed") }
        let truth = ThreeBodyPreset.randomConfiguration(seed: 11, index: 0).masses
        let start = [1.0, 1.0, 1.0]
        let startError = zip(start, truth).map { abs($0 - $1) / $1 }.max()!
        let iterations = quick ? 40 : 300
        var belief = AdaBeliefConfiguration.paper
        belief.learningRate = 0.01
        let adam = AdamConfiguration(learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0,
                                     decoupledWeightDecay: false, amsgrad: false)
        let optimizers: [(String, OptimizerSpecification)] = [
            ("AdaBelief", .adaBelief(belief)), ("Adam", .adam(adam)), ("SGD momentum 0.9", .sgd(.momentum(learningRate: 1e-3))),
        ]
        var rows: [Row] = []
        for (name, optimizer) in optimizers {
            for gradient in quick ? ["aca"] : ["aca", "adjoint"] {
                let configuration = FitConfiguration(
                    data: .init(path: "(generated: random preset seed 11, 100 uniform times on [0, 5], noise 0.01)"),
                    model: .nBody(bodies: 3, learn: [.masses], masses: start, G: 1), observedComponents: Array(0..<9),
                    gradient: gradient, solver: "dopri5", rtol: 1e-8, atol: 1e-8, optimizer: optimizer, clipNorm: 10,
                    iterations: iterations, seed: 1, validateEvery: 1000, checkpointEvery: 100_000)
                let label = "\(name) \(gradient)"
                ReproduceFit.log("mass-recovery", label)
                let (outcome, _) = ReproduceFit.run(label, configuration, dataset, evaluate: false)
                let masses = outcome.parameters.count >= 3 ? Array(outcome.parameters[0..<3]) : [.nan, .nan, .nan]
                let error = outcome.failure == nil ? zip(masses, truth).map { abs($0 - $1) / $1 }.max()! : .infinity
                rows.append(Row(optimizer: name, gradient: gradient, outcome: outcome, massError: error))
            }
        }
        return Results(quick: quick, iterations: iterations, truth: truth, startError: startError, rows: rows)
    }

    static func report(_ r: Results, command: String) -> ExperimentReport {
        let rows = r.rows
        let table = Table(name: "fits", headers: [
            "optimizer", "gradient", "m1", "m2", "m3", "max relative mass error", "first loss", "final loss", "wall time (s)", "function evaluations",
        ], columns: [
            .text(rows.map(\.optimizer)), .text(rows.map(\.gradient)),
            .numbers(rows.map { $0.outcome.parameters.first ?? .nan }),
            .numbers(rows.map { $0.outcome.parameters.count > 1 ? $0.outcome.parameters[1] : .nan }),
            .numbers(rows.map { $0.outcome.parameters.count > 2 ? $0.outcome.parameters[2] : .nan }),
            .numbers(rows.map(\.massError)), .numbers(rows.map { $0.outcome.loss.first ?? .nan }),
            .numbers(rows.map { $0.outcome.loss.last ?? .nan }), .numbers(rows.map(\.outcome.seconds)),
            .numbers(rows.map(\.outcome.functionEvaluations)),
        ])
        let lossFigure = ReproduceFit.lossFigure("loss", "Training loss per optimizer and gradient", rows.map(\.outcome))
        let errorFigure = Figure(name: "mass-error", title: "Final max relative mass error (start: \(Table.format(r.startError, significant: 2)))",
                                 xLabel: "fit (table row)", yLabel: "max relative mass error", logY: true,
                                 series: Dictionary(grouping: rows.indices, by: { rows[$0].gradient }).sorted { $0.key < $1.key }.map { g, idx in
                                     Figure.Series(label: g, x: idx.map { Double($0 + 1) }, y: idx.map { max(rows[$0].massError, 1e-300) }, style: .dots)
                                 })
        func best(_ name: String) -> Double { rows.filter { $0.optimizer == name }.map(\.massError).min() ?? .nan }
        let ranking = ["AdaBelief", "Adam", "SGD momentum 0.9"].sorted { best($0) < best($1) }
        let aca = rows.filter { $0.gradient == "aca" }, adjoint = rows.filter { $0.gradient == "adjoint" }
        let acaWins = aca.filter { a in adjoint.first { $0.optimizer == a.optimizer }.map { a.massError < $0.massError * (1 - 1e-3) } ?? false }.count
        let adjointWins = aca.filter { a in adjoint.first { $0.optimizer == a.optimizer }.map { $0.massError < a.massError * (1 - 1e-3) } ?? false }.count
        let others = min(best("Adam"), best("SGD momentum 0.9"))
        let optimizerVerdict = best("AdaBelief") < others * (1 - 1e-2) ? "agree" : (best("AdaBelief") <= others * (1 + 1e-2) ? "tie with Adam, ahead of SGD" : "disagree")
        let comparison = """
            The AdaBelief paper (Zhuang et al. 2020, NeurIPS) claims AdaBelief converges faster than Adam and SGD and \
            generalises better; the ACA paper claims ACA's gradients give better fits than the adjoint's.

            **Optimizers: \(optimizerVerdict).** Ranked by final mass error: \
            \(ranking.map { "\($0) (\(Table.format(best($0), significant: 2)))" }.joined(separator: " ≤ ")), from a starting error of \
            \(Table.format(r.startError, significant: 2)) after \(r.iterations) iterations at lr 0.01 (SGD: 1e-3, momentum 0.9). \
            With noise 0.01 on only 100 points the masses are identifiable only to the noise floor, so the final \
            errors of converged fits mostly reflect the noise, not the optimizer; the loss histories show the speed.

            **ACA vs adjoint: \(adjoint.isEmpty ? "not compared in --quick" : "ACA ahead (by more than 0.1 % in mass error) in \(acaWins) of \(adjoint.count) optimizer pairs, the adjoint in \(adjointWins), tied otherwise").** \
            On this smooth random system at rtol = 1e-8 the two gradients agree closely and the fits follow nearly \
            the same path; the adjoint's reverse-time error matters on longer horizons or close encounters \
            (see `gradient-accuracy` and `aca-three-body`).
            """
        var settings: [(String, String)] = [
            ("data", "random three-body preset (seed 11, G = 1), 1 trajectory, 100 uniform random times on [0, 5], Gaussian noise σ = 0.01 on every component; positions observed"),
            ("true masses", r.truth.map { Table.format($0, significant: 6) }.joined(separator: ", ")),
            ("start masses", "1, 1, 1 (initial state from the data)"),
            ("optimizers", "AdaBelief (paper preset) lr 0.01; Adam lr 0.01 betas (0.9, 0.999); SGD lr 1e-3 momentum 0.9; \(r.iterations) full-batch iterations; gradient clipped at norm 10"),
            ("solver", "dopri5, rtol = atol = 1e-8"),
            ("not measured", "mass error per iteration (only the final error; the fit history stores losses, not parameters)"),
        ]
        if r.quick { settings.append(("mode", "--quick (40 iterations, ACA only)")) }
        var arrays: [String: NDArray<Double>] = [:]
        for (k, row) in rows.enumerated() { arrays["loss/\(k)"] = NDArray(row.outcome.loss) }
        arrays["truth"] = NDArray(r.truth)
        return ExperimentReport(
            name: "mass-recovery",
            title: "Noisy three-body mass recovery: AdaBelief vs Adam vs SGD, ACA vs adjoint",
            summary: """
                Learning the masses of a random three-body system from noisy, irregularly sampled positions with \
                AdaBelief, Adam and SGD with momentum, each with ACA and adjoint gradients: final mass error, loss \
                history and wall time.
                """,
            command: command, settings: settings,
            sections: [.init(heading: "Fits", text: "Mass error: max over bodies of |m − m_true| / m_true.",
                             tables: [table], figures: [lossFigure, errorFigure])],
            comparison: comparison, arrays: arrays,
            attributes: ["orrery_version": .string(OrreryVersion.string)], indexFigure: "loss")
    }
}
