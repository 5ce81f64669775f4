import Testing
import Equations
import ODE

/// The Arenstorf orbit (Hairer, Nørsett & Wanner, *Solving ODEs I*, §II.0): the restricted
/// three-body problem typed as equations returns to its start after one period.
@Suite struct ArenstorfTests {
    static let source = """
        mu = 0.012277471; nu = 1 - mu      # moon and earth mass fractions
        D1 = ((x + mu)^2 + y^2)^1.5
        D2 = ((x - nu)^2 + y^2)^1.5
        d(x)/dt = u
        d(y)/dt = v
        d(u)/dt = x + 2*v - nu*(x + mu)/D1 - mu*(x - nu)/D2
        d(v)/dt = y - 2*u - nu*y/D1 - mu*y/D2
        """
    static let initialState = [0.994, 0, 0, -2.00158510637908252240537862224]
    static let period = 17.0652165601579625588917206249

    @Test func returnsToItsStartAfterOnePeriod() throws {
        let model = try EquationModel(source: Self.source)
        #expect(model.parameterCount == 0 && model.isAutonomous)
        #expect(model.stateNames == ["x", "y", "u", "v"])
        let solution = try solve(model, from: 0, to: Self.period, initialState: Self.initialState,
                                 method: .dormandPrince8, stepSize: .adaptive(StepSizeController(rtol: 1e-13, atol: 1e-13)))
        let end = Array(solution.finalState)
        let error = zip(end, Self.initialState).map { abs($0 - $1) }.max()!
        print("Arenstorf orbit, DOP853 at 1e-13: |y(T) − y(0)|∞ = \(error) after \(solution.stepCount) steps")
        #expect(error < 1e-7)
    }
}
