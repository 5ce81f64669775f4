import Foundation
import Models
import ODE
import Testing

@Suite("ModelSpecification")
struct ModelSpecificationTests {
    static let examples: [ModelSpecification] = [
        .nBody(bodies: 3, learn: [.masses], softening: 0, G: 1),
        .nBody(bodies: 2, learn: [.masses, .G], softening: 0.1, masses: [1, 2], G: 0.5),
        .timeSeries(system: .spiral),
        .timeSeries(system: .linear, dimension: 3, learn: false),
        .timeSeries(system: .lorenz, parameters: [10, 28, 2.5]),
        .mlp(hiddenWidths: [64, 64], activation: .tanh, timeInput: false, stateDimension: 2),
        .hybrid(known: .timeSeries(system: .vanDerPol, learn: false),
                mlp: .mlp(hiddenWidths: [16], activation: .silu, timeInput: true, stateDimension: 2, outputScale: 0.1)),
        .hybrid(known: .nBody(bodies: 3, learn: [.G], softening: 0),
                mlp: .mlp(hiddenWidths: [32, 32], activation: .softplus, timeInput: false, stateDimension: 18)),
    ]

    @Test("JSON round trip, flat with a kind key")
    func jsonRoundTrip() throws {
        for spec in Self.examples {
            let json = try spec.jsonString()
            #expect(try ModelSpecification(jsonString: json) == spec, "\(json)")
        }
        #expect(try Self.examples[5].jsonString()
                == #"{"activation":"tanh","hiddenWidths":[64,64],"kind":"mlp","outputScale":1,"stateDimension":2,"timeInput":false}"#)
        #expect(throws: (any Error).self) { try ModelSpecification(jsonString: #"{"kind":"transformer"}"#) }
    }

    @Test("built fields: sizes, starting parameters, names")
    func build() throws {
        for spec in Self.examples {
            let (field, p) = try spec.build(seed: 7)
            #expect(field.dimension == spec.stateDimension)
            #expect(p.count == field.parameterCount)
            expectTiling(field.parameterBlocks, count: field.parameterCount, spec.description)
            #expect(try spec.initialParameters(seed: 7) == p)
            #expect(try spec.parameterNames() == field.parameterNames)
        }
        #expect(try Self.examples[0].parameterNames() == ["masses[0]", "masses[1]", "masses[2]"])
        #expect(try Self.examples[0].initialParameters(seed: 0) == [1, 1, 1])
        #expect(try Self.examples[2].initialParameters(seed: 0) == [-0.1, 2, -2, -0.1])
        #expect(try Self.examples[3].makeField().parameterCount == 0)
        let mlp = try Self.examples[5].build(seed: 3)
        #expect(mlp.initialParameters == MLPVectorField(stateDimension: 2, hiddenWidths: [64, 64], activation: .tanh).initialParameters(seed: 3))
        #expect(try Self.examples[7].parameterNames().prefix(2) == ["known.G", "mlp.layers.0.weight[0,0]"])
    }

    @Test("descriptions")
    func descriptions() {
        #expect(Self.examples[0].description == "n-body 3 bodies, learn masses (G = 1.0 fixed)")
        #expect(Self.examples[5].description == "mlp 2-64-64-2 tanh")
        #expect(Self.examples[6].description == "hybrid: van-der-pol (parameters fixed) + mlp 3-16-2 silu, time input, output scale 0.1")
    }

    @Test("invalid specifications throw typed errors")
    func invalid() {
        let bad: [ModelSpecification] = [
            .nBody(bodies: 0, learn: [.masses]),
            .nBody(bodies: 3, learn: [.masses, .masses]),
            .nBody(bodies: 3, learn: [.masses], masses: [1, 2]),
            .timeSeries(system: .linear),
            .timeSeries(system: .lorenz, parameters: [1]),
            .mlp(hiddenWidths: [0], activation: .tanh, timeInput: false, stateDimension: 2),
            .hybrid(known: .mlp(hiddenWidths: [], activation: .tanh, timeInput: false, stateDimension: 2),
                    mlp: .mlp(hiddenWidths: [], activation: .tanh, timeInput: false, stateDimension: 2)),
            .hybrid(known: .timeSeries(system: .lorenz), mlp: .mlp(hiddenWidths: [4], activation: .tanh, timeInput: false, stateDimension: 2)),
            .hybrid(known: .timeSeries(system: .lorenz), mlp: .timeSeries(system: .lorenz)),
        ]
        for spec in bad {
            #expect(throws: ModelSpecificationError.self, "\(spec)") { try spec.build(seed: 0) }
        }
    }
}
