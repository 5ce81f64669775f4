import Datasets
import Models

extension TrajectoryDataset {
    /// The dataset with its columns matched by name to an equation model's states (any order,
    /// extra columns dropped); other models use the columns as they are.
    public func matching(_ model: ModelSpecification, file: String) throws -> TrajectoryDataset {
        guard case let .equations(specification) = model else { return self }
        return try matchingStates(try specification.makeModel().stateNames, file: file)
    }

    /// The dataset matched by name to an equation model observed in part (`observed` state
    /// indices, the others starting at `initialStates`); as ``matching(_:file:)`` otherwise.
    /// When the data hold every state and no initial values are given, all columns are used and
    /// only the loss is restricted (`FitConfiguration.observedComponents`).
    public func matching(_ model: ModelSpecification, observed: [Int]?, initialStates: [String: Double]?, file: String) throws -> TrajectoryDataset {
        guard case let .equations(specification) = model, let observed else { return try matching(model, file: file) }
        let names = try specification.makeModel().stateNames
        let observedNames = observed.map { names[$0] }
        if initialStates == nil, let full = try? matchingStates(names, file: file) { return full }
        let unset = names.indices.filter { !observed.contains($0) && initialStates?[names[$0]] == nil }.map { names[$0] }
        guard unset.isEmpty else {
            throw DatasetError(file: file, "the unobserved state\(unset.count == 1 ? "" : "s") \(unset.joined(separator: ", ")) need\(unset.count == 1 ? "s" : "") "
                + "an initial value: give \(unset.count == 1 ? "it" : "them") with EquationObservation.initialState \(unset.map { "\($0)=…" }.joined(separator: ","))")
        }
        return try widened(to: names, observed: observedNames, initialValues: initialStates ?? [:], file: file)
    }

    /// The dataset a fit was made from, matched to its model and observation.
    public func matching(_ configuration: FitConfiguration, file: String) throws -> TrajectoryDataset {
        try matching(configuration.model, observed: configuration.observedComponents, initialStates: configuration.data.initialStates, file: file)
    }
}
