import Foundation
import HDF5Kit
import TestSupport
import Testing

/// End to end: `orrery fit` / `evaluate` / `--resume` with `--equations` and `--model-file`.
@Suite("orrery fit --equations / --model-file")
struct EquationModelCommandTests {
    static let lotkaVolterra = "d(prey)/dt = alpha*prey - beta*prey*predator; d(predator)/dt = delta*prey*predator - gamma*predator"

    /// Lotka–Volterra data as CSV, with the columns in the given order.
    func makeData(_ directory: URL, columns: [String], name: String) throws {
        let root = try HDF5File.open(directory.appendingPathComponent("lv.h5").path).root
        let t = try root.read("t", as: Double.self), y = try root.read("state", as: Double.self)
        var csv = "trajectory,t,\(columns.joined(separator: ","))\n"
        for b in 0..<2 {
            for k in 0..<40 {
                let row = columns.map { $0 == "prey" ? y[b, k, 0] : y[b, k, 1] }
                csv += "\(b),\(t[b, k]),\(row.map { "\($0)" }.joined(separator: ","))\n"
            }
        }
        try csv.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func parameters(_ stdout: String) throws -> [Double] {
        let summary = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as! [String: Any]
        return (summary["parameters"] as! [[String: Any]]).flatMap { $0["values"] as! [Double] }
    }

    @Test("Lotka–Volterra typed as equations fits like the built-in model (columns matched by name)")
    func equationsMatchTheBuiltInModel() throws {
        let directory = try TestSupport.temporaryDirectory("orrery-equations")
        #expect(try TestSupport.orrery(["generate", "time-series", "--system", "lotka-volterra", "--count", "2", "--t-end", "5",
                                        "--samples", "40", "--seed", "2", "--output", "lv.h5"], currentDirectory: directory).status == 0)
        try makeData(directory, columns: ["prey", "predator"], name: "lv.csv")
        try makeData(directory, columns: ["predator", "prey"], name: "swapped.csv")
        let common = ["--iterations", "60", "--lr", "0.02", "--optimizer", "adabelief-paper", "--unconstrained", "--json"]
        let builtIn = try TestSupport.orrery(["fit", "--data", "lv.csv", "--model", "lotka-volterra", "--parameters", "parameters=1.2,0.8,1.2,2.5",
                                              "--output", "builtin.h5"] + common, currentDirectory: directory)
        #expect(builtIn.status == 0, "\(builtIn.stderr)")
        let equations = try TestSupport.orrery(["fit", "--data", "swapped.csv", "--equations", Self.lotkaVolterra,
                                                "--parameters", "alpha=1.2,beta=0.8,delta=1.2,gamma=2.5",
                                                "--output", "equations.h5"] + common, currentDirectory: directory)
        #expect(equations.status == 0, "\(equations.stderr)")
        let a = try parameters(builtIn.stdout), b = try parameters(equations.stdout)
        let difference = zip(a, b).map { abs($0 - $1) }.max()!
        print("LV fit, built-in vs equations after 60 iterations: max |Δparameter| = \(difference); \(b)")
        #expect(difference < 1e-8, "\(a) vs \(b)")

        // The fit file stores the source: evaluate and resume rebuild the same model.
        let evaluation = try TestSupport.orrery(["evaluate", "--fit", "equations.h5", "--json"], currentDirectory: directory)
        #expect(evaluation.status == 0, "\(evaluation.stderr)")
        let more = try TestSupport.orrery(["fit", "--resume", "equations.h5", "--iterations", "65", "--json"], currentDirectory: directory)
        #expect(more.status == 0, "\(more.stderr)")
        let file = try HDF5File.open(directory.appendingPathComponent("equations.h5").path).root
        #expect(try file.attribute("model_json").stringValue?.contains("d(prey)/dt = alpha*prey") == true)
    }

    @Test("a TOML model file with a fixed parameter; errors name the line, the column and the missing column")
    func modelFileAndErrors() throws {
        let directory = try TestSupport.temporaryDirectory("orrery-model-file")
        #expect(try TestSupport.orrery(["generate", "time-series", "--system", "lotka-volterra", "--count", "2", "--t-end", "5",
                                        "--samples", "40", "--seed", "2", "--output", "lv.h5"], currentDirectory: directory).status == 0)
        try makeData(directory, columns: ["predator", "prey"], name: "lv.csv")
        let model = """
            # Lotka–Volterra with the predator's death rate known
            states = ["prey", "predator"]
            equations = \"\"\"
            eat = prey*predator          # encounters
            d(prey)/dt = alpha*prey - beta*eat
            d(predator)/dt = delta*eat - gamma*predator
            \"\"\"
            [parameters]
            alpha = { value = 1.2, positive = true, unit = "1/time" }
            beta = { value = 0.8, lower = 0, upper = 10 }
            delta = 1.2
            gamma = { value = 3, fixed = true }
            [units]
            prey = "thousands"
            """
        try model.write(to: directory.appendingPathComponent("lv.toml"), atomically: true, encoding: .utf8)
        let fit = try TestSupport.orrery(["fit", "--data", "lv.csv", "--model-file", "lv.toml", "--iterations", "100", "--lr", "0.02",
                                          "--optimizer", "adabelief-paper", "--output", "fit.h5", "--json"], currentDirectory: directory)
        #expect(fit.status == 0, "\(fit.stderr)")
        let values = try parameters(fit.stdout)
        #expect(values.count == 3)
        #expect(zip(values, [1.5, 1.0, 1.0]).allSatisfy { abs($0 - $1) < 0.1 }, "\(values)")

        let typo = model.replacingOccurrences(of: "gamma*predator", with: "gama*predator")
        try typo.write(to: directory.appendingPathComponent("typo.toml"), atomically: true, encoding: .utf8)
        let bad = try TestSupport.orrery(["fit", "--data", "lv.csv", "--model-file", "typo.toml", "--output", "x.h5"], currentDirectory: directory)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("line 3, column 30: unknown name \"gama\""), "\(bad.stderr)")

        let missing = try TestSupport.orrery(["fit", "--data", "lv.csv", "--equations", "d(prey)/dt = a*prey; d(wolf)/dt = -wolf",
                                              "--parameters", "a=1", "--output", "x.h5"], currentDirectory: directory)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("\"wolf\" is not among the data's columns (predator, prey)"), "\(missing.stderr)")

        let noValue = try TestSupport.orrery(["fit", "--data", "lv.csv", "--equations", Self.lotkaVolterra, "--parameters", "alpha=1",
                                              "--output", "x.h5"], currentDirectory: directory)
        #expect(noValue.stderr.contains("no value for beta, delta, gamma"), "\(noValue.stderr)")

        let forgotten = try TestSupport.orrery(["fit", "--data", "lv.csv", "--equations", "prey' = a*prey - b*prey*predator", "--parameters", "a=1,b=1",
                                                "--output", "x.h5"], currentDirectory: directory)
        #expect(forgotten.status != 0)
        #expect(forgotten.stderr.contains("predator is a column of the data but has no equation, so it would be a constant parameter: "
                                          + "add predator' = … to fit it as a state (or give --parameters predator=… to hold it constant)"), "\(forgotten.stderr)")
    }

    @Test("orrery gradient --equations: every method against finite differences, by parameter name")
    func gradientCheck() throws {
        let directory = try TestSupport.temporaryDirectory("orrery-equations-gradient")
        #expect(try TestSupport.orrery(["generate", "time-series", "--system", "lotka-volterra", "--count", "2", "--t-end", "3",
                                        "--samples", "20", "--seed", "4", "--output", "lv.h5"], currentDirectory: directory).status == 0)
        // The states in the other order than the file's columns: matched by name.
        let equations = "d(predator)/dt = delta*prey*predator - gamma*predator; d(prey)/dt = alpha*prey - beta*prey*predator"
        let result = try TestSupport.orrery(["gradient", "--data", "lv.h5", "--equations", equations,
                                             "--parameters", "alpha=1.2,beta=0.8,delta=1.2,gamma=2.5", "--method", "all",
                                             "--rtol", "1e-10", "--atol", "1e-10", "--check", "--json"], currentDirectory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(report["parameterNames"] as? [String] == ["delta", "gamma", "alpha", "beta"])
        #expect(report["states"] as? [String] == ["predator", "prey"])
        for method in report["methods"] as! [[String: Any]] {
            let error = method["relativeError"] as! Double
            print("gradient --equations, \(method["method"]!): relative error vs finite differences \(error)")
            #expect(error < 1e-5, "\(method)")
        }
    }
}
