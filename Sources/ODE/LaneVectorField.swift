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
}

extension LaneVectorField {
    /// Lane by lane through the scalar `evaluate` (exact by construction; a conforming field
    /// overrides it with a SIMD formula for speed).
    @inlinable
    public func evaluateLanes(t: Lanes, y: UnsafePointer<Lanes>, parameters: UnsafePointer<Lanes>,
                              into dy: UnsafeMutablePointer<Lanes>) {
        evaluateLaneByLane(t: t, y: y, parameters: parameters, into: dy)
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
