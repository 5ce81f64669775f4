import Foundation
import Models
import Physics
import Testing

/// `SimulationModel` (a model to simulate, from a name, a bodies file or a specification, with G from a unit
/// system) and `ModelSpecification.withGravitationalConstant(_:)`.
@Suite("SimulationModel")
struct SimulationModelTests {
    static let twoBodies = """
        {"G": 2.5, "softening": 0.1, "bodies": [
          {"name": "sun", "mass": 3, "position": [0, 0, 0], "velocity": [0, 0, 0]},
          {"name": "moon", "mass": 0.5, "position": [1, 2, 3], "velocity": [4, 5, 6]}]}
        """

    @Test("three-body: G from the unit system, masses from the values; the flat vector is [m1, m2, m3, G]")
    func threeBody() throws {
        let model = try SimulationModel(.named("three-body"), values: ["masses": [1, 2, 3]], unitsG: 39.5)
        #expect(model.parameters == [1, 2, 3, 39.5])
        #expect(model.namedParameters == ["masses": [1, 2, 3], "G": [39.5]])
        #expect(model.isGravity && model.initialState == nil && model.stateLabels.count == 18)
        #expect(try SimulationModel(.named("three-body")).namedParameters["G"] == [1])
    }

    @Test("a bodies file brings G, softening, masses, labels and the initial state (all positions, then all velocities)")
    func bodiesFile() throws {
        let file = try BodiesFile.parse(Data(Self.twoBodies.utf8))
        let model = try SimulationModel(.bodies(file, path: "b.json"))
        #expect(model.parameters == [3, 0.5, 2.5])
        #expect(model.initialState == [0, 0, 0, 1, 2, 3, 0, 0, 0, 4, 5, 6])
        #expect(model.stateLabels == file.stateLabels)
        #expect(model.specification == .nBody(bodies: 2, learn: [.masses, .G], softening: 0.1, masses: [3, 0.5], G: 2.5))
        // The same G from the units is no conflict; another one is.
        #expect(try SimulationModel(.bodies(file, path: "b.json"), unitsG: 2.5).parameters.last == 2.5)
        #expect(throws: ModelChoiceError("b.json sets G = 2.5 but SimulationModel's unitsG gives G = 1.0; remove one")) {
            try SimulationModel(.bodies(file, path: "b.json"), unitsG: 1)
        }
    }

    @Test("a time-series system keeps its defaults except the values given; it has no G to set")
    func timeSeries() throws {
        let defaults = try SimulationModel(.named("lotka-volterra"))
        let model = try SimulationModel(.named("lotka-volterra"), values: ["alpha": [1.7]])
        #expect(!model.isGravity && model.stateLabels == defaults.specification.stateLabels && model.stateLabels.count == 2)
        #expect(model.namedParameters["alpha"] == [1.7] && defaults.namedParameters["alpha"] != [1.7])
        #expect(model.namedParameters.filter { $0.key != "alpha" } == defaults.namedParameters.filter { $0.key != "alpha" })
        #expect(throws: ModelChoiceError("SimulationModel's unitsG sets G for gravity; lotka-volterra has no G")) {
            try SimulationModel(.named("lotka-volterra"), unitsG: 1)
        }
    }

    @Test("refused: an unknown name, linear (it has no fixed size), G given twice, units for a specification")
    func refusals() throws {
        for name in ["nonsense", "linear"] {
            #expect(throws: ModelChoiceError.self) { try SimulationModel(.named(name)) }
        }
        #expect(throws: ModelChoiceError("G is given by both SimulationModel's values and SimulationModel's unitsG; give one")) {
            try SimulationModel(.named("three-body"), values: ["G": [2]], unitsG: 1)
        }
        let spec = ModelSpecification.timeSeries(system: .vanDerPol, learn: true)
        #expect(throws: ModelChoiceError("SimulationModel's unitsG sets G for gravity; write G into the equations instead")) {
            try SimulationModel(.specification(spec), unitsG: 1)
        }
        #expect(try SimulationModel(.specification(spec)).specification == spec)
    }

    @Test("withGravitationalConstant sets G of N-body models and of a hybrid's known part; others refuse")
    func gravitationalConstant() throws {
        let nBody = ModelSpecification.nBody(bodies: 2, learn: [.masses], softening: 0.2, masses: [1, 2], G: 1)
        #expect(try nBody.withGravitationalConstant(4) == .nBody(bodies: 2, learn: [.masses], softening: 0.2, masses: [1, 2], G: 4))
        let mlp = ModelSpecification.mlp(hiddenWidths: [4], activation: .tanh, timeInput: false, stateDimension: 12)
        #expect(try ModelSpecification.hybrid(known: nBody, mlp: mlp).withGravitationalConstant(4)
                == .hybrid(known: .nBody(bodies: 2, learn: [.masses], softening: 0.2, masses: [1, 2], G: 4), mlp: mlp))
        #expect(throws: ModelChoiceError.self) { try mlp.withGravitationalConstant(4) }
    }
}
