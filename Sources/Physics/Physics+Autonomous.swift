import ODE

// Every built-in physical field is autonomous: `f` does not depend on `t`. Saying so lets
// the naive gradient (which differentiates the stage times `t + cⱼh`) trust `∂f/∂t = 0`,
// and the `TimeDifferentiableVectorField` conformances (writing zeros) let wrappers such as
// `HybridVectorField` supply `∂f/∂t` when their other part depends on time.

extension NBodyGravity: AutonomousVectorField {}
extension LotkaVolterra: AutonomousVectorField {}
extension VanDerPol: AutonomousVectorField {}
extension Lorenz: AutonomousVectorField {}
extension DampedPendulum: AutonomousVectorField {}
extension LinearSystem: AutonomousVectorField {}
