import Models

/// Which states of an equation model the data measure (`observe`, e.g. `S,I`), and where the
/// others start (`initialState`, e.g. `R=0`): states are matched to data columns by name, in any
/// column order; the loss covers the observed states only (``FitConfiguration/observedComponents``),
/// and every unobserved state needs an initial value (``FitConfiguration/DataSource/initialStates``;
/// learned further with ``FitSettings/learnInitialState``). `orrery fit --observe/--initial-state`.
public struct EquationObservation: Equatable, Sendable {
    /// Observed state indices in the model's state order; nil when every state is observed.
    public var components: [Int]?
    /// Initial values of the unobserved states, by name; nil when the data hold every state.
    public var initialStates: [String: Double]?

    /// Every state observed, from the data.
    public static let everyState = EquationObservation()

    private init() {
        components = nil
        initialStates = nil
    }

    /// Parses `observe` (state names or indices, comma-separated, or `all`) and `initialState`
    /// (`name=value,…`, nil: none) against the model's `stateNames`.
    /// - Throws: ``FitError`` naming `EquationObservation.observe` or `EquationObservation.initialState`.
    public init(observe: String, initialState: String?, stateNames: [String]) throws(FitError) {
        let states = stateNames.joined(separator: ", ")
        var observed: [Int] = []
        if observe != "all" {
            for item in observe.split(separator: ",").map({ String($0).trimmingCharacters(in: .whitespaces) }) {
                let index = stateNames.firstIndex(of: item) ?? Int(item).flatMap { stateNames.indices.contains($0) ? $0 : nil }
                guard let index else { throw FitError("EquationObservation.observe: '\(item)' is not a state of the equations; the states are \(states)") }
                guard !observed.contains(index) else { throw FitError("EquationObservation.observe: '\(item)' is listed twice") }
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
                throw FitError("EquationObservation.initialState must look like name=value,… with finite values, e.g. S=0.99,R=0 (got \(item))")
            }
            guard let index = stateNames.firstIndex(of: parts[0]) else {
                throw FitError("EquationObservation.initialState: '\(parts[0])' is not a state of the equations; the states are \(states)")
            }
            guard components.map({ !$0.contains(index) }) ?? false else {
                throw FitError("EquationObservation.initialState: \(parts[0]) is observed, so it starts from the data; give only unobserved states (see EquationObservation.observe)")
            }
            guard values[parts[0]] == nil else { throw FitError("EquationObservation.initialState: \(parts[0]) given twice") }
            values[parts[0]] = value
        }
        initialStates = values
    }
}

