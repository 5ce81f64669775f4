import Testing
import Equations
import Models

@Suite struct EquationSpecificationTests {
    static let sir = EquationSpecification(
        source: "d(S)/dt = -beta*S*I/N; d(I)/dt = beta*S*I/N - gamma*I; d(R)/dt = gamma*I",
        states: ["S", "I", "R"],
        parameters: [.init(name: "beta", value: 0.3, positive: true, unit: "1/day"),
                     .init(name: "N", value: 1000, fixed: true),
                     .init(name: "gamma", value: 0.1, lower: 0, upper: 1)])

    @Test func jsonRoundTripRebuildsTheSameModel() throws {
        let specification = ModelSpecification.equations(Self.sir)
        let json = try specification.jsonString()
        #expect(json.contains("\"kind\":\"equations\""))
        let decoded = try ModelSpecification(jsonString: json)
        #expect(decoded == specification)
        let (field, initial) = try decoded.build(seed: 0)
        let original = try specification.build(seed: 1)
        #expect(initial == [0.3, 0.1] && original.initialParameters == initial)
        #expect(field.parameterNames == ["beta", "gamma"])
        #expect(try decoded.parameterBlocks() == [ParameterBlock(name: "beta", range: 0..<1, shape: []),
                                                  ParameterBlock(name: "gamma", range: 1..<2, shape: [])])
        #expect(decoded.stateDimension == 3)
        #expect(field as? EquationModel == original.field as? EquationModel)
        #expect(specification.description == "equations in S, I, R (learn beta, gamma)")
    }

    @Test func inferredFromValuesByName() throws {
        let specification = try EquationSpecification.inferred(source: "d(x)/dt = a*x - b", values: ["b": 2, "a": 1], fixed: ["b"])
        #expect(specification.parameters.map(\.name) == ["a", "b"])
        #expect(specification.learnedValues == [1])
        #expect(throws: ModelSpecificationError.self) { try EquationSpecification.inferred(source: "d(x)/dt = a*x - b", values: ["a": 1]) }
        #expect(throws: ModelSpecificationError.self) { try EquationSpecification.inferred(source: "d(x)/dt = a*x", values: ["a": 1, "q": 2]) }
    }

    @Test func invalidSpecificationsAreTypedErrors() {
        var bad = Self.sir
        bad.parameters[0].value = -1
        #expect(throws: ModelSpecificationError.self) { try ModelSpecification.equations(bad).validate() }
        var unknown = Self.sir
        unknown.source += "; d(Q)/dt = 1"
        do {
            try ModelSpecification.equations(unknown).validate()
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("\"Q\" is not a declared state"))
        }
    }
}
