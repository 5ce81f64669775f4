import Foundation
import TestSupport
import Testing

@Suite("orrery gradient")
struct GradientCommandTests {
    /// A small random three-body dataset (2 trajectories, 20 samples over t ∈ (0, 2]).
    static func dataset() throws -> String {
        let directory = try TestSupport.temporaryDirectory("orrery-gradient")
        let path = directory.appendingPathComponent("tb.h5").path
        let generate = try TestSupport.orrery(["generate", "three-body", "--preset", "random", "--count", "2", "--t-end", "2",
                                               "--samples", "20", "--seed", "3", "--output", path])
        #expect(generate.status == 0, "\(generate.stderr)")
        return path
    }

    @Test("--method all --check --json: loss, gradients, cost figures, timing and each method's error against finite differences")
    func allMethodsChecked() throws {
        let path = try Self.dataset()
        let result = try TestSupport.orrery(["gradient", "--data", path, "--model", "three-body", "--parameters", "masses=1.1,1.0,0.9",
                                             "--method", "all", "--solver", "dopri5", "--rtol", "1e-9", "--atol", "1e-9",
                                             "--observe", "positions", "--repeat", "2", "--threads", "2", "--check", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["trajectories"] as? [Int] == [0, 1])
        #expect((object["parameters"] as? [String: Any])?["masses"] as? [Double] == [1.1, 1.0, 0.9])
        let methods = try #require(object["methods"] as? [[String: Any]])
        #expect(methods.map { $0["method"] as? String } == ["naive", "adjoint", "aca"])
        var losses: [Double] = [], bytes: [String: Int] = [:]
        for method in methods {
            let name = try #require(method["method"] as? String)
            losses.append(try #require(method["loss"] as? Double))
            let gradient = try #require(method["gradient"] as? [String: Any])
            #expect((gradient["masses"] as? [Double])?.count == 3)
            #expect(gradient["G"] is Double)
            #expect((gradient["initialState"] as? [[Double]])?.map(\.count) == [18, 18])
            let cost = try #require(method["cost"] as? [String: Int])
            #expect(cost["forwardEvaluations"]! > 0 && cost["acceptedSteps"]! > 0 && cost["backwardVJPs"]! > 0)
            bytes[name] = cost["peakBackwardBytes"]
            #expect((method["secondsPerGradient"] as? Double).map { $0 > 0 } == true)
            let error = try #require(method["relativeError"] as? Double)
            #expect(error < 1e-3, "\(name): \(error)")
        }
        #expect(Set(losses).count == 1, "every method reports the same forward loss")
        #expect(bytes["naive"]! > bytes["aca"]!)
        #expect((object["check"] as? [String: Any])?["gradient"] != nil)
    }

    @Test("one trajectory, text output, dense observations")
    func singleTrajectoryText() throws {
        let path = try Self.dataset()
        let result = try TestSupport.orrery(["gradient", "--data", path, "--trajectory", "1", "--method", "aca",
                                             "--observation-mode", "dense", "--parameters", "masses=1,1,1,G=1.05"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1 trajectory"))
        #expect(result.stdout.contains("aca: loss"))
        #expect(result.stdout.contains("G 1.050000e+00"))
    }

    @Test("--method mali --solver alf: the gradient matches finite differences of a tight solve, with its reconstruction error")
    func maliChecked() throws {
        let path = try Self.dataset()
        // Trajectory 1: trajectory 0 has a close encounter where undamped ALF needs more than 10⁶ steps.
        let result = try TestSupport.orrery(["gradient", "--data", path, "--trajectory", "1", "--method", "mali", "--solver", "alf",
                                             "--parameters", "masses=1.1,1.0,0.9", "--rtol", "1e-7", "--atol", "1e-7", "--observe", "positions", "--check", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let method = try #require((object["methods"] as? [[String: Any]])?.first)
        #expect(method["method"] as? String == "mali")
        let error = try #require(method["relativeError"] as? Double)
        let reconstruction = try #require(method["reconstructionError"] as? Double)
        #expect(error < 1e-5, "relative error \(error)")
        #expect(reconstruction < 1e-12)
    }

    @Test("bad input: one line on stderr, no trap", arguments: [
        ["--method", "backprop"], ["--parameters", "masses=1,2"], ["--parameters", "mass=1,1,1"], ["--trajectory", "9"],
        ["--solver", "rk4"], ["--observe", "velocities"], ["--model", "spiral"], ["--method", "mali"],
        ["--method", "aca", "--solver", "alf"], ["--method", "mali,aca", "--solver", "alf"],
    ])
    func badInput(arguments: [String]) throws {
        let path = try Self.dataset()
        let result = try TestSupport.orrery(["gradient", "--data", path] + arguments)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("rror"), "\(result.stderr)")
    }

    @Test("--help documents the loss, the model parameters and the methods")
    func help() throws {
        let help = try TestSupport.orrery(["gradient", "--help"])
        #expect(help.status == 0)
        for word in ["--method", "naive", "adjoint", "aca", "--check", "--repeat", "masses=", "--observe", "--observation-mode"] {
            #expect(help.stdout.contains(word), "\(word)")
        }
    }
}
