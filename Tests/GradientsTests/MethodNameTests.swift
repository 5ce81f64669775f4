import Gradients
import Testing

/// `GradientMethod(named:)`: the one map from names to methods, the inverse of `name`.
@Suite("Gradient methods by name")
struct MethodNameTests {
    @Test("every method is found by its name, the adjoint with the tolerances given")
    func roundTrip() {
        for method in GradientMethod.allCases {
            #expect(GradientMethod(named: method.name) == method, "\(method)")
        }
        #expect(GradientMethod(named: "adjoint", adjointRtol: 1e-7, adjointAtol: 1e-9) == .adjoint(rtol: 1e-7, atol: 1e-9))
        #expect(GradientMethod(named: "aca", adjointRtol: 1e-3, adjointAtol: 1e-3) == .aca)
        #expect(Set(GradientMethod.Kind.allCases.compactMap { GradientMethod(named: GradientMethod($0).name)?.kind })
            == Set(GradientMethod.Kind.allCases))
    }

    @Test("other names are nil: case and spelling matter")
    func unknown() {
        for name in ["", "ACA", "adjoint ", "naiveFrozenSteps", "backprop", "all"] {
            #expect(GradientMethod(named: name) == nil, "\(name)")
        }
    }
}
