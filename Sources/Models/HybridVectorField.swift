import ODE

/// Known physics plus a learned correction (a "universal differential equation",
/// Rackauckas et al. 2020; the APHYNITY decomposition of Yin et al. 2021 without its
/// norm penalty): `f(t, y; [p, θ]) = known(t, y; p) + mlp(t, y; θ)`.
///
/// Parameters are concatenated: `[p_known (known.parameterCount), θ (correction.parameterCount)]`.
/// The VJP is the sum of both parts' VJPs, each writing its own slice of the parameter cotangent.
/// Parameter names are `known.<name>` and `mlp.<name>`.
public struct HybridVectorField<Known: DifferentiableVectorField>: DifferentiableVectorField {
    /// The physics part.
    public let known: Known
    /// The neural correction (same state dimension).
    public let correction: MLPVectorField

    public init(known: Known, correction: MLPVectorField) {
        precondition(known.dimension == correction.stateDimension,
                     "HybridVectorField: known dimension \(known.dimension) ≠ MLP state dimension \(correction.stateDimension)")
        self.known = known
        self.correction = correction
    }

    public var dimension: Int { known.dimension }
    public var parameterCount: Int { known.parameterCount + correction.parameterCount }
    /// Where θ starts in the flat parameter vector.
    public var correctionOffset: Int { known.parameterCount }

    /// `[knownParameters, correction.initialParameters(seed:)]`.
    public func initialParameters(known knownParameters: [Double], seed: UInt64) -> [Double] {
        precondition(knownParameters.count == known.parameterCount, "HybridVectorField: \(knownParameters.count) known parameters, expected \(known.parameterCount)")
        return knownParameters + correction.initialParameters(seed: seed)
    }

    @inlinable
    public func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                         into dy: UnsafeMutableBufferPointer<Double>) {
        let k = known.parameterCount
        known.evaluate(t: t, y: y, parameters: UnsafeBufferPointer(rebasing: p[0..<k]), into: dy)
        correction.evaluate(t: t, y: y, parameters: UnsafeBufferPointer(rebasing: p[k..<p.count]), adding: dy)
    }

    @inlinable
    public func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                                      cotangent v: UnsafeBufferPointer<Double>,
                                      stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                                      parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        let k = known.parameterCount
        known.vectorJacobianProduct(t: t, y: y, parameters: UnsafeBufferPointer(rebasing: p[0..<k]), cotangent: v,
                                    stateCotangent: gy, parameterCotangent: UnsafeMutableBufferPointer(rebasing: gp[0..<k]))
        correction.vectorJacobianProduct(t: t, y: y, parameters: UnsafeBufferPointer(rebasing: p[k..<p.count]), cotangent: v,
                                         stateCotangent: gy, parameterCotangent: UnsafeMutableBufferPointer(rebasing: gp[k..<gp.count]))
    }
}

extension HybridVectorField: Sendable where Known: Sendable {}

extension HybridVectorField: ParameterNaming where Known: ParameterNaming {
    public var parameterBlocks: [ParameterBlock] {
        known.parameterBlocks.map { $0.prefixed("known") }
            + correction.parameterBlocks.map { $0.prefixed("mlp", offset: correctionOffset) }
    }
}

extension HybridVectorField {
    /// Autonomous when both parts are (an MLP with `timeInput` is not).
    public var isAutonomous: Bool { known.isAutonomous && correction.isAutonomous }
}

extension HybridVectorField: TimeDifferentiableVectorField where Known: TimeDifferentiableVectorField {
    /// `∂known/∂t + ∂mlp/∂t`.
    @inlinable
    public func timeDerivative(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                               into out: UnsafeMutableBufferPointer<Double>) {
        let k = known.parameterCount
        known.timeDerivative(t: t, y: y, parameters: UnsafeBufferPointer(rebasing: p[0..<k]), into: out)
        correction.addTimeDerivative(t: t, y: y, parameters: UnsafeBufferPointer(rebasing: p[k..<p.count]), into: out)
    }
}
