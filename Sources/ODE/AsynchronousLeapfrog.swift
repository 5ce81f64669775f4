/// The asynchronous leapfrog (ALF) integrator of Zhuang, Dvornek, Tatikonda & Duncan,
/// "MALI: A memory efficient and reverse accurate integrator for Neural ODEs" (ICLR 2021),
/// Algorithms 2 (step) and 3 (inverse), with the damping coefficient `η` of the published
/// code (TorchDiffEqPack's `sym12async`, where it is called `Lambda`; `η = 1` is plain ALF).
///
/// ALF integrates `dz/dt = f(t, z; p)` on the augmented state `(z, v)`, `v₀ = f(t₀, z₀)`.
/// One step of size `h` from `(t, z, v)`:
///
///     z½ = z + (h/2)·v
///     u  = f(t + h/2, z½)
///     v⁺ = v + 2η·(u − v)
///     z⁺ = z½ + (h/2)·v⁺
///
/// and it is exactly invertible (one evaluation of `f`, the same one):
///
///     z½ = z⁺ − (h/2)·v⁺,   u = f(t + h/2, z½),   v = (2η·u − v⁺)/(2η − 1),   z = z½ − (h/2)·v
///
/// so a backward pass can reconstruct every state from the final one instead of storing
/// it (MALI). The local error estimate is `(h/2)·(u − v)` on `z` (the published code's), of
/// order 2 in `h`, so the controller exponent is `1/2` (``errorEstimatorOrder`` = 1); the
/// propagated `z` is second order. `η = 1/2` is refused: the step is then not invertible, and
/// near it the inverse amplifies rounding by `1/|2η − 1|`.
///
/// The step writes into caller-owned buffers and allocates nothing.
public struct AsynchronousLeapfrog<Field: VectorField> {
    public let field: Field
    /// The damping coefficient `η ∈ (0, 1]`, `η ≠ 1/2` (1: undamped ALF, the published default).
    public let eta: Double

    /// The published code's `Lambda = 1`: undamped ALF.
    public static var defaultEta: Double { 1 }
    /// Order of the error estimate's leading term minus one (the controller's `q`).
    public static var errorEstimatorOrder: Int { 1 }
    /// Order of the propagated `z`.
    public static var order: Int { 2 }

    /// - Throws: `ODEError.invalidInput` when `eta` is outside `(0, 1]` or equal to `1/2`.
    public init(field: Field, eta: Double = 1) throws(ODEError) {
        guard eta > 0, eta <= 1, eta != 0.5 else {
            throw .invalidInput(.invalidSetting(
                name: "eta (ALF damping)", value: eta,
                requirement: "in (0, 1] and ≠ 0.5 (0.5 makes the step non-invertible); 1 is undamped ALF"))
        }
        self.field = field
        self.eta = eta
    }

    /// One forward step from `(t, z, v)`: writes `(z⁺, v⁺)` and the midpoint `z½` and slope
    /// `u = f(t + h/2, z½)` (the error estimate needs `u`). One evaluation of `f`.
    @inlinable
    public func step(t: Double, h: Double, z: UnsafePointer<Double>, v: UnsafePointer<Double>,
                     parameters: UnsafeBufferPointer<Double>,
                     zOut: UnsafeMutablePointer<Double>, vOut: UnsafeMutablePointer<Double>,
                     zHalf: UnsafeMutablePointer<Double>, u: UnsafeMutablePointer<Double>) {
        let n = field.dimension, half = 0.5 * h, twoEta = 2 * eta
        for i in 0..<n { zHalf[i] = z[i] + half * v[i] }
        field.evaluate(t: t + half, y: UnsafeBufferPointer(start: zHalf, count: n), parameters: parameters,
                       into: UnsafeMutableBufferPointer(start: u, count: n))
        for i in 0..<n {
            let vNew = v[i] + twoEta * (u[i] - v[i])
            vOut[i] = vNew
            zOut[i] = zHalf[i] + half * vNew
        }
    }

    /// The exact inverse of ``step(t:h:z:v:parameters:zOut:vOut:zHalf:u:)``: from the step's end
    /// `(z⁺, v⁺)` (and its start time `t` and size `h`) writes the start `(z, v)`, and the
    /// reconstructed midpoint `z½` and slope `u`. One evaluation of `f`. `zIn`/`vIn` may alias
    /// `z`/`v` (in-place inversion).
    @inlinable
    public func inverse(t: Double, h: Double, zIn: UnsafePointer<Double>, vIn: UnsafePointer<Double>,
                        parameters: UnsafeBufferPointer<Double>,
                        z: UnsafeMutablePointer<Double>, v: UnsafeMutablePointer<Double>,
                        zHalf: UnsafeMutablePointer<Double>, u: UnsafeMutablePointer<Double>) {
        let n = field.dimension, half = 0.5 * h, twoEta = 2 * eta, scale = 1 / (twoEta - 1)
        for i in 0..<n { zHalf[i] = zIn[i] - half * vIn[i] }
        field.evaluate(t: t + half, y: UnsafeBufferPointer(start: zHalf, count: n), parameters: parameters,
                       into: UnsafeMutableBufferPointer(start: u, count: n))
        for i in 0..<n {
            let vOld = (twoEta * u[i] - vIn[i]) * scale
            v[i] = vOld
            z[i] = zHalf[i] - half * vOld
        }
    }

    /// `err = ‖(h/2)(u − v) / sc‖_RMS` with `scᵢ = atol + rtol·max(|zᵢ|, |z⁺ᵢ|)` (the published estimate).
    @inlinable
    public func errorNorm(h: Double, v: UnsafePointer<Double>, u: UnsafePointer<Double>,
                          z: UnsafePointer<Double>, zOut: UnsafePointer<Double>, rtol: Double, atol: Double) -> Double {
        let n = field.dimension, half = 0.5 * h
        var sum = 0.0
        for i in 0..<n {
            let sc = atol + rtol * max(abs(z[i]), abs(zOut[i]))
            let e = half * (u[i] - v[i]) / sc
            sum += e * e
        }
        return n == 0 ? 0 : (sum / Double(n)).squareRoot()
    }
}

extension AsynchronousLeapfrog: Sendable where Field: Sendable {}
