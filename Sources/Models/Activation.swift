import CKernels
import Foundation

/// A smooth scalar activation for ``MLPVectorField``, with its value and derivative.
///
/// All three are C^∞, so a neural vector field built from them is smooth and the
/// adaptive solvers' error estimates (which assume a smooth right-hand side) hold:
/// - `tanh`: the activation of Chen et al. 2018 (neural ODEs); σ' = 1 − σ².
/// - `softplus`: log(1 + eᶻ), evaluated stably as max(z, 0) + log1p(e^{−|z|}); σ' = logistic(z).
/// - `silu`: z · logistic(z) (Hendrycks & Gimpel 2016, "swish" in Ramachandran et al. 2017);
///   σ' = s (1 + z (1 − s)) with s = logistic(z).
///
/// The scalar ``value(_:)``/``derivative(_:)`` use libm. The array forms used by the networks
/// (`apply`, `multiplyByDerivative`) run the vectorized kernels of `CKernels` (AVX2+FMA when the
/// CPU has them), accurate to a few ulp over the whole double range (see `CKernels.h`), so they
/// may differ from the scalar forms in the last bits.
public enum Activation: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    case tanh
    case softplus
    case silu

    public var description: String { rawValue }

    /// σ(z).
    @inlinable
    public func value(_ z: Double) -> Double {
        switch self {
        case .tanh: return Foundation.tanh(z)
        case .softplus: return Activation.softplus(z)
        case .silu: return z * Activation.logistic(z)
        }
    }

    /// σ'(z).
    @inlinable
    public func derivative(_ z: Double) -> Double {
        derivative(z, value: value(z))
    }

    /// σ'(z) given `h = σ(z)` already computed (tanh then needs no transcendental call).
    @inlinable
    public func derivative(_ z: Double, value h: Double) -> Double {
        switch self {
        case .tanh: return 1 - h * h
        case .softplus: return Activation.logistic(z)
        case .silu:
            let s = Activation.logistic(z)
            return s + z * s * (1 - s)
        }
    }

    /// The activation's code in `CKernels` (`CK_TANH`, `CK_SOFTPLUS`, `CK_SILU`).
    @inlinable
    var kernelCode: Int32 {
        switch self {
        case .tanh: return Int32(CK_TANH)
        case .softplus: return Int32(CK_SOFTPLUS)
        case .silu: return Int32(CK_SILU)
        }
    }

    /// Applies σ in place to `count` values (vectorized kernel).
    @inlinable
    func apply(_ z: UnsafeMutablePointer<Double>, count: Int) {
        ck_activation_forward(kernelCode, z, z, count)
    }

    /// Writes σ(z) into `h` for `count` values (vectorized kernel).
    @inlinable
    func apply(_ z: UnsafePointer<Double>, into h: UnsafeMutablePointer<Double>, count: Int) {
        ck_activation_forward(kernelCode, z, h, count)
    }

    /// Multiplies `g` in place by σ'(z), given z and h = σ(z) (vectorized kernel).
    @inlinable
    func multiplyByDerivative(_ g: UnsafeMutablePointer<Double>, z: UnsafePointer<Double>, h: UnsafePointer<Double>, count: Int) {
        ck_activation_backward(kernelCode, g, z, h, count)
    }

    /// 1 / (1 + e^{−z}), without overflow for large |z|.
    @inlinable
    static func logistic(_ z: Double) -> Double {
        if z >= 0 { return 1 / (1 + exp(-z)) }
        let e = exp(z)
        return e / (1 + e)
    }

    /// log(1 + eᶻ), without overflow for large z and without cancellation for negative z.
    @inlinable
    static func softplus(_ z: Double) -> Double {
        max(z, 0) + log1p(exp(-abs(z)))
    }
}
