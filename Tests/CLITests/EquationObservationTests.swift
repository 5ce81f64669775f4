import Foundation
import TestSupport
import Testing

/// `fit --observe` for equation models: only some states measured, matched by name, the others
/// started from `--initial-state`.
@Suite("orrery fit --equations --observe")
struct EquationObservationTests {
    static let sir = "d(S)/dt = -beta*S*I; d(I)/dt = beta*S*I - gamma*I; d(R)/dt = gamma*I"

    /// A noise-free SIR epidemic simulated to CSV, then only the `keep` columns written back (in that order).
    static func data(_ directory: URL, keep: [String]) throws {
        let simulate = try TestSupport.orrery(["simulate", "--equations", sir, "--parameters", "beta=0.5,gamma=0.2",
                                               "--initial-state", "S=0.99,I=0.01,R=0", "--t-end", "20", "--samples", "41",
                                               "--output", "sir.csv"], currentDirectory: directory)
        #expect(simulate.status == 0, "\(simulate.stderr)")
        let lines = try String(contentsOf: directory.appendingPathComponent("sir.csv"), encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let columns = try keep.map { name in try #require(header.firstIndex(of: name), "\(header)") }
        let kept = lines.map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            return columns.map { String(cells[$0]) }.joined(separator: ",")
        }
        try (kept.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("observed.csv"), atomically: true, encoding: .utf8)
    }

    @Test("an SIR model observed only through I (S and R columns dropped) recovers beta and gamma with the default fit")
    func onlyInfectedObserved() throws {
        let directory = try TestSupport.temporaryDirectory()
        try Self.data(directory, keep: ["I", "t"])
        // Rates are known to be positive (--bounds): observed through I alone, the first continuation
        // window (t ≤ 2.5) identifies only beta·S₀ − gamma, and unbounded LM walks to negative rates.
        let fit = try TestSupport.orrery(["fit", "--data", "observed.csv", "--equations", Self.sir, "--parameters", "beta=0.3,gamma=0.1",
                                          "--observe", "I", "--initial-state", "S=0.99,R=0", "--bounds", "beta=0:5,gamma=0:5",
                                          "--json", "--output", "f.h5"],
                                         currentDirectory: directory)
        #expect(fit.status == 0, "\(fit.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as? [String: Any])
        #expect(summary["status"] as? String == "converged", "\(fit.stderr)")
        let parameters = try #require(summary["parameters"] as? [[String: Any]])
        for (name, truth) in [("beta", 0.5), ("gamma", 0.2)] {
            let value = try #require((parameters.first { $0["name"] as? String == name }?["values"] as? [Double])?.first)
            #expect(abs(value - truth) / truth < 1e-5, "\(name) = \(value), true \(truth)")
        }
        // evaluate and predict rebuild the same observation from the fit file.
        let evaluate = try TestSupport.orrery(["evaluate", "--fit", "f.h5", "--json"], currentDirectory: directory)
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        let predict = try TestSupport.orrery(["predict", "--fit", "f.h5", "--t-end", "20", "--samples", "3", "--output", "p.csv"],
                                             currentDirectory: directory)
        #expect(predict.status == 0, "\(predict.stderr)")
        let rows = try String(contentsOf: directory.appendingPathComponent("p.csv"), encoding: .utf8).split(separator: "\n")
        #expect(rows.first == "trajectory,t,S,I,R,S_std,I_std,R_std", "\(rows)")
        // At t = 0 the prediction starts from S = 0.99 (given), I = 0.01 (data), R = 0 (given).
        let start = try #require(rows.dropFirst().first).split(separator: ",").compactMap { Double($0) }
        #expect(start.count == 8 && abs(start[2] - 0.99) < 1e-12 && abs(start[3] - 0.01) < 1e-12 && abs(start[4]) < 1e-12, "\(rows)")
    }

    @Test("wrong names and a missing start are one-line errors naming the knob", arguments: [
        (["--observe", "Q", "--initial-state", "S=0.99,R=0"], "--observe: 'Q' is not a state of the equations; the states are S, I, R"),
        (["--observe", "I"], "the unobserved states S, R need an initial value: give them with --initial-state S=…,R=…"),
        (["--observe", "I", "--initial-state", "S=0.99"], "the unobserved state R needs an initial value: give it with --initial-state R=…"),
        (["--observe", "I", "--initial-state", "S=0.99,X=0"], "--initial-state: 'X' is not a state of the equations; the states are S, I, R"),
        (["--observe", "I", "--initial-state", "S=0.99,I=0.01,R=0"], "--initial-state: I is observed, so it starts from the data"),
        (["--observe", "S", "--initial-state", "I=0.01,R=0"], "the model's state \"S\" is not among the data's columns (I)"),
    ])
    func wrongNames(arguments: [String], message: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        try Self.data(directory, keep: ["I", "t"])
        let run = try TestSupport.orrery(["fit", "--data", "observed.csv", "--equations", Self.sir, "--parameters", "beta=0.3,gamma=0.1", "--output", "f.h5"] + arguments,
                                         currentDirectory: directory)
        let errors = run.stderr.split(separator: "\n").filter { $0.hasPrefix("orrery: error: ") }
        #expect(run.status == 1 && errors.count == 1, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("f.h5").path))
    }
}
