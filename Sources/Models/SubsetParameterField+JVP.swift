import ODE

extension SubsetParameterField: ForwardDifferentiableVectorField where Base: ForwardDifferentiableVectorField {
    /// The base's JVP with the parameter tangent scattered over the learnable indices (zero at
    /// the fixed ones).
    @inlinable
    public func jacobianVectorProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                                      stateTangent u: UnsafeBufferPointer<Double>, parameterTangent q: UnsafeBufferPointer<Double>,
                                      into out: UnsafeMutableBufferPointer<Double>) {
        let m = fullDefaults.count
        Scratch.withDoubles(2 * m) { pointer in
            let scratch = UnsafeMutableBufferPointer(start: pointer, count: 2 * m)
            let full = UnsafeMutableBufferPointer(rebasing: scratch[0..<m])
            let tangent = UnsafeMutableBufferPointer(rebasing: scratch[m..<(2 * m)])
            scatter(p, into: full)
            for k in 0..<m { tangent[k] = 0 }
            learnableIndices.withUnsafeBufferPointer { indices in
                for k in 0..<indices.count { tangent[indices[k]] = q[k] }
            }
            base.jacobianVectorProduct(t: t, y: y, parameters: UnsafeBufferPointer(full), stateTangent: u,
                                       parameterTangent: UnsafeBufferPointer(tangent), into: out)
        }
    }
}
