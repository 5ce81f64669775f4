import Testing
import Datasets
import HDF5Kit

@Suite struct StateMatchingTests {
    @Test func permutationByLabelInAnyOrder() throws {
        #expect(try TrajectoryDataset.columnPermutation(stateNames: ["S", "I", "R"], labels: ["R", "S", "I"]) == [1, 2, 0])
        #expect(try TrajectoryDataset.columnPermutation(stateNames: ["x"], labels: ["y", "X"]) == [1])
        #expect(throws: DatasetError.self) { try TrajectoryDataset.columnPermutation(stateNames: ["S", "E"], labels: ["S", "I"]) }
        do {
            _ = try TrajectoryDataset.columnPermutation(stateNames: ["S", "E", "Q"], labels: ["S", "I"], file: "f.csv")
        } catch let error as DatasetError {
            #expect(error.description.contains("\"E\", \"Q\" are not among the data's columns (S, I)"))
        }
    }

    @Test func datasetColumnsFollowTheStates() throws {
        // One trajectory, two samples, columns (b, a); mask hides b at the second sample.
        let dataset = TrajectoryDataset(
            times: NDArray(shape: [1, 2], values: [0, 1]),
            states: NDArray(shape: [1, 2, 2], values: [10, 1, .nan, 2]),
            mask: NDArray(shape: [1, 2, 2], values: [1, 1, 0, 1]),
            initialStates: NDArray(shape: [1, 2], values: [10, 1]),
            metadata: DatasetMetadata(system: "test", stateLabels: ["b", "a"]))
        let matched = try dataset.matchingStates(["a", "b"])
        #expect(matched.states.values.prefix(2) == [1, 10] && matched.states.values[2] == 2 && matched.states.values[3].isNaN)
        #expect(matched.mask?.values == [1, 1, 1, 0])
        #expect(matched.initialStates.values == [1, 10])
        #expect(matched.metadata.stateLabels == ["a", "b"])
    }
}
