import Fitting
import Foundation
import Gradients
import Models
import Physics
import Testing

/// `EquationModelSource` (equations or a model file → a validated model, unused parameters found) and
/// `GradientStudy.threeBodyOverrides(_:)` (values by name → the masses and G of a three-body gradient study).
@Suite("EquationModelSource and three-body overrides")
struct EquationModelSourceTests {
    static let lotkaVolterra = "d(x)/dt = a*x - b*x*y; d(y)/dt = d*x*y - c*y"

    @Test("values: one finite number per name, each name once")
    func values() throws {
        #expect(try EquationModelSource.values(parsing: "a=1, b=0.5,c=-2e-3") == ["a": [1], "b": [0.5], "c": [-2e-3]])
        #expect(throws: ModelChoiceError("EquationModelSource's values must look like a=1,b=0.5 for an equation model (got a)")) {
            try EquationModelSource.values(parsing: "a")
        }
        #expect(throws: ModelChoiceError.self) { try EquationModelSource.values(parsing: "a=nan") }
        #expect(throws: ModelChoiceError("EquationModelSource's values: a given twice")) { try EquationModelSource.values(parsing: "a=1,a=2") }
    }

    @Test("equations: the model with the values, fixed names held; a parameter no equation uses is reported")
    func equations() throws {
        let values: [String: [Double]] = ["a": [1.1], "b": [0.4], "c": [0.9], "d": [0.1]]
        let (model, unused) = try EquationModelSource.equations(Self.lotkaVolterra).specification(values: values, fixed: ["c"])
        guard case .equations = model else { Issue.record("not an equation model: \(model)"); return }
        #expect(unused.isEmpty && model.stateLabels == ["x", "y"])
        let (field, parameters) = try model.build(seed: 0)
        #expect(field.dimension == 2 && parameters == [1.1, 0.4, 0.1])  // c is held fixed: not a parameter of the field
        let (free, _) = try EquationModelSource.equations(Self.lotkaVolterra).specification(values: values)
        #expect(try free.build(seed: 0).initialParameters.count == 4)
    }

    @Test("equations refuse several values for one name and a missing value, naming them")
    func refusals() throws {
        #expect(throws: ModelChoiceError("EquationModelSource's values: k takes one value for an equation model (got 2)")) {
            try EquationModelSource.equations("d(x)/dt = -k*x").specification(values: ["k": [1, 2]])
        }
        do {
            _ = try EquationModelSource.equations(Self.lotkaVolterra).specification(values: ["a": [1]])
            Issue.record("missing values accepted")
        } catch { #expect("\(error)".contains("no value for b, d, c; give EquationSpecification's values b=…,d=…,c=…")) }
        // A name without a value that is a column of the data is a state missing its equation, not a constant.
        #expect(throws: ModelSpecificationError("equations: v is a column of the data but has no equation, so it would be a constant "
                + "parameter: add v' = … to fit it as a state (or give EquationSpecification's values v=… to hold it constant)")) {
            try EquationModelSource.equations("x' = v").specification(values: [:], dataColumns: ["x", "v"])
        }
        #expect(try EquationModelSource.equations("x' = v").specification(values: ["v": [2]], dataColumns: ["x", "v"]).unused.isEmpty)
    }

    @Test("a model file: its values, overridden by the given ones; a parameter in no equation is reported")
    func modelFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-source-\(UUID().uuidString).toml")
        defer { try? FileManager.default.removeItem(at: url) }
        try "states = [\"x\"]\nequations = \"d(x)/dt = -k*x\"\n[parameters]\nk = { value = 3 }\nkk = 1.0\n".write(to: url, atomically: true, encoding: .utf8)
        let (fromFile, unused) = try EquationModelSource.file(url.path).specification(values: [:])
        #expect(unused == ["kk"])
        #expect(try fromFile.build(seed: 0).initialParameters.first == 3)
        let (overridden, _) = try EquationModelSource.file(url.path).specification(values: ["k": [0.5]])
        #expect(try overridden.build(seed: 0).initialParameters.first == 0.5)
    }

    @Test("three-body overrides: masses (3, positive) and G (1, positive), each optional; other names refused")
    func threeBodyOverrides() throws {
        let both = try GradientStudy<NBodyGravity>.threeBodyOverrides(["masses": [1, 2, 3], "G": [0.5]])
        #expect(both.masses == [1, 2, 3] && both.G == 0.5)
        let none = try GradientStudy<NBodyGravity>.threeBodyOverrides([:])
        #expect(none.masses == nil && none.G == nil)
        for (values, message) in [
            (["mass": [1.0]], "GradientStudy.threeBody's values: unknown name 'mass'; three-body takes masses=m1,m2,m3 and G=g"),
            (["masses": [1.0, 2]], "GradientStudy.threeBody's values: masses needs 3 values (got 2)"),
            (["G": [1.0, 2]], "GradientStudy.threeBody's values: G takes one value (got 2)"),
            (["masses": [1.0, 0, 1]], "GradientStudy.threeBody's values: masses must be positive (got [1.0, 0.0, 1.0])"),
            (["G": [-1.0]], "GradientStudy.threeBody's values: G must be positive (got -1.0)"),
        ] {
            #expect(throws: FitError(message)) { try GradientStudy<NBodyGravity>.threeBodyOverrides(values) }
        }
    }
}

/// `GradientMethod.list(parsing:adjointRtol:adjointAtol:)`: the methods of `orrery gradient --method`.
@Suite("GradientMethod list")
struct GradientMethodListTests {
    @Test("names in the order given, all = naive, adjoint, aca; the adjoint carries its backward tolerances")
    func parsed() throws {
        let all = try GradientMethod.list(parsing: "all", adjointRtol: 1e-6, adjointAtol: 1e-8)
        #expect(all.map(\.name) == ["naive", "adjoint", "aca"])
        #expect(all.map(\.method) == [.naive, .adjoint(rtol: 1e-6, atol: 1e-8), .aca])
        #expect(try GradientMethod.list(parsing: "mali,aca", adjointRtol: 1, adjointAtol: 1).map(\.method) == [.mali, .aca])
    }

    @Test("an unknown name or an empty list is refused, naming the list")
    func refused() {
        #expect(throws: FitError("unknown GradientMethod.list(parsing:) name acca; choose naive, adjoint, aca, mali, a comma-separated list, or all")) {
            try GradientMethod.list(parsing: "aca,acca", adjointRtol: 1, adjointAtol: 1)
        }
        #expect(throws: FitError("GradientMethod.list(parsing:) got an empty list")) { try GradientMethod.list(parsing: ",", adjointRtol: 1, adjointAtol: 1) }
        // naiveFrozenSteps is a library-only method, not a name in the list.
        #expect(throws: FitError.self) { try GradientMethod.list(parsing: "naiveFrozenSteps", adjointRtol: 1, adjointAtol: 1) }
    }
}
