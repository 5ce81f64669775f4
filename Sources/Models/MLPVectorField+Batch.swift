import CKernels
import ODE

/// Batched evaluation and VJP of the MLP as matrix–matrix products (issue 13): the batch is
/// split in chunks of up to 64 states, each layer is one register-blocked product over the
/// chunk (`CKernels`, `gemm_impl.h`), the reverse pass is `G_{l−1} = (W_lᵀ G_l) ⊙ σ'(Z_{l−1})`,
/// `∂W_l += G_l H_{l−1}ᵀ`, `∂b_l += Σ_b G_l` with the parameter cotangent summed over the batch.
/// Equal to the single-state methods to rounding (summation order differs).
extension MLPVectorField: BatchVectorField {
    @inlinable
    public func evaluateBatch(t: Double, states: UnsafeBufferPointer<Double>, count: Int,
                              parameters: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        let n = stateDimension
        precondition(states.count >= count * n && out.count >= count * n, "evaluateBatch: buffers shorter than count × dimension")
        precondition(parameters.count >= parameterCount, "evaluateBatch: \(parameters.count) parameters, the network has \(parameterCount)")
        guard count > 0 else { return }
        withKernelNetwork { net in
            ck_mlp_forward(net, t, states.baseAddress!, count, parameters.baseAddress!, out.baseAddress!, 0)
        }
    }

    @inlinable
    public func vectorJacobianProductBatch(t: Double, states: UnsafeBufferPointer<Double>, count: Int,
                                           parameters: UnsafeBufferPointer<Double>, cotangents: UnsafeBufferPointer<Double>,
                                           stateCotangents: UnsafeMutableBufferPointer<Double>,
                                           parameterCotangent: UnsafeMutableBufferPointer<Double>) {
        let n = stateDimension
        precondition(states.count >= count * n && cotangents.count >= count * n && stateCotangents.count >= count * n,
                     "vectorJacobianProductBatch: buffers shorter than count × dimension")
        precondition(parameters.count >= parameterCount && parameterCotangent.count >= parameterCount,
                     "vectorJacobianProductBatch: parameter buffers shorter than parameterCount (\(parameterCount))")
        guard count > 0 else { return }
        withKernelNetwork { net in
            ck_mlp_vjp(net, t, states.baseAddress!, count, parameters.baseAddress!, cotangents.baseAddress!,
                       stateCotangents.baseAddress!, parameterCotangent.baseAddress!)
        }
    }
}
