import HDF5Kit
import Reports

extension ACAThreeBody {
    /// The report: the distribution over starts per method first (it decides the verdict), then every fit,
    /// the loss histories of the first start, the MLP baseline and the orbits.
    public static func report(_ r: Results, command: String) -> ExperimentReport {
        let s = r.settings, rows = r.rows, summaries = summaries(r)
        func methodRows(_ m: MethodSummary) -> [Row] { ACAThreeBody.rows(r, protocol: m.protocolName, gradient: m.gradient, tolerance: m.tolerance) }
        func numbers(_ f: (MethodSummary) -> Double) -> Table.Column { .numbers(summaries.map(f)) }
        let summaryTable = Table(name: "summary", headers: [
            "protocol", "gradient", "rtol = atol", "starts", "recovered (< \(Table.format(s.recoveredBelow)))",
            "median mass error", "min", "lower quartile", "upper quartile", "max", "median extrapolation MSE",
        ], columns: [
            .text(summaries.map(\.protocolName)), .text(summaries.map(\.gradient)), numbers(\.tolerance),
            numbers { Double($0.starts) }, numbers { Double($0.recovered) },
            numbers(\.massError.median), numbers(\.massError.minimum), numbers(\.massError.lowerQuartile),
            numbers(\.massError.upperQuartile), numbers(\.massError.maximum), numbers(\.extrapolationMSE.median),
        ])
        let table = Table(name: "fits", headers: [
            "protocol", "gradient", "rtol = atol", "start seed", "m1", "m2", "m3", "max relative mass error", "interpolation MSE [0, 1]",
            "extrapolation MSE (1, 2]", "wall time (s)", "function evaluations",
        ], columns: [
            .text(rows.map(\.protocolName)), .text(rows.map(\.gradient)), .numbers(rows.map(\.tolerance)), .numbers(rows.map { Double($0.seed) }),
            .numbers(rows.map { $0.outcome.parameters.first ?? .nan }),
            .numbers(rows.map { $0.outcome.parameters.count > 1 ? $0.outcome.parameters[1] : .nan }),
            .numbers(rows.map { $0.outcome.parameters.count > 2 ? $0.outcome.parameters[2] : .nan }),
            .numbers(rows.map(\.massError)), .numbers(rows.map(\.outcome.interpolationMSE)), .numbers(rows.map(\.outcome.extrapolationMSE)),
            .numbers(rows.map(\.outcome.seconds)), .numbers(rows.map(\.outcome.functionEvaluations)),
        ])
        let mlpTable = Table(name: "mlp", headers: ["model", "iterations", "interpolation MSE [0, 1]", "extrapolation MSE (1, 2]", "wall time (s)", "function evaluations"],
                             columns: [.text(["MLP 18-64-64-18 tanh"]), .numbers([Double(s.mlpIterations)]), .numbers([r.mlp.interpolationMSE]),
                                       .numbers([r.mlp.extrapolationMSE]), .numbers([r.mlp.seconds]), .numbers([r.mlp.functionEvaluations])])
        let failed = rows.filter { $0.outcome.failure != nil }.map { "\($0.outcome.label): \($0.outcome.failure!.prefix(120))" }
        let first = rows.filter { $0.seed == s.firstSeed }
        let adamFigure = ReproductionFit.lossFigure("loss-adam", "Paper protocol (Adam, weights 0.01^t), start seed \(s.firstSeed): training loss",
                                                    first.filter { $0.protocolName.hasPrefix("Adam") }.map(\.outcome))
        let beliefFigure = ReproductionFit.lossFigure("loss-adabelief-mlp", "AdaBelief (lr 0.01, start seed \(s.firstSeed)) and the MLP baseline: training loss",
                                                      first.filter { $0.protocolName == "AdaBelief" }.map(\.outcome) + [r.mlp])
        let orbit = Figure(name: "orbit", title: "Body 1, x–y on [0, 2]: truth, best physics fit, MLP", xLabel: "x", yLabel: "y", series: [
            Figure.Series(label: "truth", x: r.physicsOrbit.truthX, y: r.physicsOrbit.truthY, style: .line),
            Figure.Series(label: r.physicsLabel, x: r.physicsOrbit.predictedX, y: r.physicsOrbit.predictedY, style: .dashed),
            Figure.Series(label: "MLP", x: r.mlpOrbit.predictedX, y: r.mlpOrbit.predictedY, style: .dashed),
        ].filter { !$0.x.isEmpty })
        let errorFigure = Figure(
            name: "mass-error-by-start", title: "Paper protocol (Adam): max relative mass error per start", xLabel: "start seed",
            yLabel: "max relative mass error", logY: true,
            series: summaries.filter { $0.protocolName.hasPrefix("Adam") }.map { m in
                let x = methodRows(m)
                return Figure.Series(label: "\(m.gradient) \(GradientAccuracy.label(m.tolerance))", x: x.map { Double($0.seed) },
                                     y: x.map { min(max($0.massError, 1e-300), 1e300) }, style: .dots)
            })

        var arrays: [String: NDArray<Double>] = [:]
        for (k, row) in rows.enumerated() { arrays["loss/\(k)"] = NDArray(row.outcome.loss) }
        arrays["loss/mlp"] = NDArray(r.mlp.loss)
        arrays["orbit/t"] = NDArray(r.physicsOrbit.times)
        arrays["start_masses"] = NDArray(shape: [rows.count, 3], values: rows.flatMap(\.start))
        let seeds = "\(s.firstSeed)…\(s.firstSeed + UInt64(s.starts) - 1)"
        var settings: [(String, String)] = [
            ("data", "\(s.dataPath) (aca-paper preset, DOP853 1e-13, t = linspace(0, 2, 2001)); trained on t ≤ 1 (1001 points, positions only), evaluated on [0, 1] (interpolation) and (1, 2] (extrapolation) — the committed grid, not the paper's shifted test grid"),
            ("model", "3-body Newtonian, G = K1·K2 = 1.4514, masses learned, initial state known"),
            ("starts", "\(s.starts) (seeds \(seeds)); each start's masses uniform in [0.9, 1.1]; the first start (seed \(s.firstSeed)): "
                + start(seed: s.firstSeed).map { Table.format($0, significant: 6) }.joined(separator: ", ")),
            ("paper protocol", "Adam lr 0.1, betas (0.5, 0.5), lr × 0.95 per step, \(s.adamSteps) full-batch steps, loss weights 0.01^t_k; rtol = atol = "
                + s.tolerances.map(GradientAccuracy.label).joined(separator: ", ")),
            ("AdaBelief", s.adaBeliefSteps > 0 ? "paper preset, lr 0.01, \(s.adaBeliefSteps) steps, unweighted loss (naive 1e-7, ACA 1e-7 and 1e-10)" : "not run"),
            ("solver", "dopri5, observations land on steps"),
            ("MLP baseline", "18-64-64-18 tanh, AdaBelief lr 0.01, \(s.mlpIterations) iterations, dense observation mode, rtol 1e-6, atol 1e-8 (one fit, seed 1)"),
            ("recovered", "max relative mass error < \(Table.format(s.recoveredBelow))"),
            ("runtime", "\(rows.count + 1) fits in \(Table.format(r.seconds, significant: 3)) s wall-clock (threads do not change the numbers, only this time)"),
        ]
        if s.quick { settings.append(("mode", "--quick (\(s.starts) starts, \(s.adamSteps) Adam steps, only rtol = 1e-7, \(s.mlpIterations) MLP iterations)")) }
        return ExperimentReport(
            name: name,
            title: "Three-body mass recovery: naive vs adjoint vs ACA (Zhuang et al. 2020)",
            summary: """
                The ACA paper's three-body experiment, repeated from \(s.starts) starting masses: learn the masses of a three-body \
                system from noise-free positions on [0, 1] and extrapolate to [1, 2], with gradients from naive backpropagation, \
                the adjoint and ACA at the paper's tolerance (1e-7) and a tight one (1e-10), with the paper's Adam protocol and \
                with AdaBelief, against a pure MLP neural ODE; the verdict compares the distributions of mass errors over the starts.
                """,
            command: command, settings: settings,
            sections: [
                .init(heading: "Distribution over starts",
                      text: "Per method, the max relative mass error (truth 1.1, 1.1, 0.9) over the \(s.starts) starts: median, range and quartiles (linear interpolation, as `numpy.quantile`), and how many starts recovered the masses.",
                      tables: [summaryTable], figures: [errorFigure]),
                .init(heading: "Physics fits", text: "Every fit. Wall time and function evaluations are for the whole fit; fits ran in parallel, one thread each." + (failed.isEmpty ? "" : "\n\nFailed: " + failed.joined(separator: "; ")),
                      tables: [table], figures: [adamFigure]),
                .init(heading: "AdaBelief and the MLP baseline", text: "The MLP sees the same positions but knows no physics.",
                      tables: [mlpTable], figures: [beliefFigure, orbit]),
            ],
            comparison: comparison(r, summaries), arrays: arrays,
            attributes: ["orrery_version": .string(OrreryVersion.string), "row_label": .strings(rows.map(\.outcome.label))],
            indexFigure: "mass-error-by-start")
    }

    /// The paper's claim against the distributions: medians, ranges and the paired sign test at 1e-7.
    static func comparison(_ r: Results, _ summaries: [MethodSummary]) -> String {
        let s = r.settings
        func summary(_ p: String, _ g: String, _ tol: Double) -> MethodSummary? {
            summaries.first { $0.protocolName.hasPrefix(p) && $0.gradient == g && $0.tolerance == tol }
        }
        func describe(_ m: MethodSummary?) -> String {
            guard let m else { return "not run" }
            let e = m.massError
            return "median \(Table.format(e.median, significant: 2)) (range \(Table.format(e.minimum, significant: 2))–\(Table.format(e.maximum, significant: 2)), \(m.recovered)/\(m.starts) recovered)"
        }
        func pair(_ c: PairedComparison?, _ other: String) -> String {
            guard let c else { return "—" }
            return "below \(other)'s in \(c.wins) of \(c.starts) starts, above in \(c.losses) (sign test p = \(Table.format(c.pValue, significant: 2)))"
        }
        let aca = summary("Adam", "aca", 1e-7), naive = summary("Adam", "naive", 1e-7), adjoint = summary("Adam", "adjoint", 1e-7)
        let vsNaive = acaAgainst("naive", r, tolerance: 1e-7), vsAdjoint = acaAgainst("adjoint", r, tolerance: 1e-7)
        let medianLowest = aca.map { a in [naive, adjoint].allSatisfy { ($0?.massError.median ?? .infinity) > a.massError.median } } ?? false
        let majority = [vsNaive, vsAdjoint].allSatisfy { $0.map { $0.wins > $0.losses } ?? false }
        let significant = [vsNaive, vsAdjoint].allSatisfy { ($0?.pValue ?? 1) < 0.05 }
        let verdict = medianLowest && majority ? (significant ? "reproduced" : "ACA ahead, but not significantly")
            : "not reproduced"
        let tight = s.tolerances.contains(1e-10)
            ? " At 1e-10: naive — \(describe(summary("Adam", "naive", 1e-10))); adjoint — \(describe(summary("Adam", "adjoint", 1e-10))); ACA — \(describe(summary("Adam", "aca", 1e-10)))."
            : ""
        let belief = s.adaBeliefSteps > 0
            ? " AdaBelief (lr 0.01, \(s.adaBeliefSteps) steps): naive 1e-7 — \(describe(summary("AdaBelief", "naive", 1e-7))); ACA 1e-7 — \(describe(summary("AdaBelief", "aca", 1e-7))); ACA 1e-10 — \(describe(summary("AdaBelief", "aca", 1e-10)))."
            : ""
        return """
            The paper (Zhuang et al. 2020, Sec. 4.3) claims that ACA recovers the three masses from positions on [0, 1] \
            and extrapolates to [1, 2], while the adjoint and naive backpropagation give worse estimates and errors. \
            It shows one run; here every fit is repeated from \(s.starts) starting masses, because one start decided the verdict before.

            **What we found** (max relative mass error over the starts). Paper protocol (Adam) at the paper's rtol = atol = 1e-7: \
            naive — \(describe(naive)); adjoint — \(describe(adjoint)); ACA — \(describe(aca)).\(tight)\(belief) \
            The MLP baseline reaches extrapolation MSE \(Table.format(r.mlp.extrapolationMSE, significant: 2)) after \
            \(s.mlpIterations) iterations, far worse than any physics fit that recovers the masses — the paper's point that the \
            physics model extrapolates and the black box does not agrees.

            **ACA beats naive and the adjoint at 1e-7: \(verdict).** Start by start, ACA's mass error was \(pair(vsNaive, "naive")) \
            and \(pair(vsAdjoint, "the adjoint")) (differences under 0.1 % count as ties). "Reproduced" needs ACA's median lowest, \
            a majority of starts against each and p < 0.05 in both sign tests. This preset has a close encounter (r23 ≈ 0.053), \
            and `gradient-accuracy` found naive backpropagation's gradient closer to the truth than ACA's there at loose tolerances \
            (ACA is exact for the discrete solve with the step sizes frozen; naive also differentiates the step-size controller). \
            At 1e-10 the gradients agree once the encounter is resolved, and what error remains is the \(s.adamSteps)-step Adam protocol's, not the gradient's.
            """
    }
}

extension PairedComparison {
    /// Pairs compared (wins, losses and ties).
    public var starts: Int { wins + losses + ties }
}
