import ODE
import Physics
import Testing

/// Every built-in physical field is an `AutonomousVectorField`: autonomous, with `∂f/∂t = 0`,
/// seen through the generic `VectorField` requirement (the witness the solvers use).
@Suite("Autonomous built-in fields")
struct AutonomousFieldTests {
    static func isAutonomous<F: VectorField>(_ field: F) -> Bool { field.isAutonomous }

    /// `∂f/∂t` written over a buffer of NaNs.
    static func timeDerivative<F: TimeDifferentiableVectorField>(_ field: F, parameters: [Double]) -> [Double] {
        var out = [Double](repeating: .nan, count: field.dimension)
        let y = (0..<field.dimension).map { 0.1 * Double($0 + 1) }
        y.withUnsafeBufferPointer { yb in parameters.withUnsafeBufferPointer { pb in
            out.withUnsafeMutableBufferPointer { field.timeDerivative(t: 0.7, y: yb, parameters: pb, into: $0) }
        } }
        return out
    }

    @Test("NBodyGravity, LotkaVolterra, VanDerPol, Lorenz, DampedPendulum and LinearSystem say they are autonomous and write ∂f/∂t = 0")
    func builtInFieldsAreAutonomous() {
        let gravity = NBodyGravity(bodyCount: 2)
        #expect(Self.isAutonomous(gravity) && Self.timeDerivative(gravity, parameters: [1, 1, 1]) == [Double](repeating: 0, count: 12))
        #expect(Self.isAutonomous(LotkaVolterra()) && Self.timeDerivative(LotkaVolterra(), parameters: LotkaVolterra.defaultParameters) == [0, 0])
        #expect(Self.isAutonomous(VanDerPol()) && Self.timeDerivative(VanDerPol(), parameters: [1]) == [0, 0])
        #expect(Self.isAutonomous(Lorenz()) && Self.timeDerivative(Lorenz(), parameters: [10, 28, 8.0 / 3]) == [0, 0, 0])
        #expect(Self.isAutonomous(DampedPendulum()) && Self.timeDerivative(DampedPendulum(), parameters: [0.1, 1]) == [0, 0])
        let linear = LinearSystem(dimension: 2)
        #expect(Self.isAutonomous(linear) && Self.timeDerivative(linear, parameters: [1, 2, 3, 4]) == [0, 0])
    }
}
