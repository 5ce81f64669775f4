import Datasets
import Models

extension BuiltInModel {
    /// The model for `dataset`: its state dimension and, for N-body models, G from ``values``, else the data's
    /// own `/parameters/G` when every trajectory shares one value, else 1 (what `orrery fit --model` fits).
    public func specification(for dataset: TrajectoryDataset) throws(ModelSpecificationError) -> ModelSpecification {
        let g = dataset.parameters["G"]?.values ?? []
        let shared = g.first.flatMap { first in g.allSatisfy { $0 == first } ? first : nil }
        return try specification(stateDimension: dataset.stateDimension, dataG: shared)
    }
}
