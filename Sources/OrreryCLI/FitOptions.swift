import ArgumentParser
import Datasets
import Fitting
import Foundation
import Models
import Optimizers
import Physics

/// Where the data come from: `--data`, and for foreign files `--time`/`--state`.
struct DataOptions: ParsableArguments {
    @Option(help: "The data: a schema-v1 HDF5 file, any HDF5 file with --time and --state, or a CSV file.") var data: String?
    @Option(help: "HDF5: the time dataset's path (e.g. /sim/t). CSV: the time column (default t).") var time: String?
    @Option(help: "HDF5: the state dataset's path (e.g. /sim/y).") var state: String?


    /// Reads the dataset, whatever its format, and warns on stderr about initial states it had to fill in.
    static func load(path: String, timePath: String?, statePath: String?) throws -> TrajectoryDataset {
        let dataset: TrajectoryDataset
        if path.lowercased().hasSuffix(".csv") {
            dataset = try TrajectoryDataset.readCSV(from: path, timeColumn: timePath ?? "t")
        } else if let timePath, let statePath {
            dataset = try TrajectoryDataset.read(from: path, timePath: timePath, statePath: statePath)
        } else if (timePath == nil) != (statePath == nil) {
            throw ValidationError("give both --time and --state (the time and state dataset paths), or neither for a schema-v1 file")
        } else {
            dataset = try TrajectoryDataset.read(from: path)
        }
        warnAboutFilledInitialStates(dataset, path: path)
        return dataset
    }

    /// One warning line per initial-state component taken from a later sample (at most 5, then a count).
    static func warnAboutFilledInitialStates(_ dataset: TrajectoryDataset, path: String) {
        guard case .strings(let filled)? = dataset.metadata.attributes["initial_state_filled"] else { return }
        var lines = filled.prefix(5).map { "orrery: warning: \(path): \($0)" }
        if filled.count > 5 { lines.append("orrery: warning: \(path): \(filled.count - 5) more initial-state components filled the same way") }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}

/// What to learn.
struct ModelOptions: ParsableArguments {
    @Option(help: "three-body | n-body | mlp | hybrid | spiral | linear | lotka-volterra | van-der-pol | lorenz | damped-pendulum.")
    var model = "three-body"
    @Option(help: "Bodies for n-body.") var bodies = 3
    @Option(help: """
        What to learn (comma-separated). N-body: masses, G, initial-state (default masses). Time-series systems: \
        parameters and/or initial-state (default parameters). MLP and hybrid: initial-state to learn y0 too.
        """)
    var learn: String?
    @Option(help: """
        Starting (or fixed) values by name. N-body: masses=1,1,1,G=1. Time series: \
        \(KnownSystem.modelNames.map { "\($0): \(SystemCatalog.named($0)?.parameterNames.joined(separator: ",") ?? "")" }.joined(separator: "; ")); \
        linear: A=a11,a12,…; any system also takes parameters=v1,v2,… in order.
        """)
    var parameters: String?
    @Option(help: "MLP hidden widths, comma-separated.") var hidden = "64,64"
    @Option(help: "MLP activation: tanh | softplus | silu.") var activation = "tanh"
    @Flag(help: "Feed time to the MLP as an extra input.") var timeInput = false
    @Option(help: "Scale of the MLP's output layer.") var outputScale = 1.0
    @Option(help: "Hybrid: the known part (three-body, n-body or a time-series system).") var known = "three-body"

    var learnsInitialState: Bool { learnList.contains("initial-state") }
    var learnList: [String] { (learn ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    /// `masses=1,1,1,G=1` → ["masses": [1, 1, 1], "G": [1]].
    func parsedParameters() throws -> [String: [Double]] {
        guard let parameters else { return [:] }
        var result: [String: [Double]] = [:], current: String?
        for token in parameters.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            var valueText = token
            if let equals = token.firstIndex(of: "=") {
                current = String(token[..<equals])
                valueText = String(token[token.index(after: equals)...])
                guard result[current!] == nil else { throw ValidationError("--parameters: \(current!) given twice") }
                result[current!] = []
            }
            guard let name = current else { throw ValidationError("--parameters must look like masses=1.0,1.0,1.0 (got \(parameters))") }
            guard let value = Double(valueText), value.isFinite else { throw ValidationError("--parameters: '\(valueText)' is not a finite number") }
            result[name]!.append(value)
        }
        return result
    }

    /// The model for `dataset`. For N-body models, G defaults to the data's own
    /// (`/parameters/G`, when every trajectory shares it), else 1.
    func specification(for dataset: TrajectoryDataset) throws -> ModelSpecification {
        let dimension = dataset.stateDimension
        var values = try parsedParameters()
        if values["G"] == nil, let g = dataset.parameters["G"]?.values, let first = g.first, g.allSatisfy({ $0 == first }) {
            values["G"] = [first]
        }
        func nBody(_ bodies: Int) throws -> ModelSpecification {
            let requested = learn == nil ? ["masses"] : learnList.filter { $0 != "initial-state" }
            let groups = try requested.map { name -> NBodyParameterGroup in
                guard let group = NBodyParameterGroup(rawValue: name) else {
                    throw ValidationError("--learn: unknown '\(name)'; n-body learns masses, G and/or initial-state")
                }
                return group
            }
            for name in values.keys where !["masses", "G"].contains(name) {
                throw ValidationError("--parameters: unknown name '\(name)'; n-body takes masses=… and G=…")
            }
            if let masses = values["masses"] {
                guard masses.count == bodies else { throw ValidationError("--parameters: masses needs \(bodies) values (got \(masses.count))") }
                guard masses.allSatisfy({ $0 > 0 }) else { throw ValidationError("--parameters: masses must be positive (got \(masses))") }
            }
            if let g = values["G"] {
                guard g.count == 1, g[0] > 0 else { throw ValidationError("--parameters: G must be one positive number (got \(g))") }
            }
            return .nBody(bodies: bodies, learn: groups, masses: values["masses"], G: values["G"]?.first ?? 1)
        }
        func mlp() throws -> ModelSpecification {
            if model == "mlp" {
                for item in learnList where !["initial-state", "weights"].contains(item) {
                    throw ValidationError("--learn: unknown '\(item)'; an mlp learns its weights and optionally initial-state")
                }
            }
            let widths = try hidden.split(separator: ",").map { text -> Int in
                guard let width = Int(text), width > 0 else { throw ValidationError("--hidden must be positive integers, e.g. 64,64 (got \(hidden))") }
                return width
            }
            guard let act = Activation(rawValue: activation) else { throw ValidationError("--activation must be tanh, softplus or silu (got \(activation))") }
            return .mlp(hiddenWidths: widths, activation: act, timeInput: timeInput, stateDimension: dimension, outputScale: outputScale)
        }
        func timeSeries(_ name: String) throws -> ModelSpecification {
            guard let system = KnownSystem(rawValue: name) else {
                throw ValidationError("unknown --model \(name); choose three-body, n-body, mlp, hybrid or \(KnownSystem.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let requested = learnList.filter { $0 != "initial-state" }
            for item in requested where !["parameters", "none"].contains(item) {
                throw ValidationError("--learn: unknown '\(item)'; \(name) learns parameters and/or initial-state (or none)")
            }
            let learnsParameters = learn == nil || requested.contains("parameters") || (requested.isEmpty && !learnsInitialState)
            let d = system == .linear ? dimension : nil
            let names = try ModelSpecification.timeSeries(system: system, dimension: d, learn: true).parameterNames()
            let blockNames = names.map { $0.split(separator: "[").first.map(String.init) ?? $0 }
            var vector = system.defaultParameters(dimension: system.dimension(linearDimension: d) ?? 0)
            var given = values
            given["G"] = nil
            if let all = given.removeValue(forKey: "parameters") {
                guard all.count == vector.count else {
                    throw ValidationError("--parameters: \(name) has \(vector.count) parameters (\(names.joined(separator: ", "))); parameters= gave \(all.count)")
                }
                vector = all
            }
            for (key, list) in given {
                let slots = blockNames.indices.filter { blockNames[$0] == key || names[$0] == key }
                guard !slots.isEmpty else {
                    throw ValidationError("--parameters: \(name) has no parameter '\(key)'; its parameters are \(Array(NSOrderedSet(array: blockNames)).map { "\($0)" }.joined(separator: ", "))")
                }
                guard list.count == slots.count else {
                    throw ValidationError("--parameters: \(key) takes \(slots.count) value\(slots.count == 1 ? "" : "s") (got \(list.count))")
                }
                for (slot, value) in zip(slots, list) { vector[slot] = value }
            }
            let domains = try ModelSpecification.timeSeries(system: system, dimension: d, learn: true).parameterDomains()
            for (i, domain) in domains.enumerated() where domain == .positive && !(vector[i] > 0) {
                throw ValidationError("--parameters: \(names[i]) must be positive (got \(vector[i]))")
            }
            return .timeSeries(system: system, dimension: d, parameters: vector, learn: learnsParameters)
        }
        switch model {
        case "three-body": return try nBody(3)
        case "n-body": return try nBody(bodies)
        case "mlp": return try mlp()
        case "hybrid":
            let knownPart = known == "three-body" ? try nBody(3) : (known == "n-body" ? try nBody(bodies) : try timeSeries(known))
            return .hybrid(known: knownPart, mlp: try mlp())
        default: return try timeSeries(model)
        }
    }
}

/// The optimizer and its hyperparameters.
struct OptimizerOptions: ParsableArguments {
    @Option(help: """
        auto (default: Levenberg–Marquardt for models with ≤ 200 parameters, else AdaBelief then L-BFGS; the choice is \
        printed and recorded) | lm | lbfgs | adabelief (adabelief-pytorch 0.2.x defaults) | adabelief-paper | adam | adamw | sgd | radam.
        """) var optimizer = "auto"
    @Option(help: "Learning rate.") var lr = 1e-2
    @Option(help: "β1 (Adam family) / momentum (sgd).") var beta1: Double?
    @Option(help: "β2 (Adam family).") var beta2: Double?
    @Option(help: "ε (Adam family).") var eps: Double?
    @Option(help: "Weight decay.") var weightDecay = 0.0
    @Flag(help: "Nesterov momentum (sgd).") var nesterov = false
    @Option(help: "Learning-rate schedule: constant | exponential:γ | step:N:γ | cosine:MIN.") var schedule = "constant"
    @Option(help: "Clip the gradient's global norm to this.") var clipNorm: Double?

    /// The optimizer family chosen by `--optimizer` (auto, lm and lbfgs; the rest are first-order).
    var strategy: OptimizationStrategy {
        switch optimizer {
        case "auto": .auto
        case "lm": .levenbergMarquardt
        case "lbfgs": .lbfgs
        default: .firstOrder
        }
    }

    /// The first-order optimizer (for auto, lm and lbfgs: AdaBelief, used by auto's neural phase).
    func specification() throws -> OptimizerSpecification {
        guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be positive (got \(lr))") }
        let spec: OptimizerSpecification
        switch optimizer {
        case "adabelief", "adabelief-paper", "auto", "lm", "lbfgs":
            var c = optimizer == "adabelief-paper" ? AdaBeliefConfiguration.paper : AdaBeliefConfiguration.pytorch021
            c.learningRate = lr
            if let beta1 { c.beta1 = beta1 }
            if let beta2 { c.beta2 = beta2 }
            if let eps { c.epsilon = eps }
            c.weightDecay = weightDecay
            spec = .adaBelief(c)
        case "adam", "adamw":
            var c = optimizer == "adam" ? AdamConfiguration.adam : AdamConfiguration.adamW
            c.learningRate = lr
            if let beta1 { c.beta1 = beta1 }
            if let beta2 { c.beta2 = beta2 }
            if let eps { c.epsilon = eps }
            if optimizer == "adamw" || weightDecay != 0 { c.weightDecay = weightDecay }
            spec = .adam(c)
        case "radam":
            var c = RAdamConfiguration.torch
            c.learningRate = lr
            if let beta1 { c.beta1 = beta1 }
            if let beta2 { c.beta2 = beta2 }
            if let eps { c.epsilon = eps }
            c.weightDecay = weightDecay
            spec = .radam(c)
        case "sgd":
            var c = SGDConfiguration.momentum(learningRate: lr, momentum: beta1 ?? 0.9)
            c.nesterov = nesterov
            c.weightDecay = weightDecay
            spec = .sgd(c)
        default:
            throw ValidationError("unknown --optimizer \(optimizer); choose auto, lm, lbfgs, adabelief, adabelief-paper, adam, adamw, sgd or radam")
        }
        do { try spec.configuration.validate() } catch { throw ValidationError("\(error)") }
        return spec
    }

    /// The schedule named by `--schedule`, validated (cosine's length is the fit's iterations, set later).
    func parsedSchedule() throws -> LearningRateSchedule {
        let parts = schedule.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let numbers = parts.dropFirst().map { Double($0) }
        guard numbers.allSatisfy({ $0 != nil }) else { throw ValidationError("--schedule: bad number in \(schedule)") }
        let values = numbers.map { $0! }
        let result: LearningRateSchedule
        switch (parts[0], values.count) {
        case ("constant", 0): result = .constant
        case ("exponential", 1): result = .exponential(gamma: values[0])
        case ("step", 2):
            guard values[0] >= 1, values[0] <= 1e9, values[0] == values[0].rounded() else {
                throw ValidationError("--schedule step:N:γ needs a whole number of steps N in 1…1e9 (got \(parts[1]))")
            }
            result = .step(stepSize: Int(values[0]), gamma: values[1])
        case ("cosine", 1): result = .cosine(totalSteps: 1, minimum: values[0])
        default: throw ValidationError("--schedule must be constant, exponential:γ, step:N:γ or cosine:MIN (got \(schedule))")
        }
        do { try result.validate() } catch { throw ValidationError("--schedule \(schedule): \(error)") }
        if case .cosine(_, let minimum) = result, minimum > lr {
            throw ValidationError("--schedule cosine:MIN needs MIN ≤ --lr (got \(minimum) > \(lr))")
        }
        return result
    }
}
