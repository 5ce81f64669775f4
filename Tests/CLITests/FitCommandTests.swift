import Foundation
import HDF5Kit
import TestSupport
import Testing

@Suite("orrery fit and orrery evaluate")
struct FitCommandTests {
    @Test("fit a CSV time series, evaluate it as JSON and Markdown with figures, resume to more iterations")
    func endToEnd() throws {
        let directory = try TestSupport.temporaryDirectory()
        // Lotka–Volterra from its generator, exported to CSV to exercise the CSV path.
        #expect(try TestSupport.orrery(["generate", "time-series", "--system", "lotka-volterra", "--count", "2", "--t-end", "5",
                                        "--samples", "40", "--seed", "2", "--output", "lv.h5"], currentDirectory: directory).status == 0)
        let root = try HDF5File.open(directory.appendingPathComponent("lv.h5").path).root
        let t = try root.read("t", as: Double.self), y = try root.read("state", as: Double.self)
        var csv = "trajectory,t,prey,predator\n"
        for b in 0..<2 { for k in 0..<40 { csv += "\(b),\(t[b, k]),\(y[b, k, 0]),\(y[b, k, 1])\n" } }
        try csv.write(to: directory.appendingPathComponent("lv.csv"), atomically: true, encoding: .utf8)

        let fit = try TestSupport.orrery(["fit", "--data", "lv.csv", "--model", "lotka-volterra", "--parameters", "parameters=1.2,0.8,1.2,2.5",
                                          "--iterations", "150", "--lr", "0.02", "--optimizer", "adabelief-paper",
                                          "--output", "fit.h5", "--json"], currentDirectory: directory)
        #expect(fit.status == 0, "\(fit.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as! [String: Any]
        #expect(summary["status"] as? String == "max-iterations")
        let parameters = (summary["parameters"] as! [[String: Any]])[0]["values"] as! [Double]
        let truth = [1.5, 1.0, 1.0, 3.0]
        #expect(zip(parameters, truth).allSatisfy { abs($0 - $1) / $1 < 0.05 }, "\(parameters)")
        #expect(fit.stderr.contains("iteration 150/150"))

        let evaluation = try TestSupport.orrery(["evaluate", "--fit", "fit.h5", "--json", "--plots", "figures"], currentDirectory: directory)
        #expect(evaluation.status == 0, "\(evaluation.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(evaluation.stdout.utf8)) as! [String: Any]
        let metrics = (report["evaluation"] as! [String: Any])["interpolation"] as! [String: Any]
        #expect((metrics["rmse"] as! Double) < 0.05)
        let figures = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("figures").path).sorted()
        #expect(figures == ["loss.svg", "residuals-0.svg", "residuals-1.svg", "trajectory-0.svg", "trajectory-1.svg"])
        let markdown = try TestSupport.orrery(["evaluate", "--fit", "fit.h5", "--markdown"], currentDirectory: directory)
        #expect(markdown.stdout.contains("| interpolation |"))

        let more = try TestSupport.orrery(["fit", "--resume", "fit.h5", "--iterations", "160", "--json"], currentDirectory: directory)
        #expect(more.status == 0, "\(more.stderr)")
        let resumed = try JSONSerialization.jsonObject(with: Data(more.stdout.utf8)) as! [String: Any]
        #expect(resumed["iterations"] as? Int == 160)
        let file = try HDF5File.open(directory.appendingPathComponent("fit.h5").path).root
        #expect(try file.attribute("kind") == .string("fit"))
        #expect(try file.attribute("optimizer") == .string("AdaBelief"))
        #expect(try file.read("history/loss", as: Double.self).count == 160)
        #expect(try file.attribute("command").stringValue?.hasPrefix("orrery fit --resume fit.h5") == true)
    }

    @Test("--gradient mali (the asynchronous leapfrog) fits Lotka–Volterra with L-BFGS and records solver alf; Levenberg–Marquardt is refused")
    func maliFit() throws {
        let directory = try TestSupport.temporaryDirectory()
        #expect(try TestSupport.orrery(["generate", "time-series", "--system", "lotka-volterra", "--count", "2", "--t-end", "5",
                                        "--samples", "40", "--seed", "2", "--output", "lv.h5"], currentDirectory: directory).status == 0)
        let common = ["fit", "--data", "lv.h5", "--model", "lotka-volterra", "--parameters", "parameters=1.2,0.8,1.2,2.5", "--gradient", "mali"]
        let fit = try TestSupport.orrery(common + ["--optimizer", "lbfgs", "--iterations", "80", "--rtol", "1e-7", "--atol", "1e-9",
                                                  "--output", "fit.h5", "--json"], currentDirectory: directory)
        #expect(fit.status == 0, "\(fit.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as! [String: Any]
        let parameters = (summary["parameters"] as! [[String: Any]])[0]["values"] as! [Double]
        let truth = [1.5, 1.0, 1.0, 3.0]
        #expect(zip(parameters, truth).allSatisfy { abs($0 - $1) / $1 < 0.01 }, "\(parameters)")
        let file = try HDF5File.open(directory.appendingPathComponent("fit.h5").path).root
        #expect(try file.attribute("solver") == .string("alf"))
        let lm = try TestSupport.orrery(common + ["--optimizer", "lm"], currentDirectory: directory)
        #expect(lm.status != 0 && lm.stderr.contains("Levenberg"), "\(lm.stderr)")
    }

    @Test("bad inputs: one clear line naming file, dataset or row, exit code 1, no crash", arguments: [
        ("missing", ["--data", "nope.h5"], "no such file"),
        ("non-increasing", ["--data", "bad-times.h5"], "not strictly increasing"),
        ("all-missing", ["--data", "all-missing.h5"], "every entry of /state is missing"),
        ("csv", ["--data", "bad.csv", "--model", "mlp"], "row 3, column \"x\": \"one\" is not a number"),
        ("shape", ["--data", "foreign.h5", "--time", "/time", "--state", "/short", "--model", "mlp"], "has 3 samples but state /short has 2"),
        ("wrong-path", ["--data", "foreign.h5", "--time", "/nope", "--state", "/y", "--model", "mlp"], "no dataset /nope"),
        ("dimension", ["--data", "foreign.h5", "--time", "/time", "--state", "/y", "--model", "three-body"], "the data has 2"),
    ])
    func badInputs(name: String, arguments: [String], expected: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        try HDF5File.writeAtomically(to: directory.appendingPathComponent("bad-times.h5").path) { file in
            try file.root.write(NDArray(shape: [1, 3], values: [0.0, 1.0, 1.0]), to: "t")
            try file.root.write(NDArray(shape: [1, 3, 2], values: [1, 2, 3, 4, 5, 6.0]), to: "state")
        }
        try HDF5File.writeAtomically(to: directory.appendingPathComponent("all-missing.h5").path) { file in
            try file.root.write(NDArray(shape: [1, 2], values: [0.0, 1.0]), to: "t")
            try file.root.write(NDArray(shape: [1, 2, 1], values: [Double.nan, .nan]), to: "state")
            try file.root.write(NDArray(shape: [1, 2, 1], values: [UInt8(0), 0]), to: "mask")
        }
        try HDF5File.writeAtomically(to: directory.appendingPathComponent("foreign.h5").path) { file in
            try file.root.write(NDArray([0.0, 0.5, 1.0]), to: "time")
            try file.root.write(NDArray(shape: [3, 2], values: [1, 0, 0.9, 0.1, 0.8, 0.2]), to: "y")
            try file.root.write(NDArray(shape: [2, 2], values: [1, 0, 0.9, 0.1]), to: "short")
        }
        try "t,x\n0,1\n1,one\n".write(to: directory.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let result = try TestSupport.orrery(["fit"] + arguments + ["--iterations", "1", "--output", "fit.h5"], currentDirectory: directory)
        #expect(result.status == 1, "\(name): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(name): \(result.stderr)")
        #expect(result.stderr.contains(expected), "\(name): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("fit.h5").path))
    }
}
