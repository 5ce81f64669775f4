import Foundation
import HDF5Kit
import Reproductions
import TestSupport
import Testing

/// `ACAThreeBody` called directly: several starts, statistics that numpy agrees with, a report whose notebook runs.
@Suite("aca-three-body experiment")
struct ACAThreeBodyTests {
    /// Two starts, 30 paper-protocol steps at 1e-7, no AdaBelief, a 2-iteration MLP: seconds.
    static let small = ACAThreeBody.Settings(starts: 2, tolerances: [1e-7], adamSteps: 30, adaBeliefSteps: 0, mlpIterations: 2, quick: true)

    @Test("every method runs from every start; naive at 1e-7 recovers the masses from each; threads change no number")
    func startsAndThreads() throws {
        let one = try ACAThreeBody.run(Self.small, threads: 1)
        #expect(one.rows.count == 2 * 3)
        #expect(one.rows.map(\.seed) == [1, 1, 1, 2, 2, 2] && one.rows.map(\.gradient) == ["naive", "adjoint", "aca", "naive", "adjoint", "aca"])
        for row in one.rows {
            #expect(row.start == ACAThreeBody.start(seed: row.seed) && row.start.allSatisfy { (0.9...1.1).contains($0) })
            #expect(row.outcome.failure == nil && row.massError.isFinite)
        }
        #expect(ACAThreeBody.start(seed: 1) != ACAThreeBody.start(seed: 2))
        for row in one.rows where row.gradient == "naive" { #expect(row.massError < 1e-2, "seed \(row.seed): \(row.massError)") }
        // Fits run in parallel, one thread each: the same settings give the same numbers on 3 threads.
        let three = try ACAThreeBody.run(Self.small, threads: 3)
        #expect(three.rows.map(\.outcome.parameters) == one.rows.map(\.outcome.parameters))
        #expect(three.rows.map(\.outcome.loss) == one.rows.map(\.outcome.loss))
        #expect(three.mlp.loss == one.mlp.loss)
        // The summary: one per method, over both starts, recovered counted against the threshold.
        let summaries = ACAThreeBody.summaries(one)
        #expect(summaries.map(\.label) == ["Adam (paper) naive 1e-07", "Adam (paper) adjoint 1e-07", "Adam (paper) aca 1e-07"])
        for m in summaries {
            let errors = one.rows.filter { $0.gradient == m.gradient }.map(\.massError)
            #expect(m.starts == 2 && m.massError.minimum == errors.min() && m.massError.maximum == errors.max())
            #expect(m.recovered == errors.filter { $0 < 1e-2 }.count)
        }
        #expect(ACAThreeBody.acaAgainst("naive", one, tolerance: 1e-7)?.starts == 2)
        #expect(ACAThreeBody.acaAgainst("naive", one, tolerance: 1e-10) == nil)
    }

    @Test("the report: summary medians and quartiles agree with numpy.quantile on the fits table; the notebook executes")
    func report() throws {
        let results = try ACAThreeBody.run(Self.small, threads: 2)
        let dir = try TestSupport.temporaryDirectory("orrery-aca-three-body")
        defer { try? FileManager.default.removeItem(at: dir) }
        try ACAThreeBody.write(results, command: "orrery reproduce aca-three-body --quick", to: dir)
        let readme = try String(contentsOf: dir.appendingPathComponent("README.md"), encoding: .utf8)
        for text in ["## Distribution over starts", "## Compared with the paper", "(seeds 1…2)", "![Paper protocol (Adam): max relative mass error per start](mass-error-by-start.svg)"] {
            #expect(readme.contains(text), "\(text)")
        }
        let root = try HDF5File.open(dir.appendingPathComponent("results.h5").path).root
        #expect(try root.read("tables/fits/start seed", as: Double.self).values == [1, 1, 1, 2, 2, 2])
        #expect(try root.read("data/start_masses", as: Double.self).shape == [6, 3])
        let check = """
            import sys, h5py, numpy as np
            f = h5py.File(sys.argv[1], "r"); fits = f["tables/fits"]; summary = f["tables/summary"]
            g = [x.decode() if isinstance(x, bytes) else x for x in fits["gradient"][()]]
            e = fits["max relative mass error"][()]
            for k, name in enumerate(summary["gradient"][()]):
                name = name.decode() if isinstance(name, bytes) else name
                x = np.array([e[i] for i in range(len(g)) if g[i] == name])
                want = np.quantile(x, [0, 0.25, 0.5, 0.75, 1])
                got = [summary[c][k] for c in ["min", "lower quartile", "median mass error", "upper quartile", "max"]]
                assert np.allclose(want, got, rtol=1e-15, atol=0), (name, want, got)
            print("checked", len(summary["gradient"]))
            """
        let numpy = try TestSupport.run(TestSupport.python, ["-c", check, dir.appendingPathComponent("results.h5").path])
        #expect(numpy.status == 0 && numpy.stdout.contains("checked 3"), "\(numpy.stderr)")
        let output = try TestSupport.runPython("check_notebook.py", [dir.appendingPathComponent("aca-three-body.ipynb").path, "--execute"])
        #expect(output.contains("code cells"), "\(output)")
    }

    @Test("no starts is refused with the knob to turn")
    func noStarts() {
        var settings = Self.small
        settings.starts = 0
        #expect { try ACAThreeBody.run(settings, threads: 1) } throws: { "\($0)".contains("ACAThreeBody.Settings.starts") }
    }
}
