import Foundation
import HDF5Kit
import OrreryCLI
import TestSupport
import Testing

/// End to end: `orrery reproduce mass-recovery --quick` writes a sane report whose notebook runs.
@Suite("orrery reproduce mass-recovery")
struct ReproduceMassRecoveryTests {
    @Test("--quick writes README, results.h5, SVGs and a notebook that executes; AdaBelief lowers the mass error")
    func quickRun() throws {
        let dir = try TestSupport.temporaryDirectory("orrery-mass-recovery")
        defer { try? FileManager.default.removeItem(at: dir) }
        var command = try OrreryCommand.parseAsRoot(["reproduce", "mass-recovery", "--quick", "--output", dir.path])
        try command.run()
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        for file in ["README.md", "results.h5", "mass-recovery.ipynb", "loss.svg", "mass-error.svg"] {
            #expect(files.contains(file), "\(file) missing: \(files.sorted())")
        }
        let readme = try String(contentsOf: dir.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("orrery reproduce mass-recovery --quick") && readme.contains("## Compared with the paper"))
        let root = try HDF5File.open(dir.appendingPathComponent("results.h5").path).root
        let optimizers = try root.dataset("tables/fits/optimizer").readStrings()
        let errors = try root.read("tables/fits/max relative mass error", as: Double.self).values
        let truth = try root.read("data/truth", as: Double.self).values
        let startError = zip([1.0, 1.0, 1.0], truth).map { abs($0 - $1) / $1 }.max()!
        let adaBelief = try #require(optimizers.firstIndex(of: "AdaBelief"))
        #expect(errors[adaBelief] < startError, "AdaBelief \(errors[adaBelief]) vs start \(startError)")
        let output = try TestSupport.runPython("check_notebook.py", [dir.appendingPathComponent("mass-recovery.ipynb").path, "--execute"])
        #expect(output.contains("code cells"), "\(output)")
    }
}
