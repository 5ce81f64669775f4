import Foundation
import HDF5Kit
import Reproductions
import TestSupport
import Testing

/// `GradientAccuracy` called directly with its quick settings: a sane report whose notebook runs.
@Suite("gradient-accuracy experiment")
struct GradientAccuracyTests {
    @Test("quick settings: README, results.h5, SVGs and a notebook that executes; the numbers are sane")
    func quickRun() throws {
        let dir = try TestSupport.temporaryDirectory("orrery-gradient-accuracy")
        defer { try? FileManager.default.removeItem(at: dir) }
        let results = try GradientAccuracy.run(GradientAccuracy.settings(quick: true))
        try GradientAccuracy.write(results, command: "orrery reproduce gradient-accuracy --quick", to: dir)

        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        for file in ["README.md", "results.h5", "gradient-accuracy.ipynb", "three-body-error-vs-tolerance.svg",
                     "cost-memory-vs-steps.svg", "linear-error-vs-T-tol-1e-04.svg", "vanderpol-error-vs-T-tol-1e-08.svg"] {
            #expect(files.contains(file), "\(file) missing: \(files.sorted())")
        }
        let readme = try String(contentsOf: dir.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("orrery reproduce gradient-accuracy --quick"))
        #expect(readme.contains("## Compared with the paper"))
        #expect(readme.contains("![three-body: gradient error vs tolerance](three-body-error-vs-tolerance.svg)"))

        let root = try HDF5File.open(dir.appendingPathComponent("results.h5").path).root
        func column(_ table: String, _ name: String) throws -> [Double] { try root.read("tables/\(table)/\(name)", as: Double.self).values }
        // Linear system (exact gradient): every method within 10× the tolerance scale (relative error ≤ 1e-2
        // at 1e-4 and ≤ 1e-5 at 1e-7), and each method's error shrinks as the tolerance tightens at every T.
        let tolerances = try column("linear_errors", "rtol = atol"), times = try column("linear_errors", "T")
        for method in ["naive error", "adjoint error", "ACA error"] {
            let errors = try column("linear_errors", method)
            #expect(errors.allSatisfy { $0.isFinite && $0 > 0 && $0 < 1e-2 }, "\(method): \(errors)")
            for i in errors.indices {
                for j in errors.indices where times[j] == times[i] && tolerances[j] < tolerances[i] {
                    #expect(errors[j] < errors[i] / 10, "\(method) at T = \(times[i]): \(errors[i]) → \(errors[j])")
                }
            }
        }
        // Van der Pol over a long horizon: ACA's error below the adjoint's (the reverse solve drifts off the
        // limit cycle) at every tolerance at T = 25; ACA's error shrinks with the tolerance at every T.
        let vdpT = try column("vanderpol_errors", "T"), vdpTol = try column("vanderpol_errors", "rtol = atol")
        let vdpACA = try column("vanderpol_errors", "ACA error"), vdpAdjoint = try column("vanderpol_errors", "adjoint error")
        for i in vdpT.indices where vdpT[i] == 25 {
            #expect(vdpACA[i] < 1e-2 && vdpACA[i] * 100 < vdpAdjoint[i], "T = 25, tol \(vdpTol[i]): ACA \(vdpACA[i]) adjoint \(vdpAdjoint[i])")
        }
        for i in vdpT.indices {
            for j in vdpT.indices where vdpT[j] == vdpT[i] && vdpTol[j] < vdpTol[i] { #expect(vdpACA[j] < vdpACA[i] / 10) }
        }
        // Three-body: all finite, naive closest to the reference (the measured finding), all below 1e-2.
        let naive = try column("three_body_errors", "naive error"), aca = try column("three_body_errors", "ACA error")
        #expect(zip(naive, aca).allSatisfy { $0 < $1 && $1 < 1e-2 }, "naive \(naive) ACA \(aca)")
        // Costs: the naive tape holds more than ACA's checkpoints; ACA's graph depth is 7 × accepted steps.
        let methods = try root.dataset("tables/costs/method").readStrings()
        let bytes = try column("costs", "memory held (bytes)"), depth = try column("costs", "graph depth (stages)")
        let steps = try column("costs", "accepted steps")
        for i in methods.indices where methods[i] == "aca" {
            #expect(methods[i - 2] == "naive" && bytes[i - 2] > bytes[i])
            #expect(depth[i] == 7 * steps[i])
        }
        let output = try TestSupport.runPython("check_notebook.py", [dir.appendingPathComponent("gradient-accuracy.ipynb").path, "--execute"])
        #expect(output.contains("code cells, 8 figures"), "\(output)")
    }
}
