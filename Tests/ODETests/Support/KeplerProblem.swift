import Foundation
import ODE

/// The planar Kepler problem `r'' = −r/|r|³` (μ = 1) with state `(x, y, vx, vy)`.
struct KeplerField: VectorField {
    let dimension = 4
    let parameterCount = 0

    func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                  into dy: UnsafeMutableBufferPointer<Double>) {
        let r2 = y[0] * y[0] + y[1] * y[1]
        let inv = 1 / (r2 * r2.squareRoot())
        dy[0] = y[2]
        dy[1] = y[3]
        dy[2] = -y[0] * inv
        dy[3] = -y[1] * inv
    }
}

/// The exact orbit with semi-major axis 1, eccentricity `e`, starting at pericentre.
struct KeplerOrbit {
    let e: Double
    var initialState: [Double] { [1 - e, 0, 0, ((1 + e) / (1 - e)).squareRoot()] }
    var period: Double { 2 * Double.pi }

    /// Solves Kepler's equation `M = E − e sin E` by Newton's method.
    func state(at t: Double) -> [Double] {
        let m = t.truncatingRemainder(dividingBy: 2 * .pi)
        var big = e < 0.8 ? m : .pi
        for _ in 0..<50 {
            let delta = (big - e * sin(big) - m) / (1 - e * cos(big))
            big -= delta
            if abs(delta) < 1e-16 { break }
        }
        let b = (1 - e * e).squareRoot(), d = 1 - e * cos(big)
        return [cos(big) - e, b * sin(big), -sin(big) / d, b * cos(big) / d]
    }
}
