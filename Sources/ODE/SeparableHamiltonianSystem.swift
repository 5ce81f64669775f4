/// A separable Hamiltonian system `H(q, p) = T(p) + V(q; θ)`:
/// `dq/dt = ∂T/∂p`, `dp/dt = −∂V/∂q`. For N-body gravity in velocity form, `q` are
/// positions, `p` velocities, `positionRate` copies `p` and `momentumRate` is the acceleration.
public protocol SeparableHamiltonianSystem {
    /// Length of `q` (and of `p`).
    var degreesOfFreedom: Int { get }
    var parameterCount: Int { get }
    /// Writes `∂T/∂p` into `dq`.
    func positionRate(p: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                      into dq: UnsafeMutableBufferPointer<Double>)
    /// Writes `−∂V/∂q` (the force; the acceleration in velocity form) at time `t` into `dp`.
    func momentumRate(t: Double, q: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                      into dp: UnsafeMutableBufferPointer<Double>)
}
