import Foundation
import HDF5Kit
import Reproductions
import TestSupport
import Testing

/// `MassRecovery` called directly with its quick settings: a sane report whose notebook runs.
@Suite("mass-recovery experiment")
struct MassRecoveryTests {
    @Test("quick settings: README, results.h5, SVGs and a notebook that executes; AdaBelief lowers the mass error")
    func quickRun() throws {
        let dir = try TestSupport.temporaryDirectory("orrery-mass-recovery")
        defer { try? FileManager.default.removeItem(at: dir) }
        let results = try MassRecovery.run(MassRecovery.settings(quick: true), threads: 2)
        #expect(results.rows.map(\.gradient) == ["aca", "aca", "aca"] && results.iterations == 40)
        try MassRecovery.write(results, command: "orrery reproduce mass-recovery --quick", to: dir)
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
