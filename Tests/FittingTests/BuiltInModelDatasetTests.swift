import Datasets
import Fitting
import HDF5Kit
import Models
import Testing

/// `BuiltInModel.specification(for:)`: the data's state dimension, and G from the values, else the data's shared G, else 1.
@Suite("BuiltInModel for a dataset")
struct BuiltInModelDatasetTests {
    /// Two two-body trajectories (12 states, one sample each) with `/parameters/G` = `g` (one value per trajectory).
    static func dataset(g: [Double]?) -> TrajectoryDataset {
        TrajectoryDataset(times: NDArray(shape: [2, 1], values: [1, 1]), states: NDArray(shape: [2, 1, 12], values: Array(repeating: 0.5, count: 24)),
                          initialStates: NDArray(shape: [2, 12], values: Array(repeating: 0.5, count: 24)),
                          parameters: g.map { ["G": NDArray(shape: [2], values: $0)] } ?? [:],
                          metadata: DatasetMetadata(system: "n-body", stateLabels: (0..<12).map { "s\($0)" }))
    }

    @Test("G: the values' over the data's shared one; a G that differs between trajectories, or none, gives 1")
    func gravitationalConstant() throws {
        let model = BuiltInModel(name: "n-body", bodies: 2, learn: ["masses"])
        #expect(try model.specification(for: Self.dataset(g: [4, 4])) == .nBody(bodies: 2, learn: [.masses], G: 4))
        #expect(try model.specification(for: Self.dataset(g: [4, 5])) == .nBody(bodies: 2, learn: [.masses], G: 1))
        #expect(try model.specification(for: Self.dataset(g: nil)) == .nBody(bodies: 2, learn: [.masses], G: 1))
        let given = BuiltInModel(name: "n-body", bodies: 2, learn: ["masses"], values: ["G": [2]])
        #expect(try given.specification(for: Self.dataset(g: [4, 4])) == .nBody(bodies: 2, learn: [.masses], G: 2))
    }
}
