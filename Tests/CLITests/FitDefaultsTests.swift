import Foundation
import HDF5Kit
import TestSupport
import Testing

/// The commands a newcomer types, with no tuning flags (issue 15): they must converge and say so.
@Suite("orrery fit defaults")
struct FitDefaultsTests {
    static let acaData = TestSupport.repositoryRoot.appendingPathComponent("datasets/threebody-aca-paper.h5").path

    static func summary(_ result: TestSupport.ProcessResult) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    static func masses(_ summary: [String: Any]) throws -> (values: [Double], errors: [Double]) {
        let block = try #require((summary["parameters"] as? [[String: Any]])?.first { $0["name"] as? String == "masses" })
        return (try #require(block["values"] as? [Double]), try #require(block["standardErrors"] as? [Double]))
    }

    @Test("the ACA paper's masses from starts in [0.9, 1.1], default command: converged, ≤ 1e-8 relative, with standard errors",
          arguments: ["1,1,1", "0.9,1.1,0.95", "1.08,0.91,1.02"])
    func acaMasses(start: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        let result = try TestSupport.orrery(["fit", "--data", Self.acaData, "--model", "three-body", "--parameters", "masses=" + start,
                                             "--observe", "positions", "--json"], currentDirectory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try Self.summary(result)
        #expect(summary["status"] as? String == "converged")
        #expect(summary["converged"] as? Bool == true)
        #expect(result.stderr.contains("optimizer lm (auto"))
        let (values, errors) = try Self.masses(summary)
        let worst = zip(values, [1.1, 1.1, 0.9]).map { abs($0 - $1) / $1 }.max()!
        #expect(worst <= 1e-8, "masses \(values), worst relative error \(worst)")
        #expect(errors.count == 3 && errors.allSatisfy { $0 > 0 && $0 < 1e-6 })
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("fit.h5").path))
    }

    @Test("--restarts records every start's outcome; --bounds keep a parameter inside its interval")
    func restartsAndBounds() throws {
        let directory = try TestSupport.temporaryDirectory()
        let restarts = try TestSupport.orrery(["fit", "--data", Self.acaData, "--model", "three-body", "--parameters", "masses=1,1,1",
                                               "--observe", "positions", "--train-until", "0.5", "--restarts", "3", "--json",
                                               "--output", "r.h5"], currentDirectory: directory)
        #expect(restarts.status == 0, "\(restarts.stderr)")
        #expect(try Self.summary(restarts)["status"] as? String == "converged")
        let root = try HDF5File.open(directory.appendingPathComponent("r.h5").path).root
        #expect(try root.attribute("restarts").integerValue == 3)
        #expect(try root.attribute("restart_losses").doubleArray?.count == 3)

        // The truth (1.1, 1.1, 0.9) lies outside masses ≤ 1.05: the fit must stay inside and not claim the truth.
        let bounded = try TestSupport.orrery(["fit", "--data", Self.acaData, "--model", "three-body", "--parameters", "masses=1,1,0.9",
                                              "--observe", "positions", "--train-until", "0.5", "--bounds", "masses=0.5:1.05",
                                              "--json", "--output", "b.h5"], currentDirectory: directory)
        #expect(bounded.status == 0, "\(bounded.stderr)")
        let (values, _) = try Self.masses(try Self.summary(bounded))
        #expect(values.allSatisfy { $0 > 0.5 && $0 <= 1.05 }, "\(values)")
        #expect(bounded.stderr.contains("masses[0] is at its bound 1.05"), "\(bounded.stderr)")
    }

    @Test("your own equations end to end: simulate an SIR epidemic to CSV, fit it (a noisy start is flagged), predict with bands")
    func ownEquations() throws {
        let directory = try TestSupport.temporaryDirectory()
        let sir = "d(S)/dt = -beta*S*I; d(I)/dt = beta*S*I - gamma*I; d(R)/dt = gamma*I"
        let simulate = try TestSupport.orrery(["simulate", "--equations", sir, "--parameters", "beta=0.5,gamma=0.2",
                                               "--initial-state", "S=0.99,I=0.01,R=0", "--t-end", "20", "--samples", "41",
                                               "--noise", "0.001", "--seed", "3", "--output", "sir.csv"], currentDirectory: directory)
        #expect(simulate.status == 0, "\(simulate.stderr)")
        let plain = try TestSupport.orrery(["fit", "--data", "sir.csv", "--equations", sir, "--parameters", "beta=0.3,gamma=0.1",
                                            "--output", "a.h5"], currentDirectory: directory)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stderr.contains("add --learn initial-state"), "\(plain.stderr)")
        let learned = try TestSupport.orrery(["fit", "--data", "sir.csv", "--equations", sir, "--parameters", "beta=0.3,gamma=0.1",
                                              "--learn", "initial-state", "--json", "--output", "b.h5"], currentDirectory: directory)
        #expect(learned.status == 0, "\(learned.stderr)")
        let summary = try Self.summary(learned)
        #expect(summary["status"] as? String == "converged")
        let parameters = try #require(summary["parameters"] as? [[String: Any]])
        for (name, truth) in [("beta", 0.5), ("gamma", 0.2)] {
            let block = try #require(parameters.first { $0["name"] as? String == name })
            let value = try #require((block["values"] as? [Double])?.first), error = try #require((block["standardErrors"] as? [Double])?.first)
            #expect(abs(value - truth) < 4 * error && error < 0.01, "\(name) = \(value) ± \(error), true \(truth)")
        }
        let predict = try TestSupport.orrery(["predict", "--fit", "b.h5", "--t-end", "30", "--samples", "4", "--output", "p.csv"],
                                             currentDirectory: directory)
        #expect(predict.status == 0, "\(predict.stderr)")
        let header = try String(contentsOf: directory.appendingPathComponent("p.csv"), encoding: .utf8).split(separator: "\n").first
        #expect(header == "trajectory,t,S,I,R,S_std,I_std,R_std")
    }

    @Test("auto with more learned values than observed training values picks AdaBelief then L-BFGS (LM needs R ≥ P), says why, and reports an honest status")
    func autoWithFewResiduals() throws {
        let directory = try TestSupport.temporaryDirectory()
        let simulate = try TestSupport.orrery(["simulate", "--equations", "d(x)/dt = -k*x", "--parameters", "k=0.5", "--initial-state", "x=1",
                                               "--t-end", "4", "--samples", "6", "--output", "decay.csv"], currentDirectory: directory)
        #expect(simulate.status == 0, "\(simulate.stderr)")
        // k plus a 1→4→1 network: 1 + (4 + 4) + (4 + 1) = 14 learned values for at most 6 observed values.
        let fit = try TestSupport.orrery(["fit", "--data", "decay.csv", "--equations", "d(x)/dt = -k*x + nn(U; x)[0]", "--hidden", "4",
                                          "--parameters", "k=0.3", "--json", "--output", "f.h5"], currentDirectory: directory)
        #expect(fit.status == 0, "\(fit.stderr)")
        #expect(!fit.stderr.contains("R ≥ P"), "\(fit.stderr)")
        let line = try #require(fit.stderr.split(separator: "\n").first { $0.hasPrefix("orrery: optimizer ") })
        #expect(line.hasPrefix("orrery: optimizer first-order+lbfgs (auto: 14 learned values > "), "\(line)")
        #expect(line.contains("too few residuals for Levenberg–Marquardt"), "\(line)")
        let summary = try Self.summary(fit)
        let status = try #require(summary["status"] as? String)
        #expect(["converged", "max-iterations", "stalled"].contains(status), "\(status)")
        #expect(summary["converged"] as? Bool == (status == "converged"))
        let root = try HDF5File.open(directory.appendingPathComponent("f.h5").path).root
        #expect(try root.attribute("optimizer_choice").stringValue == String(line.dropFirst("orrery: ".count)))
        #expect(try root.attribute("status").stringValue == status)

        // With as many observed values as learned ones, auto keeps Levenberg–Marquardt.
        let physics = try TestSupport.orrery(["fit", "--data", "decay.csv", "--equations", "d(x)/dt = -k*x", "--parameters", "k=0.3",
                                              "--output", "p.h5"], currentDirectory: directory)
        #expect(physics.status == 0 && physics.stderr.contains("orrery: optimizer lm (auto: 1 learned value ≤ 200"), "\(physics.stderr)")
    }

    @Test("a model file's unused parameter is named in a warning")
    func unusedParameter() throws {
        let directory = try TestSupport.temporaryDirectory()
        try "t,x\n0,1\n1,0.61\n2,0.37\n3,0.22\n4,0.14\n".write(to: directory.appendingPathComponent("decay.csv"), atomically: true, encoding: .utf8)
        try "states = [\"x\"]\nequations = \"d(x)/dt = -k*x\"\n[parameters]\nk = 0.3\nkk = 1.0\n"
            .write(to: directory.appendingPathComponent("decay.toml"), atomically: true, encoding: .utf8)
        let fit = try TestSupport.orrery(["fit", "--data", "decay.csv", "--model-file", "decay.toml", "--output", "f.h5"],
                                         currentDirectory: directory)
        #expect(fit.status == 0, "\(fit.stderr)")
        #expect(fit.stderr.contains("warning: kk appears in no equation"), "\(fit.stderr)")
    }
}
