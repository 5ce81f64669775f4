import Foundation
import HDF5Kit
import TestSupport
import Testing

/// End to end: a universal differential equation (`nn(U; …)[k]` in `--equations`) through
/// `fit`, `evaluate`, `--resume`, `predict` and `gradient --check`.
@Suite("orrery with nn(…) terms in the equations")
struct UniversalEquationCommandTests {
    /// Lotka–Volterra (α = 1.5, β = 1, δ = 1, γ = 3) with the interaction terms −βxy, +δxy replaced by a network.
    static let universal = "d(prey)/dt = alpha*prey + nn(U; prey, predator)[0]; d(predator)/dt = -gamma*predator + nn(U; prey, predator)[1]"

    func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    /// (final training loss, extrapolation RMSE over the test window) of a fit file.
    func lossAndExtrapolation(_ fit: String, _ directory: URL) throws -> (Double, Double) {
        let run = try TestSupport.orrery(["evaluate", "--fit", fit, "--json"], currentDirectory: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let evaluation = try json(run.stdout)["evaluation"] as! [String: Any]
        let interpolation = evaluation["interpolation"] as! [String: Any], extrapolation = evaluation["extrapolation"] as! [String: Any]
        #expect((extrapolation["count"] as! Int) > 0)
        return (interpolation["mse"] as! Double, extrapolation["rmse"] as! Double)
    }

    /// An oscillator with quadratic drag, −c·v·|v|, that the known physics (a spring) lacks.
    static let truth = "d(x)/dt = v; d(v)/dt = -k*x - c*v*abs(v)"
    static let universalOscillator = "d(x)/dt = v; d(v)/dt = -k*x + nn(F; v)[0]"
    static let springOnly = "d(x)/dt = v; d(v)/dt = -k*x"

    @Test("unknown drag learned by a network: the UDE recovers the spring constant, fits orders of magnitude better than the physics alone and extrapolates better; evaluate, resume and predict rebuild it")
    func learnedDrag() throws {
        let directory = try TestSupport.temporaryDirectory("orrery-ude")
        let simulate = try TestSupport.orrery(["simulate", "--equations", Self.truth, "--parameters", "k=1,c=0.4", "--initial-state", "x=2,v=0",
                                               "--t-end", "8", "--samples", "41", "--output", "drag.h5"], currentDirectory: directory)
        #expect(simulate.status == 0, "\(simulate.stderr)")
        let window = ["--parameters", "k=0.8", "--train-until", "6", "--iterations", "30", "--json"]
        let ude = try TestSupport.orrery(["fit", "--data", "drag.h5", "--equations", Self.universalOscillator, "--hidden", "8",
                                          "--output", "ude.h5"] + window, currentDirectory: directory)
        #expect(ude.status == 0, "\(ude.stderr)")
        #expect(ude.stderr.contains("lm (auto: 26 learned values"), "\(ude.stderr)")
        let physics = try TestSupport.orrery(["fit", "--data", "drag.h5", "--equations", Self.springOnly, "--output", "physics.h5"] + window,
                                             currentDirectory: directory)
        #expect(physics.status == 0, "\(physics.stderr)")
        let (udeLoss, udeExtrapolation) = try lossAndExtrapolation("ude.h5", directory)
        let (physicsLoss, physicsExtrapolation) = try lossAndExtrapolation("physics.h5", directory)
        let k = try #require((try json(ude.stdout)["parameters"] as? [[String: Any]])?.first?["values"] as? [Double]).first!
        print("drag, t ≤ 6: UDE training MSE \(udeLoss), extrapolation RMSE \(udeExtrapolation), k = \(k); spring alone \(physicsLoss), \(physicsExtrapolation)")
        #expect(abs(k - 1) < 1e-2, "the network takes the drag, not the spring")
        #expect(udeLoss < physicsLoss * 1e-4)
        #expect(udeExtrapolation < physicsExtrapolation / 100)

        // The fit file stores the source and the network's settings; the report lists the network as one block.
        let file = try HDF5File.open(directory.appendingPathComponent("ude.h5").path).root
        let model = try #require(try file.attribute("model_json").stringValue)
        #expect(model.contains("nn(F; v)[0]") && model.contains("\"networks\":{\"F\":{\"activation\":\"tanh\",\"hiddenWidths\":[8]}}"))
        let names = (try json(ude.stdout)["parameters"] as! [[String: Any]]).map { $0["name"] as! String }
        #expect(names == ["k", "nn.F"])

        // --resume continues from the stored state (the loss does not jump back up).
        let more = try TestSupport.orrery(["fit", "--resume", "ude.h5", "--iterations", "33", "--json"], currentDirectory: directory)
        #expect(more.status == 0, "\(more.stderr)")
        #expect(try lossAndExtrapolation("ude.h5", directory).0 <= udeLoss)
        let prediction = try TestSupport.orrery(["predict", "--fit", "ude.h5", "--t-end", "8", "--samples", "41", "--output", "prediction.h5"],
                                                currentDirectory: directory)
        #expect(prediction.status == 0, "\(prediction.stderr)")
    }

    @Test("gradient --check: naive, adjoint and ACA through a UDE agree with finite differences; a model file declares the network")
    func gradientCheckAndModelFile() throws {
        let directory = try TestSupport.temporaryDirectory("orrery-ude-gradient")
        #expect(try TestSupport.orrery(["generate", "time-series", "--system", "lotka-volterra", "--count", "1", "--t-end", "2",
                                        "--samples", "10", "--seed", "3", "--output", "lv.h5"], currentDirectory: directory).status == 0)
        let run = try TestSupport.orrery(["gradient", "--data", "lv.h5", "--equations", Self.universal, "--parameters", "alpha=1.3,gamma=2.5",
                                          "--hidden", "3", "--method", "all", "--check", "--rtol", "1e-10", "--atol", "1e-10", "--json"],
                                         currentDirectory: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try json(run.stdout)
        #expect((report["parameterNames"] as! [String]).count == 2 + (2 * 3 + 3) + (3 * 2 + 2))
        for method in report["methods"] as! [[String: Any]] {
            #expect((method["relativeError"] as! Double) < 1e-6, "\(method["method"]!)")
        }

        let modelFile = """
            equations = "\(Self.universal)"
            [parameters]
            alpha = 1.3
            gamma = { value = 2.5, positive = true }
            [networks.U]
            hidden = [4]
            activation = "softplus"
            """
        try modelFile.write(to: directory.appendingPathComponent("ude.toml"), atomically: true, encoding: .utf8)
        let fromFile = try TestSupport.orrery(["gradient", "--data", "lv.h5", "--model-file", "ude.toml", "--json"], currentDirectory: directory)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect((try json(fromFile.stdout)["model"] as! String).contains("nn U hidden 4 softplus"))
        let nested = try TestSupport.orrery(["gradient", "--data", "lv.h5", "--equations", "d(prey)/dt = nn(U; nn(V; prey)[0])[0]; d(predator)/dt = 0"],
                                            currentDirectory: directory)
        #expect(nested.status != 0 && nested.stderr.contains("line 1, column 20"), "\(nested.stderr)")
    }
}
