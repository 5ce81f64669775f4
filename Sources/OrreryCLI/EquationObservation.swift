import ArgumentParser
import Datasets
import Fitting
import Models

/// Which states of an equation model the data measure (`fit --observe S,I`), and where the
/// others start (`fit --initial-state R=0`): states are matched to data columns by name, in any
/// column order; the loss covers the observed states only, and every unobserved state needs an
/// initial value (learned further with `--learn initial-state`).
struct EquationObservation: Equatable {
    /// Observed state indices in the model's state order; nil when every state is observed.
    var components: [Int]?
    /// Initial values of the unobserved states, by name; nil when the data hold every state.
    var initialStates: [String: Double]?

    /// Every state observed, from the data.
    static let everyState = EquationObservation()

    private init() {
        components = nil
        initialStates = nil
    }

    /// Parses `--observe` (state names or indices, comma-separated, or `all`) and
    /// `--initial-state` (`name=value,…`) against the model's `stateNames`.
    init(observe: String, initialState: String?, stateNames: [String]) throws {
        let states = stateNames.joined(separator: ", ")
        var observed: [Int] = []
        if observe != "all" {
            for item in observe.split(separator: ",").map({ String($0).trimmingCharacters(in: .whitespaces) }) {
                let index = stateNames.firstIndex(of: item) ?? Int(item).flatMap { stateNames.indices.contains($0) ? $0 : nil }
                guard let index else { throw ValidationError("--observe: '\(item)' is not a state of the equations; the states are \(states)") }
                guard !observed.contains(index) else { throw ValidationError("--observe: '\(item)' is listed twice") }
                observed.append(index)
            }
        }
        components = observed.isEmpty || Set(observed).count == stateNames.count ? nil : observed.sorted()
        guard let initialState else {
            initialStates = nil
            return
        }
        var values: [String: Double] = [:]
        for item in initialState.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let value = Double(parts[1]), value.isFinite else {
                throw ValidationError("--initial-state must look like name=value,… with finite values, e.g. S=0.99,R=0 (got \(item))")
            }
            guard let index = stateNames.firstIndex(of: parts[0]) else {
                throw ValidationError("--initial-state: '\(parts[0])' is not a state of the equations; the states are \(states)")
            }
            guard components.map({ !$0.contains(index) }) ?? false else {
                throw ValidationError("--initial-state: \(parts[0]) is observed, so it starts from the data; give only unobserved states (see --observe)")
            }
            guard values[parts[0]] == nil else { throw ValidationError("--initial-state: \(parts[0]) given twice") }
            values[parts[0]] = value
        }
        initialStates = values
    }
}

extension TrajectoryDataset {
    /// The dataset matched by name to an equation model observed in part (`observed` state
    /// indices, the others starting at `initialStates`); as ``matching(_:file:)`` otherwise.
    /// When the data hold every state and no initial values are given, all columns are used and
    /// only the loss is restricted (`FitConfiguration.observedComponents`).
    func matching(_ model: ModelSpecification, observed: [Int]?, initialStates: [String: Double]?, file: String) throws -> TrajectoryDataset {
        guard case let .equations(specification) = model, let observed else { return try matching(model, file: file) }
        let names = try specification.makeModel().stateNames
        let observedNames = observed.map { names[$0] }
        if initialStates == nil, let full = try? matchingStates(names, file: file) { return full }
        let unset = names.indices.filter { !observed.contains($0) && initialStates?[names[$0]] == nil }.map { names[$0] }
        guard unset.isEmpty else {
            throw DatasetError(file: file, "the unobserved state\(unset.count == 1 ? "" : "s") \(unset.joined(separator: ", ")) need\(unset.count == 1 ? "s" : "") "
                + "an initial value: give \(unset.count == 1 ? "it" : "them") with --initial-state \(unset.map { "\($0)=…" }.joined(separator: ","))")
        }
        return try widened(to: names, observed: observedNames, initialValues: initialStates ?? [:], file: file)
    }

    /// The dataset a fit was made from, matched to its model and observation.
    func matching(_ configuration: FitConfiguration, file: String) throws -> TrajectoryDataset {
        try matching(configuration.model, observed: configuration.observedComponents, initialStates: configuration.data.initialStates, file: file)
    }
}
