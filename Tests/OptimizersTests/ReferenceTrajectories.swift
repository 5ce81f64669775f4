import Foundation
import Optimizers
import Testing

/// The reference file `Tests/Fixtures/optimizer_trajectories.json` (copied from shared/reference) (60-step float64 trajectories from
/// adabelief-pytorch 0.2.1 and torch.optim), loaded at test time.
struct ReferenceTrajectories: Decodable {
    struct Problem: Decodable {
        var x0: [Double]
        var configs: [Config]
    }

    struct Config: Decodable {
        var name: String
        var optimizer: String
        var hyperparameters: Hyper
        var trajectory: [[Double]]
    }

    /// The union of the keys used by the four optimizers.
    struct Hyper: Decodable {
        var lr: Double
        var betas: [Double]?
        var eps: Double?
        var weight_decay: Double
        var amsgrad: Bool?
        var weight_decouple: Bool?
        var fixed_decay: Bool?
        var rectify: Bool?
        var degenerated_to_sgd: Bool?
        var momentum: Double?
        var dampening: Double?
        var nesterov: Bool?
    }

    var steps: Int
    var problems: [String: Problem]

    /// The repository root: the nearest ancestor of this file that holds Package.swift.
    static func repositoryRoot(from file: String = #filePath) -> URL {
        var url = URL(fileURLWithPath: file).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url
            }
            url.deleteLastPathComponent()
        }
        fatalError("no Package.swift above \(file)")
    }

    static let url = repositoryRoot()
        .appendingPathComponent("Tests/Fixtures/optimizer_trajectories.json")

    static let shared: ReferenceTrajectories = {
        do {
            return try JSONDecoder().decode(ReferenceTrajectories.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot read \(url.path): \(error)")
        }
    }()

    /// Every (problem, configuration) pair, for parametrised tests.
    static var cases: [Case] {
        shared.problems.keys.sorted().flatMap { p in
            shared.problems[p]!.configs.map { Case(problem: p, config: $0.name) }
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var problem: String
        var config: String
        var testDescription: String { "\(problem)/\(config)" }
    }
}

extension ReferenceTrajectories.Config {
    /// The Orrery optimizer configured as the reference run was, with the given multiply–add rounding.
    func specification(rounding: MultiplyAddRounding) -> OptimizerSpecification {
        let h = hyperparameters
        switch optimizer {
        case "AdaBelief":
            return .adaBelief(AdaBeliefConfiguration(
                learningRate: h.lr, beta1: h.betas![0], beta2: h.betas![1], epsilon: h.eps!,
                weightDecay: h.weight_decay, decoupledWeightDecay: h.weight_decouple!, fixedDecay: h.fixed_decay!,
                rectify: h.rectify!, degeneratedToSGD: h.degenerated_to_sgd!, amsgrad: h.amsgrad!,
                rounding: rounding))
        case "Adam", "AdamW":
            return .adam(AdamConfiguration(
                learningRate: h.lr, beta1: h.betas![0], beta2: h.betas![1], epsilon: h.eps!,
                weightDecay: h.weight_decay, decoupledWeightDecay: optimizer == "AdamW", amsgrad: h.amsgrad!,
                rounding: rounding))
        case "RAdam":
            return .radam(RAdamConfiguration(
                learningRate: h.lr, beta1: h.betas![0], beta2: h.betas![1], epsilon: h.eps!,
                weightDecay: h.weight_decay, decoupledWeightDecay: false, rounding: rounding))
        case "SGD":
            return .sgd(SGDConfiguration(
                learningRate: h.lr, momentum: h.momentum!, dampening: h.dampening!, weightDecay: h.weight_decay,
                nesterov: h.nesterov!, rounding: rounding))
        default:
            fatalError("unknown optimizer \(optimizer)")
        }
    }
}
