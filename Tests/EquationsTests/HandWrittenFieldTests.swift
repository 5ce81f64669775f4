import Testing
import Equations
import Physics
import ODE
import TestSupport

/// Equation versions of the hand-written fields in `Physics` agree with them (value and VJP)
/// to rounding, at random points.
@Suite struct HandWrittenFieldTests {
    static let lotkaVolterra = """
        # predator–prey
        d(x)/dt = alpha*x - beta*x*y
        d(y)/dt = delta*x*y - gamma*y
        """
    static let vanDerPol = "d(x)/dt = y; d(y)/dt = mu*(1 - x^2)*y - x"
    static let lorenz = """
        d(x)/dt = sigma*(y - x)
        d(y)/dt = x*(rho - z) - y
        d(z)/dt = x*y - beta*z
        """
    /// Three bodies in 3-D: positions, then velocities (as `NBodyGravity`), masses and `G`.
    static let threeBody = """
        dx12 = x2 - x1; dy12 = y2 - y1; dz12 = z2 - z1
        dx13 = x3 - x1; dy13 = y3 - y1; dz13 = z3 - z1
        dx23 = x3 - x2; dy23 = y3 - y2; dz23 = z3 - z2
        k12 = G/(dx12^2 + dy12^2 + dz12^2)^1.5
        k13 = G/(dx13^2 + dy13^2 + dz13^2)^1.5
        k23 = G/(dx23^2 + dy23^2 + dz23^2)^1.5
        d(x1)/dt = vx1; d(y1)/dt = vy1; d(z1)/dt = vz1
        d(x2)/dt = vx2; d(y2)/dt = vy2; d(z2)/dt = vz2
        d(x3)/dt = vx3; d(y3)/dt = vy3; d(z3)/dt = vz3
        d(vx1)/dt = m2*k12*dx12 + m3*k13*dx13
        d(vy1)/dt = m2*k12*dy12 + m3*k13*dy13
        d(vz1)/dt = m2*k12*dz12 + m3*k13*dz13
        d(vx2)/dt = m3*k23*dx23 - m1*k12*dx12
        d(vy2)/dt = m3*k23*dy23 - m1*k12*dy12
        d(vz2)/dt = m3*k23*dz23 - m1*k12*dz12
        d(vx3)/dt = -(m1*k13*dx13 + m2*k23*dx23)
        d(vy3)/dt = -(m1*k13*dy13 + m2*k23*dy23)
        d(vz3)/dt = -(m1*k13*dz13 + m2*k23*dz23)
        """
    static let threeBodyParameters = ["m1", "m2", "m3", "G"]

    func compare<F: DifferentiableVectorField>(_ model: EquationModel, _ field: F, parameters: [Double], seed: UInt64,
                                               tolerance: Double = 1e-13) -> (value: Double, vjp: Double) {
        var g = RandomExpression.Generator(state: seed)
        var worst = (value: 0.0, vjp: 0.0)
        for _ in 0..<50 {
            let y = (0..<field.dimension).map { _ in g.uniform(-2, 2) }
            let p = parameters.map { $0 * g.uniform(0.8, 1.2) }
            let v = (0..<field.dimension).map { _ in g.uniform(-1, 1) }
            let t = g.uniform(0, 1)
            let valueError = FieldProbe.relativeError(FieldProbe.value(model, t: t, y: y, p: p), FieldProbe.value(field, t: t, y: y, p: p))
            let (gy, gp) = FieldProbe.vjp(model, t: t, y: y, p: p, v: v)
            let (hy, hp) = FieldProbe.vjp(field, t: t, y: y, p: p, v: v)
            let vjpError = FieldProbe.relativeError(gy + gp, hy + hp)
            #expect(valueError < tolerance && vjpError < tolerance, "value \(valueError), VJP \(vjpError)")
            worst = (max(worst.value, valueError), max(worst.vjp, vjpError))
        }
        return worst
    }

    @Test func lotkaVolterra() throws {
        let model = try EquationModel(source: Self.lotkaVolterra)
        #expect(model.stateNames == ["x", "y"])
        #expect(model.parameterNames == ["alpha", "beta", "delta", "gamma"])
        #expect(model.isAutonomous)
        let worst = compare(model, LotkaVolterra(), parameters: LotkaVolterra.defaultParameters, seed: 1)
        print("Lotka–Volterra as equations: \(model.instructionCount) instructions, worst value \(worst.value), VJP \(worst.vjp)")
    }

    @Test func vanDerPol() throws {
        let model = try EquationModel(source: Self.vanDerPol)
        #expect(model.parameterNames == ["mu"])
        let worst = compare(model, VanDerPol(), parameters: VanDerPol.defaultParameters, seed: 2)
        print("van der Pol as equations: worst value \(worst.value), VJP \(worst.vjp)")
    }

    @Test func lorenz() throws {
        let model = try EquationModel(source: Self.lorenz)
        #expect(model.parameterNames == ["sigma", "rho", "beta"])
        let worst = compare(model, Lorenz(), parameters: Lorenz.defaultParameters, seed: 3)
        print("Lorenz as equations: worst value \(worst.value), VJP \(worst.vjp)")
    }

    @Test func threeBody() throws {
        let model = try EquationModel(source: Self.threeBody, parameters: Self.threeBodyParameters)
        #expect(model.stateNames.prefix(4) == ["x1", "y1", "z1", "x2"] && model.stateNames.count == 18)
        let worst = compare(model, NBodyGravity(bodyCount: 3), parameters: [1, 0.95, 1.05, 1], seed: 4, tolerance: 1e-12)
        print("three-body as equations: \(model.instructionCount) instructions, worst value \(worst.value), VJP \(worst.vjp)")
    }
}
