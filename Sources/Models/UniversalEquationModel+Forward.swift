import ODE

/// Forward mode through the composition: the input tape's tangents (with `ṫ`), each network's
/// Jacobian–vector product (input and weight tangents), then the main tape's tangent with
/// `[ṗ_real | network output tangents]` as its parameter tangent.
extension UniversalEquationModel {
    public func jacobianVectorProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                                      stateTangent: UnsafeBufferPointer<Double>, parameterTangent: UnsafeBufferPointer<Double>,
                                      into out: UnsafeMutableBufferPointer<Double>) {
        tangent(t: t, y: y.baseAddress!, parameters: p.baseAddress!, stateTangent: stateTangent.baseAddress,
                parameterTangent: parameterTangent.baseAddress, timeTangent: 0, into: out.baseAddress!)
    }

    public func timeDerivative(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                               into out: UnsafeMutableBufferPointer<Double>) {
        tangent(t: t, y: y.baseAddress!, parameters: p.baseAddress!, stateTangent: nil, parameterTangent: nil,
                timeTangent: 1, into: out.baseAddress!)
    }

    /// `∂f/∂y·ẏ + ∂f/∂θ·θ̇ + ∂f/∂t·ṫ` (nil tangents are zero).
    func tangent(t: Double, y: UnsafePointer<Double>, parameters p: UnsafePointer<Double>,
                 stateTangent: UnsafePointer<Double>?, parameterTangent: UnsafePointer<Double>?, timeTangent: Double,
                 into out: UnsafeMutablePointer<Double>) {
        let m = equationParameterCount, e = extendedCount, n = equations.networkInputCount
        // Scratch: extended values | extended tangents | inputs | input tangents.
        Scratch.withDoubles(2 * (e + n)) { extended in
            let extendedDot = extended + e, inputs = extendedDot + e, inputsDot = inputs + n
            for j in 0..<m {
                extended[j] = p[j]
                extendedDot[j] = parameterTangent?[j] ?? 0
            }
            equations.evaluateNetworkInputs(t: t, y: y, parameters: p, into: inputs)
            equations.networkInputsTangent(t: t, y: y, parameters: p, stateTangent: stateTangent, parameterTangent: parameterTangent,
                                           timeTangent: timeTangent, into: inputsDot)
            for (i, network) in equations.networks.enumerated() {
                networks[i].jacobianVectorProduct(inputs + network.inputOffset, parameters: p + weightOffsets[i],
                                                  inputTangent: inputsDot + network.inputOffset,
                                                  parameterTangent: parameterTangent.map { $0 + weightOffsets[i] },
                                                  into: extended + m + network.outputOffset,
                                                  tangent: extendedDot + m + network.outputOffset)
            }
            equations.tangent(t: t, y: y, parameters: extended, stateTangent: stateTangent, parameterTangent: extendedDot,
                              timeTangent: timeTangent, into: out)
        }
    }
}
