/// Four independent states ("lanes") of one system, each with its own time, state and
/// parameters, stored interleaved: component `i` of every lane is one `SIMD4<Double>`.
public typealias Lanes = SIMD4<Double>

/// A vector field that evaluates four independent states at once.
///
/// Lane `l` of the result must equal, bit for bit, `evaluate(t: t[l], y: lane l of y,
/// parameters: lane l of p)`: ``LaneIntegrator`` relies on it to give every trajectory the
/// same bytes as ``solve(_:from:to:initialState:parameters:method:stepSize:options:)``.
/// A field whose formula is written once over `SIMD4` with the same operations in the same
/// order as its scalar `evaluate` satisfies this (SIMD arithmetic is lane-wise IEEE arithmetic).
///
/// Why lanes: one adaptive Runge–Kutta solve is a chain of dependent stages (combination →
/// field → combination …), so a core mostly waits on latencies (division, square root,
/// store-to-load forwarding); four independent solves interleaved fill those waits.
public protocol LaneVectorField: VectorField {
    /// `dy[i] = f(t, y; p)[i]` for each lane, with `y[i]` (`0 ..< dimension`) and
    /// `parameters[j]` (`0 ..< parameterCount`) holding component `i` / parameter `j` of all lanes.
    func evaluateLanes(t: Lanes, y: UnsafePointer<Lanes>, parameters: UnsafePointer<Lanes>,
                       into dy: UnsafeMutablePointer<Lanes>)

    /// Eight states at once (``LaneIntegrator``'s AVX-512 layout): component `i` of lane `l` at
    /// `y[8i + l]`, parameter `j` of lane `l` at `parameters[8j + l]`, times `t[0..<8]`; lane `l`
    /// of the result must equal `evaluate` of lane `l` bit for bit. The default evaluates the two
    /// halves with ``evaluateLanes(t:y:parameters:into:)``.
    func evaluateWideLanes(t: UnsafePointer<Double>, y: UnsafePointer<Double>, parameters: UnsafePointer<Double>,
                           into dy: UnsafeMutablePointer<Double>)
}

extension LaneVectorField {
    /// Lane by lane through the scalar `evaluate` (exact by construction; a conforming field
    /// overrides it with a SIMD formula for speed).
    @inlinable
    public func evaluateLanes(t: Lanes, y: UnsafePointer<Lanes>, parameters: UnsafePointer<Lanes>,
                              into dy: UnsafeMutablePointer<Lanes>) {
        evaluateLaneByLane(t: t, y: y, parameters: parameters, into: dy)
    }

    @inlinable
    public func evaluateWideLanes(t: UnsafePointer<Double>, y: UnsafePointer<Double>, parameters: UnsafePointer<Double>,
                                  into dy: UnsafeMutablePointer<Double>) {
        evaluateWideLanesByHalves(t: t, y: y, parameters: parameters, into: dy)
    }

    /// Eight lanes as two calls of ``evaluateLanes(t:y:parameters:into:)`` on de-interleaved halves.
    @inlinable
    public func evaluateWideLanesByHalves(t: UnsafePointer<Double>, y: UnsafePointer<Double>, parameters: UnsafePointer<Double>,
                                          into dy: UnsafeMutablePointer<Double>) {
        let n = dimension, m = parameterCount, w = 2 * Lanes.scalarCount
        withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 2 * n + max(m, 1)) { scratch in
            let ys = scratch.baseAddress!, out = ys + n, ps = out + n
            for half in 0..<2 {
                let o = half * Lanes.scalarCount
                for i in 0..<n { for l in 0..<Lanes.scalarCount { ys[i][l] = y[i * w + o + l] } }
                for j in 0..<m { for l in 0..<Lanes.scalarCount { ps[j][l] = parameters[j * w + o + l] } }
                var tl = Lanes()
                for l in 0..<Lanes.scalarCount { tl[l] = t[o + l] }
                evaluateLanes(t: tl, y: ys, parameters: ps, into: out)
                for i in 0..<n { for l in 0..<Lanes.scalarCount { dy[i * w + o + l] = out[i][l] } }
            }
        }
    }

    /// The reference definition of ``evaluateLanes(t:y:parameters:into:)``: four scalar evaluations.
    @inlinable
    public func evaluateLaneByLane(t: Lanes, y: UnsafePointer<Lanes>, parameters: UnsafePointer<Lanes>,
                                   into dy: UnsafeMutablePointer<Lanes>) {
        let n = dimension, m = parameterCount
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * n + max(m, 1)) { scratch in
            let ys = scratch.baseAddress!, out = ys + n, ps = out + n
            for lane in 0..<Lanes.scalarCount {
                for i in 0..<n { ys[i] = y[i][lane] }
                for j in 0..<m { ps[j] = parameters[j][lane] }
                evaluate(t: t[lane], y: UnsafeBufferPointer(start: ys, count: n), parameters: UnsafeBufferPointer(start: ps, count: m),
                         into: UnsafeMutableBufferPointer(start: out, count: n))
                for i in 0..<n { dy[i][lane] = out[i] }
            }
        }
    }
}
