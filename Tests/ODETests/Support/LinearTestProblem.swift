import Foundation
import ODE

/// `y' = A y + g(t)` with `g = y*' − A y*`, so `y(t) = y*(t) = (sin 2t, cos 3t, e^{−t/2})` exactly.
/// Non-autonomous, so the nodes `c` matter too.
struct LinearTestProblem: VectorField {
    let dimension = 3
    let parameterCount = 0
    static let a: [Double] = [-0.5, 2, 0, -2, -0.5, 0.3, 0.1, 0, -1]

    static func exact(_ t: Double) -> [Double] { [sin(2 * t), cos(3 * t), exp(-t / 2)] }
    static func exactDerivative(_ t: Double) -> [Double] { [2 * cos(2 * t), -3 * sin(3 * t), -0.5 * exp(-t / 2)] }

    func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                  into dy: UnsafeMutableBufferPointer<Double>) {
        let ys = Self.exact(t), dys = Self.exactDerivative(t)
        let a = Self.a
        for i in 0..<3 {
            var ay = 0.0, ays = 0.0
            for j in 0..<3 { ay += a[3 * i + j] * y[j]; ays += a[3 * i + j] * ys[j] }
            dy[i] = ay + dys[i] - ays
        }
    }
}

/// Least-squares slope of log(y) against log(x).
func logLogSlope(_ xs: [Double], _ ys: [Double]) -> Double {
    let lx = xs.map { log($0) }, ly = ys.map { log($0) }
    let mx = lx.reduce(0, +) / Double(lx.count), my = ly.reduce(0, +) / Double(ly.count)
    var num = 0.0, den = 0.0
    for (x, y) in zip(lx, ly) { num += (x - mx) * (y - my); den += (x - mx) * (x - mx) }
    return num / den
}

func maxAbsDifference<A: Collection<Double>, B: Collection<Double>>(_ a: A, _ b: B) -> Double {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}
