import Foundation
import HDF5Kit
import TestSupport
import Testing

@Suite("orrery evaluate --plots")
struct EvaluatePlotsTests {
    private func count(_ needle: String, in svg: String) -> Int { svg.components(separatedBy: needle).count - 1 }

    @Test("a three-body fit with training, validation and test windows: per-body panels, residuals, marked windows, a drawn validation line")
    func threeBodyFigures() throws {
        let directory = try TestSupport.temporaryDirectory()
        let generate = try TestSupport.orrery(["generate", "three-body", "--preset", "aca-paper", "--count", "1", "--t-end", "2",
                                               "--samples", "41", "--noise", "0.001", "--seed", "3", "--output", "tb.h5"],
                                              currentDirectory: directory)
        #expect(generate.status == 0, "\(generate.stderr)")
        let fit = try TestSupport.orrery(["fit", "--data", "tb.h5", "--model", "three-body", "--learn", "masses",
                                          "--parameters", "masses=1,0.95,1.05", "--observe", "positions", "--train-until", "1",
                                          "--validate-until", "1.5", "--optimizer", "adabelief-paper", "--lr", "0.01",
                                          "--iterations", "23", "--validate-every", "5", "--output", "fit.h5"], currentDirectory: directory)
        #expect(fit.status == 0, "\(fit.stderr)")
        let evaluation = try TestSupport.orrery(["evaluate", "--fit", "fit.h5", "--plots", "figures"], currentDirectory: directory)
        #expect(evaluation.status == 0, "\(evaluation.stderr)")
        let folder = directory.appendingPathComponent("figures")
        let figures = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(figures == ["loss.svg", "orbits-0.svg", "residuals-0.svg", "trajectory-0.svg"])
        func read(_ name: String) throws -> String { try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) }

        // The validation loss: one polyline through every computed (non-NaN) value.
        let history = try HDF5File.open(directory.appendingPathComponent("fit.h5").path).root.read("history/validation_loss", as: Double.self)
        let computed = history.values.filter { !$0.isNaN }.count
        #expect(computed >= 4)
        let loss = try read("loss.svg")
        let line = loss.components(separatedBy: "<polyline class=\"validation-loss\" points=\"")
        #expect(line.count == 2)
        #expect(line.last!.prefix { $0 != "\"" }.split(separator: " ").count == computed)
        #expect(count("class=\"validation-point\"", in: loss) == computed)

        // Data and model: a panel per body, nine positions in nine colours, all three windows marked, truth drawn.
        let trajectory = try read("trajectory-0.svg")
        #expect(trajectory.contains(">body 1</text>") && trajectory.contains(">body 3</text>"))
        let strokes = trajectory.components(separatedBy: "<polyline class=\"prediction\"").dropFirst().map { rest in
            String(rest.components(separatedBy: "stroke=\"")[1].prefix { $0 != "\"" })
        }
        #expect(strokes.count == 9 && Set(strokes).count == 9)
        for window in ["training", "validation", "test"] {
            #expect(count("class=\"obs-\(window)\"", in: trajectory) > 0, "\(window)")
            #expect(trajectory.contains(">\(window) data</text>"))
        }
        #expect(trajectory.contains(">noise-free truth</text>") && count("<polyline class=\"truth\"", in: trajectory) == 9)
        // t = 0 … 2 in 41 samples: t ≤ 1 trains (21 per component, minus the initial state if it is not a sample).
        #expect(count("class=\"obs-validation\"", in: trajectory) == 9 * 10)

        let residuals = try read("residuals-0.svg")
        #expect(residuals.contains("observed − predicted") && residuals.contains(">truth − predicted</text>"))
        #expect(count("class=\"obs-test\"", in: residuals) == count("class=\"obs-test\"", in: trajectory))
    }
}
