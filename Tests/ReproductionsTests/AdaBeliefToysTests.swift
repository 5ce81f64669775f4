import Foundation
import HDF5Kit
import Reproductions
import TestSupport
import Testing

/// `AdaBeliefToys` called directly with its quick settings: a sane report.
@Suite("adabelief-toys experiment")
struct AdaBeliefToysTests {
    @Test("quick settings: README, results.h5, results.json, five SVGs and a notebook that redraws them, with sane numbers")
    func quickRun() throws {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("orrery-toys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let quick = AdaBeliefToys.settings(quick: true)
        #expect(quick.steps == 3_000 && quick.contourGrid == 60 && AdaBeliefToys.settings(quick: false).steps == 20_000)
        let results = try AdaBeliefToys.run(quick)
        try AdaBeliefToys.write(results, command: "orrery reproduce adabelief-toys --quick", to: dir)

        let readme = try String(contentsOf: dir.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("orrery reproduce adabelief-toys --quick"))
        #expect(readme.contains("## Compared with the paper"))
        #expect(readme.contains("| AdaBelief (paper: eps 1e-8) | AdaBelief: lr=0.001"))
        #expect(readme.contains("| \\|x\\| + \\|y\\| | (-2.5, 0) | (0, 0) |"))
        for slug in ["abs", "abs-skewed", "quadratic", "beale", "rosenbrock"] {
            let svg = try String(contentsOf: dir.appendingPathComponent("\(slug).svg"), encoding: .utf8)
            #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
            #expect(svg.contains("<polyline"))
            #expect(readme.contains("](\(slug).svg)"))
        }

        let json = try JSONSerialization.jsonObject(
            with: Data(contentsOf: dir.appendingPathComponent("results.json"))) as! [String: Any]
        let settings = json["settings"] as! [String: Any]
        #expect(settings["steps"] as? Int == 3_000)
        let problems = json["problems"] as! [[String: Any]]
        #expect(problems.count == 5)
        func run(_ problem: String, _ prefix: String) -> [String: Any] {
            let p = problems.first { $0["slug"] as? String == problem }!
            return (p["runs"] as! [[String: Any]]).first { ($0["optimizer"] as! String).hasPrefix(prefix) }!
        }
        // AdaBelief (paper configuration) reaches the optimum of the quadratic well within 3000 steps.
        let quadratic = run("quadratic", "AdaBelief (paper")
        let steps = try #require(quadratic["steps_to_tolerance"] as? Int)
        #expect(steps > 100 && steps < 3_000)
        #expect((quadratic["final_distance"] as! Double) < 1e-2)
        #expect((quadratic["final_loss"] as! Double) < 1e-4)
        // On |x| + |y| AdaBelief gets there fast; Adam (about lr per step, 2.5 away) needs ≥ 2490 steps.
        #expect((run("abs", "AdaBelief (paper")["steps_to_tolerance"] as? Int).map { $0 < 1_000 } == true)
        #expect((run("abs", "Adam")["steps_to_tolerance"] as? Int).map { $0 >= 2_490 } == true)
        // SGD at lr 1e-3 diverges on Rosenbrock from (−4, −4), where ‖∇f‖ ≈ 3·10⁴.
        #expect(run("rosenbrock", "SGD")["diverged_at_step"] as? Int != nil)
        // Every run records its hyperparameters.
        #expect((run("beale", "AdaBelief (0.2")["hyperparameters"] as! [String: String])["eps"] == "1e-16")

        // results.h5 holds the tables, the paths and the contour grids; the notebook redraws the five plots.
        let root = try HDF5File.open(dir.appendingPathComponent("results.h5").path).root
        let optimizers = try root.dataset("tables/results/optimizer").readStrings()
        #expect(optimizers.count == 20)
        let path = try root.read("data/quadratic/path_0", as: Double.self)
        #expect(path.shape[1] == 2 && path.shape[0] > 100)
        #expect(abs(path.values[0] - 2.5) < 1e-12 && abs(path.values[path.count - 2]) < 1e-2)
        #expect(try root.read("data/rosenbrock/contour_z", as: Double.self).shape == [60, 60])
        #expect(try root.read("tables/results/final distance", as: Double.self).values[8] < 1e-2)
        let output = try TestSupport.runPython("check_notebook.py", [dir.appendingPathComponent("adabelief-toys.ipynb").path, "--execute"])
        #expect(output.contains("executed 4 code cells, 5 figures"), "\(output)")
    }
}
