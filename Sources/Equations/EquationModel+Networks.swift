/// The building blocks that `Models.UniversalEquationModel` composes with its networks:
/// the networks' inputs as a function of `(t, y; p)` with its reverse and forward sweeps, and
/// the main tape's general tangent sweep (state, parameter and time tangents at once).
///
/// `parameters` here are the real parameters only (``equationParameterCount`` values) for the
/// input tape, and real parameters followed by the network outputs (``parameterCount``) for the
/// main tape. Pointers are raw so the composition can pass slices of its own scratch.
extension EquationModel {
    /// Number of learned parameters of the equations (without the network outputs).
    public var equationParameterCount: Int { parameterNames.count }
    /// Σ inputs over ``networks``: the length of the network input vector.
    public var networkInputCount: Int { inputKernel?.outputCount ?? 0 }
    /// Σ outputs over ``networks``: the pseudo-parameters after the real ones.
    public var networkOutputCount: Int { parameterCount - equationParameterCount }

    /// Writes every network's inputs (network by network, see ``EquationNetwork/inputOffset``).
    public func evaluateNetworkInputs(t: Double, y: UnsafePointer<Double>, parameters p: UnsafePointer<Double>?,
                                      into inputs: UnsafeMutablePointer<Double>) {
        inputKernel?.evaluate(t: t, y: y, parameters: p, into: inputs)
    }

    /// Accumulates `wᵀ ∂inputs/∂y` into `gy` and `wᵀ ∂inputs/∂p` into `gp` (real parameters only).
    public func networkInputsVectorJacobianProduct(t: Double, y: UnsafePointer<Double>, parameters p: UnsafePointer<Double>?,
                                                   cotangent w: UnsafePointer<Double>,
                                                   stateCotangent gy: UnsafeMutablePointer<Double>,
                                                   parameterCotangent gp: UnsafeMutablePointer<Double>?) {
        inputKernel?.vectorJacobianProduct(t: t, y: y, parameters: p, cotangent: w, stateCotangent: gy, parameterCotangent: gp)
    }

    /// Writes `∂inputs/∂y·ẏ + ∂inputs/∂p·ṗ + ∂inputs/∂t·ṫ` (nil tangents are zero).
    public func networkInputsTangent(t: Double, y: UnsafePointer<Double>, parameters p: UnsafePointer<Double>?,
                                     stateTangent: UnsafePointer<Double>?, parameterTangent: UnsafePointer<Double>?,
                                     timeTangent: Double, into out: UnsafeMutablePointer<Double>) {
        inputKernel?.tangent(t: t, y: y, parameters: p, stateTangent: stateTangent, parameterTangent: parameterTangent,
                             timeTangent: timeTangent, into: out)
    }

    /// Writes `∂f/∂y·ẏ + ∂f/∂p·ṗ + ∂f/∂t·ṫ` of the main tape (`p`, `ṗ`: ``parameterCount`` values; nil tangents are zero).
    public func tangent(t: Double, y: UnsafePointer<Double>, parameters p: UnsafePointer<Double>?,
                        stateTangent: UnsafePointer<Double>?, parameterTangent: UnsafePointer<Double>?,
                        timeTangent: Double, into out: UnsafeMutablePointer<Double>) {
        kernel.tangent(t: t, y: y, parameters: p, stateTangent: stateTangent, parameterTangent: parameterTangent,
                       timeTangent: timeTangent, into: out)
    }
}
