import LaneKernels
import ODE

extension SundmanNBodyGravity: LaneVectorField {
    /// Eight states at once (see ``LaneVectorField``): three bodies by the AVX-512 kernel where
    /// the CPU has it, else (and for other body counts) two halves of four.
    @inlinable
    public func evaluateWideLanes(t: UnsafePointer<Double>, y: UnsafePointer<Double>, parameters p: UnsafePointer<Double>,
                                  into dy: UnsafeMutablePointer<Double>) {
        if bodyCount == 3 && laneKernelsHaveAVX512 {
            orrery_lanes_three_body_sundman_avx512(y, p, gravity.softening * gravity.softening, dy)
            return
        }
        evaluateWideLanesByHalves(t: t, y: y, parameters: p, into: dy)
    }

    /// Four states at once: three bodies by the AVX2 kernel where the CPU has AVX2, else Swift SIMD
    /// (both the operations of ``evaluateThreeBodies(y:masses:g:eps2:into:)`` in order); other body
    /// counts lane by lane.
    @inlinable
    public func evaluateLanes(t: Lanes, y: UnsafePointer<Lanes>, parameters p: UnsafePointer<Lanes>,
                              into dy: UnsafeMutablePointer<Lanes>) {
        guard bodyCount == 3 else {
            evaluateLaneByLane(t: t, y: y, parameters: p, into: dy)
            return
        }
        if laneKernelsHaveAVX2 {
            orrery_lanes_three_body_sundman_avx2(UnsafeRawPointer(y).assumingMemoryBound(to: Double.self),
                                                 UnsafeRawPointer(p).assumingMemoryBound(to: Double.self),
                                                 gravity.softening * gravity.softening,
                                                 UnsafeMutableRawPointer(dy).assumingMemoryBound(to: Double.self))
            return
        }
        evaluateThreeBodyLanes(y: y, parameters: p, into: dy)
    }

    /// Three bodies in portable Swift SIMD.
    @inlinable
    public func evaluateThreeBodyLanes(y: UnsafePointer<Lanes>, parameters p: UnsafePointer<Lanes>,
                                       into dy: UnsafeMutablePointer<Lanes>) {
        let g = p[3], eps2 = Lanes(repeating: gravity.softening * gravity.softening)
        let x0 = y[0], y0 = y[1], z0 = y[2]
        let x1 = y[3], y1 = y[4], z1 = y[5]
        let x2 = y[6], y2 = y[7], z2 = y[8]
        let m0 = p[0], m1 = p[1], m2 = p[2]
        let dx01 = x1 - x0, dy01 = y1 - y0, dz01 = z1 - z0
        let dx02 = x2 - x0, dy02 = y2 - y0, dz02 = z2 - z0
        let dx12 = x2 - x1, dy12 = y2 - y1, dz12 = z2 - z1
        let s01 = dx01 * dx01 + dy01 * dy01 + dz01 * dz01 + eps2
        let s02 = dx02 * dx02 + dy02 * dy02 + dz02 * dz02 + eps2
        let s12 = dx12 * dx12 + dy12 * dy12 + dz12 * dz12 + eps2
        let i01 = g / (s01 * s01.squareRoot())
        let i02 = g / (s02 * s02.squareRoot())
        let i12 = g / (s12 * s12.squareRoot())
        let p01 = m0 * m1, p02 = m0 * m2, p12 = m1 * m2
        let w = (p01 * (i01 * s01) + p02 * (i02 * s02)) + p12 * (i12 * s12)
        let scale = (g * ((p01 + p02) + p12)) / w
        for k in 0..<9 { dy[k] = scale * y[9 + k] }
        let a01 = m1 * i01, a10 = m0 * i01, a02 = m2 * i02, a20 = m0 * i02, a12 = m2 * i12, a21 = m1 * i12
        dy[9] = scale * (a01 * dx01 + a02 * dx02)
        dy[10] = scale * (a01 * dy01 + a02 * dy02)
        dy[11] = scale * (a01 * dz01 + a02 * dz02)
        dy[12] = scale * (a12 * dx12 - a10 * dx01)
        dy[13] = scale * (a12 * dy12 - a10 * dy01)
        dy[14] = scale * (a12 * dz12 - a10 * dz01)
        dy[15] = scale * (-(a20 * dx02) - a21 * dx12)
        dy[16] = scale * (-(a20 * dy02) - a21 * dy12)
        dy[17] = scale * (-(a20 * dz02) - a21 * dz12)
        dy[18] = scale
    }
}
