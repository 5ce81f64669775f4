import Datasets
import Foundation
import HDF5Kit
import TestSupport
import Testing

@Suite("orrery predict")
struct PredictCommandTests {
    /// A Lotka–Volterra dataset and a short fit of it, in a fresh folder.
    func fitted() throws -> URL {
        let directory = try TestSupport.temporaryDirectory()
        let generate = try TestSupport.orrery(["generate", "time-series", "--system", "lotka-volterra", "--count", "2", "--t-end", "5",
                                               "--samples", "40", "--seed", "2", "--noise", "0.05", "--output", "lv.h5"], currentDirectory: directory)
        #expect(generate.status == 0, "\(generate.stderr)")
        let fit = try TestSupport.orrery(["fit", "--data", "lv.h5", "--model", "lotka-volterra", "--parameters", "parameters=1.2,0.8,1.2,2.5",
                                          "--iterations", "20", "--lr", "0.02", "--output", "fit.h5"], currentDirectory: directory)
        #expect(fit.status == 0, "\(fit.stderr)")
        return directory
    }

    @Test("predict at the training times reproduces the fit's own predictions (evaluate's errors, to rounding); HDF5 and CSV agree")
    func reproducesFit() throws {
        let directory = try fitted()
        let run = try TestSupport.orrery(["predict", "--fit", "fit.h5", "--t-end", "5", "--samples", "40", "--output", "prediction.h5"],
                                         currentDirectory: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let prediction = try TrajectoryDataset.read(from: directory.appendingPathComponent("prediction.h5").path)
        let data = try TrajectoryDataset.read(from: directory.appendingPathComponent("lv.h5").path)
        #expect(prediction.times.values == data.times.values)
        #expect(prediction.initialStates.values == data.initialStates.values)
        #expect(prediction.metadata.stateLabels == data.metadata.stateLabels)
        let squared = zip(prediction.states.values, data.states.values).map { ($0 - $1) * ($0 - $1) }
        let mse = squared.reduce(0, +) / Double(squared.count)
        let evaluation = try TestSupport.orrery(["evaluate", "--fit", "fit.h5", "--json"], currentDirectory: directory)
        let report = try JSONSerialization.jsonObject(with: Data(evaluation.stdout.utf8)) as! [String: Any]
        let evaluated = ((report["evaluation"] as! [String: Any])["interpolation"] as! [String: Any])["mse"] as! Double
        print("predict vs evaluate at the training times: MSE \(mse) vs \(evaluated)")
        #expect(abs(mse - evaluated) <= 1e-12 * evaluated)

        #expect(try TestSupport.orrery(["predict", "--fit", "fit.h5", "--t-end", "5", "--samples", "40", "--output", "prediction.csv"],
                                       currentDirectory: directory).status == 0)
        // The least-squares fit wrote /uncertainty, so the CSV carries ±1σ columns after the states.
        let csv = try TrajectoryDataset.readCSV(from: directory.appendingPathComponent("prediction.csv").path)
        #expect(csv.metadata.stateLabels == ["prey", "predator", "prey_std", "predator_std"])
        let columns = stride(from: 0, to: csv.states.values.count, by: 4).flatMap { csv.states.values[$0..<($0 + 2)] }
        #expect(columns == prediction.states.values)
    }

    @Test("new initial states and new times; ±1σ bands from the fit's standard errors and correlations (linearised, linear in σ)")
    func newStatesAndBands() throws {
        let directory = try fitted()
        let plain = try TestSupport.orrery(["predict", "--fit", "fit.h5", "--initial-state", "prey=2,predator=1", "--t-end", "3",
                                            "--samples", "7", "--output", "new.h5"], currentDirectory: directory)
        #expect(plain.status == 0, "\(plain.stderr)")
        let new = try TrajectoryDataset.read(from: directory.appendingPathComponent("new.h5").path)
        #expect(new.trajectoryCount == 1 && new.sampleCount == 7 && new.initialStates.values == [2, 1])
        let checkpoint = try HDF5File.open(directory.appendingPathComponent("fit.h5").path)
        let alpha = try checkpoint.root.read("model/best_parameters/alpha", as: Double.self).values
        try checkpoint.close()
        #expect(new.parameters["alpha"]?.values == alpha)

        // The least-squares fit wrote /uncertainty; a copy with the standard errors doubled must double the bands.
        let written = try HDF5File.open(directory.appendingPathComponent("fit.h5").path)
        let errors = try written.root.read("uncertainty/standard_errors", as: Double.self).values
        try written.close()
        #expect(errors.count == 4 && errors.allSatisfy { $0 > 0 })
        for (name, scale) in [("se1.h5", 1.0), ("se2.h5", 2.0)] {
            try FileManager.default.copyItem(at: directory.appendingPathComponent("fit.h5"), to: directory.appendingPathComponent(name))
            let file = try HDF5File.open(directory.appendingPathComponent(name).path, mode: .readWrite)
            let group = try file.root.group("uncertainty")
            try group.remove("standard_errors")
            try group.write(NDArray(errors.map { $0 * scale }), to: "standard_errors")
            try file.close()
            let run = try TestSupport.orrery(["predict", "--fit", name, "--initial-state", "2,1", "--t-end", "3", "--samples", "7",
                                              "--output", "band-" + name], currentDirectory: directory)
            #expect(run.status == 0, "\(run.stderr)")
        }
        func band(_ name: String) throws -> [Double] {
            let file = try HDF5File.open(directory.appendingPathComponent(name).path)
            defer { try? file.close() }
            return try file.root.read("uncertainty/state_std", as: Double.self).values
        }
        let one = try band("band-se1.h5"), two = try band("band-se2.h5")
        #expect(one.count == 14 && one[0] == 0 && one[1] == 0, "no spread at the initial state")
        #expect(one.dropFirst(2).allSatisfy { $0 > 0 && $0.isFinite })
        #expect(zip(one, two).allSatisfy { abs($1 - 2 * $0) <= 1e-5 * max($1, 1e-12) }, "linear in σ")
        let prediction = try TrajectoryDataset.read(from: directory.appendingPathComponent("band-se1.h5").path)
        #expect(prediction.states.values == new.states.values, "bands do not change the prediction")
    }

    @Test("the output may not be the fit file or another input")
    func refusesOverwrite() throws {
        let directory = try fitted()
        let before = try Data(contentsOf: directory.appendingPathComponent("fit.h5"))
        for output in ["fit.h5", "./fit.h5", "lv.h5"] {
            let run = try TestSupport.orrery(["predict", "--fit", "fit.h5", "--t-end", "1", "--output", output], currentDirectory: directory)
            #expect(run.status == 1 && run.stderr.contains("is an input"), "\(output): \(run.stderr)")
        }
        #expect(try Data(contentsOf: directory.appendingPathComponent("fit.h5")) == before)
    }
}
