import Foundation
import HDF5Kit
import OrreryCLI
import TestSupport
import Testing

/// End to end: `orrery reproduce aca-three-body --quick` writes a sane report whose notebook runs.
@Suite("orrery reproduce aca-three-body")
struct ReproduceACAThreeBodyTests {
    @Test("--quick writes README, results.h5, SVGs and a notebook that executes; naive at 1e-7 recovers the masses")
    func quickRun() throws {
        let dir = try TestSupport.temporaryDirectory("orrery-aca-three-body")
        defer { try? FileManager.default.removeItem(at: dir) }
        var command = try OrreryCommand.parseAsRoot(["reproduce", "aca-three-body", "--quick", "--output", dir.path])
        try command.run()
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        for file in ["README.md", "results.h5", "aca-three-body.ipynb", "loss-adam.svg", "orbit.svg"] {
            #expect(files.contains(file), "\(file) missing: \(files.sorted())")
        }
        let readme = try String(contentsOf: dir.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("orrery reproduce aca-three-body --quick"))
        #expect(readme.contains("## Compared with the paper"))
        let root = try HDF5File.open(dir.appendingPathComponent("results.h5").path).root
        let gradients = try root.dataset("tables/fits/gradient").readStrings()
        let errors = try root.read("tables/fits/max relative mass error", as: Double.self).values
        let extrapolation = try root.read("tables/fits/extrapolation MSE (1, 2]", as: Double.self).values
        let naive = try #require(gradients.firstIndex(of: "naive"))
        #expect(errors[naive] < 1e-2, "naive at 1e-7: \(errors[naive])")
        #expect(errors.allSatisfy { $0.isFinite } && extrapolation.allSatisfy { $0.isFinite && $0 >= 0 })
        let output = try TestSupport.runPython("check_notebook.py", [dir.appendingPathComponent("aca-three-body.ipynb").path, "--execute"])
        #expect(output.contains("code cells"), "\(output)")
    }
}
