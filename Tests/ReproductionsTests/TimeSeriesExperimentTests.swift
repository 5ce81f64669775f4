import Foundation
import HDF5Kit
import Reproductions
import TestSupport
import Testing

/// `TimeSeriesExperiment` called directly with its quick settings: a sane report whose notebook runs.
@Suite("time-series experiment")
struct TimeSeriesExperimentTests {
    @Test("quick settings: README, results.h5, SVGs and a notebook that executes; errors finite, training loss decreases")
    func quickRun() throws {
        let dir = try TestSupport.temporaryDirectory("orrery-time-series")
        defer { try? FileManager.default.removeItem(at: dir) }
        let results = try TimeSeriesExperiment.run(TimeSeriesExperiment.settings(quick: true), threads: 2)
        try TimeSeriesExperiment.write(results, command: "orrery reproduce time-series --quick", to: dir)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        for file in ["README.md", "results.h5", "time-series.ipynb", "spiral-extrapolation-vs-observed.svg", "spiral-loss.svg"] {
            #expect(files.contains(file), "\(file) missing: \(files.sorted())")
        }
        let readme = try String(contentsOf: dir.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("orrery reproduce time-series --quick") && readme.contains("## Compared with the paper"))
        let root = try HDF5File.open(dir.appendingPathComponent("results.h5").path).root
        func column(_ name: String) throws -> [Double] { try root.read("tables/fits/\(name)", as: Double.self).values }
        let interpolation = try column("interpolation MSE"), extrapolation = try column("extrapolation MSE")
        #expect(interpolation.count == 3)
        #expect((interpolation + extrapolation).allSatisfy { $0.isFinite && $0 >= 0 }, "\(interpolation) \(extrapolation)")
        let first = try column("first loss"), last = try column("final loss")
        #expect(zip(first, last).allSatisfy { $1 < $0 }, "\(first) → \(last)")
        let output = try TestSupport.runPython("check_notebook.py", [dir.appendingPathComponent("time-series.ipynb").path, "--execute"])
        #expect(output.contains("code cells"), "\(output)")
    }
}
