import HDF5Kit
import Optimizers

extension FitPlan {
    /// The root attributes a fit file carries to say how it was made: the model (text and JSON),
    /// gradient, observation mode, solver and tolerances, the optimizer that runs (with every
    /// hyperparameter, `optimizer_<name>`), the stopping rules, iteration budget, seed and data file.
    public func attributes(of configuration: FitConfiguration) -> [String: HDF5AttributeValue] {
        var attributes: [String: HDF5AttributeValue] = [:]
        attributes["model"] = .string(configuration.model.description)
        attributes["model_json"] = .string((try? configuration.model.jsonString()) ?? "")
        attributes["gradient"] = .string(configuration.gradient)
        attributes["observation_mode"] = .string(configuration.observationMode ?? "step")
        attributes["solver"] = .string(configuration.solver)
        attributes["rtol"] = .double(configuration.rtol)
        attributes["atol"] = .double(configuration.atol)
        attributes["optimizer"] = .string(strategy == .levenbergMarquardt ? "lm" : strategy == .lbfgs ? "lbfgs" : configuration.optimizer.optimizerName)
        attributes["optimizer_choice"] = .string(line)
        for hyperparameter in configuration.optimizer.hyperparameters { attributes["optimizer_" + hyperparameter.name] = hyperparameter.attributeValue }
        let tolerances = configuration.tolerances ?? .standard
        attributes["ftol"] = .double(tolerances.ftol)
        attributes["xtol"] = .double(tolerances.xtol)
        attributes["gtol"] = .double(tolerances.gtol)
        attributes["iterations"] = .integer(Int64(configuration.iterations))
        attributes["seed"] = .integer(Int64(bitPattern: configuration.seed))
        attributes["data_file"] = .string(configuration.data.path)
        return attributes
    }

    /// Progress lines count these iterations: the budget, plus the L-BFGS polish after a first-order phase.
    public func totalIterations(of configuration: FitConfiguration) -> Int {
        configuration.iterations + (strategy == .firstOrderThenLBFGS ? configuration.polishIterations ?? 0 : 0)
    }
}

extension Hyperparameter {
    /// The value as an HDF5 attribute.
    public var attributeValue: HDF5AttributeValue {
        switch value {
        case .number(let x): .double(x)
        case .flag(let b): .integer(b ? 1 : 0)
        case .text(let s): .string(s)
        }
    }
}

extension FitConfiguration {
    /// Observed components from text: `all` (nil), `positions` (the first half of an N-body
    /// state, 6N components) or component indices `0,2,…` in `0..<dimension`.
    /// - Throws: ``FitError`` naming `FitConfiguration.observedComponents`.
    public static func observedComponents(parsing text: String, dimension: Int) throws(FitError) -> [Int]? {
        switch text {
        case "all": return nil
        case "positions":
            guard dimension % 6 == 0 else {
                throw FitError("FitConfiguration.observedComponents positions needs an N-body state (6N components); this data has \(dimension)")
            }
            return Array(0..<(dimension / 2))
        default:
            let indices = text.split(separator: ",").map { Int($0) }
            guard indices.allSatisfy({ $0 != nil && (0..<dimension).contains($0!) }) else {
                throw FitError("FitConfiguration.observedComponents must be positions, all, or component indices in 0..<\(dimension) (got \(text))")
            }
            return indices.map { $0! }
        }
    }
}
