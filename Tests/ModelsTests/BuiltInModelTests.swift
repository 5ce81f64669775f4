import Models
import Testing

/// `BuiltInModel`: a built-in model by name, with values by name, as a `ModelSpecification`.
@Suite("BuiltInModel")
struct BuiltInModelTests {
    @Test("values by name: a name takes every number up to the next name=")
    func parseValues() throws {
        #expect(try BuiltInModel.parseValues("masses=1,2.5,3, G=0.5") == ["masses": [1, 2.5, 3], "G": [0.5]])
        #expect(throws: ModelSpecificationError("BuiltInModel.values: G given twice")) { try BuiltInModel.parseValues("G=1,G=2") }
        #expect(throws: ModelSpecificationError("BuiltInModel.values: 'nan' is not a finite number")) { try BuiltInModel.parseValues("G=nan") }
        #expect(throws: ModelSpecificationError("BuiltInModel.values must look like name=v1,v2,name2=v (got 1,2)")) {
            try BuiltInModel.parseValues("1,2")
        }
    }

    @Test("three-body learns masses by default; G comes from the values, else the data's, else 1")
    func threeBody() throws {
        let given = BuiltInModel(name: "three-body", values: ["masses": [1, 2, 3], "G": [2]])
        #expect(try given.specification(stateDimension: 18, dataG: 5) == .nBody(bodies: 3, learn: [.masses], masses: [1, 2, 3], G: 2))
        let fromData = BuiltInModel(name: "n-body", bodies: 2, learn: ["G", "initial-state"])
        #expect(try fromData.specification(stateDimension: 12, dataG: 5) == .nBody(bodies: 2, learn: [.G], G: 5))
        #expect(fromData.learnsInitialState)
        #expect(try BuiltInModel(name: "three-body").specification(stateDimension: 18) == .nBody(bodies: 3, learn: [.masses], G: 1))
    }

    @Test("a system's parameters by block name or all at once; unknown and non-positive values are refused by name")
    func systems() throws {
        let lv = BuiltInModel(name: "lotka-volterra", values: ["beta": [0.5]])
        guard case let .timeSeries(system, _, parameters?, learn) = try lv.specification(stateDimension: 2) else {
            Issue.record("not a time series")
            return
        }
        var expected = KnownSystem.lotkaVolterra.defaultParameters(dimension: 2)
        expected[1] = 0.5
        #expect(system == .lotkaVolterra && parameters == expected && learn)
        let all = BuiltInModel(name: "lotka-volterra", learn: ["initial-state"], values: ["parameters": [1, 2, 3, 4]])
        #expect(try all.specification(stateDimension: 2) == .timeSeries(system: .lotkaVolterra, parameters: [1, 2, 3, 4], learn: false))
        #expect(throws: ModelSpecificationError.self) { try BuiltInModel(name: "lotka-volterra", values: ["zeta": [1]]).specification(stateDimension: 2) }
        #expect(throws: ModelSpecificationError("BuiltInModel.values: masses needs 3 values (got 2)")) {
            try BuiltInModel(name: "three-body", values: ["masses": [1, 2]]).specification(stateDimension: 18)
        }
        #expect(throws: ModelSpecificationError("BuiltInModel.learn: unknown 'mass'; n-body learns masses, G and/or initial-state")) {
            try BuiltInModel(name: "three-body", learn: ["mass"]).specification(stateDimension: 18)
        }
    }

    @Test("mlp and hybrid take the network settings and the data's dimension")
    func neural() throws {
        let mlp = BuiltInModel(name: "mlp", hiddenWidths: [8], activation: .silu, timeInput: true, outputScale: 0.1)
        #expect(try mlp.specification(stateDimension: 3) == .mlp(hiddenWidths: [8], activation: .silu, timeInput: true, stateDimension: 3, outputScale: 0.1))
        let hybrid = BuiltInModel(name: "hybrid", hiddenWidths: [4], known: "lotka-volterra")
        guard case let .hybrid(known, network) = try hybrid.specification(stateDimension: 2) else {
            Issue.record("not a hybrid")
            return
        }
        #expect(known == .timeSeries(system: .lotkaVolterra, parameters: KnownSystem.lotkaVolterra.defaultParameters(dimension: 2), learn: true))
        #expect(network == .mlp(hiddenWidths: [4], activation: .tanh, timeInput: false, stateDimension: 2))
    }

    @Test("values assigned to a field's named blocks; a wrong count or an unknown name is refused")
    func assigning() throws {
        let (field, defaults) = try ModelSpecification.nBody(bodies: 2, learn: [.masses, .G]).build(seed: 0)
        let p = try field.assigning(["masses": [2, 3]], to: defaults)
        #expect(p == [2, 3] + Array(defaults[2...]))
        #expect(throws: ModelSpecificationError.self) { try field.assigning(["masses": [1]], to: defaults) }
        #expect(throws: ModelSpecificationError.self) { try field.assigning(["q": [1]], to: defaults) }
        #expect(throws: ModelSpecificationError.self) { try field.assigning(["masses": [1, -1]], to: defaults) }
        #expect(ModelSpecification.nBody(bodies: 1, learn: [.masses]).stateLabels == ["x1", "y1", "z1", "vx1", "vy1", "vz1"])
    }
}
