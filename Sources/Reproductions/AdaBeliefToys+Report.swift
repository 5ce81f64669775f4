import Evaluation
import Foundation
import HDF5Kit
import Optimizers
import Reports

extension AdaBeliefToys {
    /// Writes README.md, results.h5, adabelief-toys.ipynb, results.json and one SVG per function into
    /// `directory` (created if needed).
    public static func write(_ results: Results, command: String, to directory: URL) throws {
        try report(results, command: command).write(to: directory)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        try (encoder.encode(results) + Data("\n".utf8))
            .write(to: directory.appendingPathComponent("results.json"), options: .atomic)
    }

    /// The report: the tables, the path-over-contour SVGs (drawn here, redrawn in the notebook from the
    /// paths and contour grids stored under /data/<function>/ in results.h5).
    public static func report(_ results: Results, command: String) -> ExperimentReport {
        let s = results.settings
        let contenders = contenders(learningRate: s.learningRate)
        let optimizerTable = Table(name: "optimizers", headers: ["optimizer", "hyperparameters"], columns: [
            .text(contenders.map(\.label)),
            .text(contenders.map { c in
                let h = c.specification.hyperparameters
                    .filter { !["reference", "multiply_add", "optimizer"].contains($0.name) }
                    .map(\.description).joined(separator: ", ")
                return "\(c.specification.optimizerName): \(h)"
            }),
        ])
        var function: [String] = [], start: [String] = [], optimum: [String] = [], optimizer: [String] = []
        var reached: [String] = [], stepsNumber: [Double] = [], distance: [Double] = [], loss: [Double] = []
        for p in results.problems {
            for r in p.runs {
                function.append(p.name)
                start.append("(\(number(p.start[0])), \(number(p.start[1])))")
                optimum.append("(\(number(p.optimum[0])), \(number(p.optimum[1])))")
                optimizer.append(r.optimizer)
                reached.append(r.stepsToTolerance.map(String.init)
                    ?? (r.divergedAtStep.map { "diverged at step \($0)" } ?? "not within \(s.steps)"))
                stepsNumber.append(r.stepsToTolerance.map(Double.init) ?? .nan)
                distance.append(r.finalDistance)
                loss.append(r.finalLoss)
            }
        }
        let resultTable = Table(name: "results", headers: [
            "function", "start", "optimum", "optimizer", "steps to tolerance", "final distance", "final loss",
        ], columns: [
            .text(function), .text(start), .text(optimum), .text(optimizer), .text(reached), .numbers(distance), .numbers(loss),
        ])
        var arrays: [String: NDArray<Double>] = [:]
        arrays["steps_to_tolerance"] = NDArray(stepsNumber)
        var customFigures: [ExperimentReport.CustomFigure] = []
        for (problem, result) in zip(problems, results.problems) {
            customFigures.append(.init(name: result.slug, title: problem.name, svg: plot(problem, result, grid: s.contourGrid)))
            let contours = ContourLines(n: s.contourGrid, x: problem.xRange, y: problem.yRange, problem.value)
            let slug = result.slug
            arrays["\(slug)/contour_x"] = NDArray(contours.xs)
            arrays["\(slug)/contour_y"] = NDArray(contours.ys)
            arrays["\(slug)/contour_z"] = NDArray(shape: [contours.ys.count, contours.xs.count], values: Array(contours.values.joined()))
            arrays["\(slug)/contour_levels"] = NDArray(contours.quantileLevels(12))
            arrays["\(slug)/x_range"] = NDArray([problem.xRange.lowerBound, problem.xRange.upperBound])
            arrays["\(slug)/y_range"] = NDArray([problem.yRange.lowerBound, problem.yRange.upperBound])
            arrays["\(slug)/start"] = NDArray(problem.start)
            arrays["\(slug)/optimum"] = NDArray(problem.optimum)
            for (k, run) in result.runs.enumerated() {
                arrays["\(slug)/path_\(k)"] = NDArray(shape: [run.path.count, 2], values: run.path.flatMap { $0 })
            }
        }
        return ExperimentReport(
            name: "adabelief-toys",
            title: "AdaBelief toy problems (Zhuang et al. 2020, Fig. 3)",
            summary: """
                The paper's 2-D illustrations: five functions, each from the paper's starting point, minimised by \
                AdaBelief, Adam and SGD with momentum at the same learning rate. AdaBelief is run twice: with the \
                configuration the paper used (adabelief-pytorch 0.0.5: ε = 1e-8, no rectification, no decoupled \
                decay) and with adabelief-pytorch 0.2.x's defaults (ε = 1e-16, rectification with the SGD warm-up \
                branch, decoupled decay). Gradients are exact (sign(0) = 0 for |·|). A function counts as solved at \
                the first step whose iterate lies within the tolerance of the optimum (Euclidean distance); a run is \
                stopped as diverged when an iterate leaves |x| < 1e8.
                """,
            command: command,
            settings: [
                ("steps", String(s.steps)), ("learning rate (all optimizers)", "\(s.learningRate)"),
                ("tolerance (distance to the optimum)", "\(s.tolerance)"),
                ("contour grid", "\(s.contourGrid)×\(s.contourGrid)"), ("quick", s.quick ? "yes" : "no"),
                ("orrery version", results.orreryVersion),
            ],
            sections: [
                .init(heading: "Optimizers", tables: [optimizerTable]),
                .init(heading: "Results", tables: [resultTable]),
                .init(heading: "Paths",
                      text: "Black dot: start; orange cross: optimum. Contours at quantiles of f on the plotted square.",
                      customFigures: customFigures),
            ],
            comparison: comparison(results),
            arrays: arrays,
            attributes: [
                "reference": .string(results.reference), "orrery_version": .string(results.orreryVersion),
                "problem_slugs": .strings(results.problems.map(\.slug)),
                "problem_titles": .strings(results.problems.map(\.formula)),
                "optimizer_labels": .strings(contenders.map(\.label)),
                "optimizer_colors": .strings(contenders.map(\.color)),
                "optimizer_dashed": .integers(contenders.map { $0.dashed ? 1 : 0 }),
            ],
            notebookCells: [.init(title: "Paths over the contours", code: pathsCell)],
            indexFigure: "rosenbrock")
    }

    /// Redraws each function's SVG: contours from the stored grid and levels, then every optimizer's path.
    static let pathsCell = """
        labels = list(results.attrs["optimizer_labels"])
        colors = list(results.attrs["optimizer_colors"])
        dashed = list(results.attrs["optimizer_dashed"])
        for slug, title in zip(results.attrs["problem_slugs"], results.attrs["problem_titles"]):
            data = results["data"][slug]
            fig, ax = plt.subplots(figsize=(6.5, 5))
            ax.contour(data["contour_x"][()], data["contour_y"][()], data["contour_z"][()],
                       levels=data["contour_levels"][()], colors="#b8b8b8", linewidths=0.8)
            for k, label in enumerate(labels):
                path = data[f"path_{k}"][()]
                ax.plot(path[:, 0], path[:, 1], "--" if dashed[k] else "-", color=colors[k], label=label)
            ax.plot(*data["start"][()], "o", color="black")
            ax.plot(*data["optimum"][()], "x", color="#ff7f0e", ms=10)
            ax.set_xlim(*data["x_range"][()])
            ax.set_ylim(*data["y_range"][()])
            ax.set_title(title)
            ax.legend(fontsize=8)
        """

    /// The paths of all optimizers over the contours of one function.
    static func plot(_ problem: Problem, _ result: ProblemResult, grid: Int) -> String {
        var plot = SVGPlot(title: problem.formula, x: problem.xRange, y: problem.yRange)
        let contours = ContourLines(n: grid, x: problem.xRange, y: problem.yRange, problem.value)
        plot.addContours(contours, levels: contours.quantileLevels(12))
        for (contender, run) in zip(contenders(learningRate: 1), result.runs) {
            plot.addLine(run.path.map { ($0[0], $0[1]) }, color: contender.color, dashed: contender.dashed,
                         label: run.optimizer)
        }
        plot.addMarker(problem.start[0], problem.start[1], .dot, color: "black", size: 8)
        plot.addMarker(problem.optimum[0], problem.optimum[1], .cross, color: "#ff7f0e")
        return plot.render()
    }

    /// The paper's claim, and which optimizer was first within the tolerance on each function here.
    static func comparison(_ results: Results) -> String {
        var lines: [String] = []
        var adaBeliefFirst = 0, aheadOfAdam = 0
        for p in results.problems {
            let paper = p.runs.first { $0.optimizer.hasPrefix("AdaBelief (paper") }?.stepsToTolerance
            let adam = p.runs.first { $0.optimizer == "Adam" }?.stepsToTolerance
            if let paper, paper < (adam ?? .max) { aheadOfAdam += 1 }
            let reached = p.runs.filter { $0.stepsToTolerance != nil }
                .sorted { $0.stepsToTolerance! < $1.stepsToTolerance! }
            guard let best = reached.first else {
                lines.append("- \(p.name): no optimizer came within the tolerance.")
                continue
            }
            if best.optimizer.hasPrefix("AdaBelief") { adaBeliefFirst += 1 }
            let others = reached.dropFirst().map { "\($0.optimizer) \($0.stepsToTolerance!)" }
            let missing = p.runs.filter { $0.stepsToTolerance == nil }.map(\.optimizer)
            var line = "- \(p.name): first was \(best.optimizer) (\(best.stepsToTolerance!) steps)"
            if !others.isEmpty { line += "; then " + others.joined(separator: ", ") }
            if !missing.isEmpty { line += "; not reached: " + missing.joined(separator: ", ") }
            lines.append(line + ".")
        }
        return """
            The paper (Fig. 3) reports that AdaBelief reaches the optimum fastest in all five cases, because it \
            takes large steps where the gradient is consistent (small "belief" s = EMA of (g − m)², as on the \
            flat slopes of |x| + |y|) and small steps where it is not. Here an AdaBelief variant was first \
            within the tolerance on \(adaBeliefFirst) of \(results.problems.count) functions. Note that at \
            one learning rate the methods do not take comparable steps: SGD with momentum μ moves about \
            α‖g‖/(1 − μ) = 10α‖g‖ per step once its buffer has built up, while Adam and AdaBelief move about α \
            per step whatever ‖g‖ (AdaBelief more where the gradient is consistent); so SGD is quick on the \
            gentle functions with ‖g‖ ≈ 1 and diverges where ‖g‖ is in the thousands (Beale, Rosenbrock \
            from the paper's starting points). Against Adam, the adaptive method it modifies, AdaBelief in \
            the paper's configuration was ahead on \(aheadOfAdam) of \(results.problems.count) functions.

            """ + "\n" + lines.joined(separator: "\n") + "\n"
    }

    static func number(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
}
