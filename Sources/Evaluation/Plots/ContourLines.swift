import Foundation

/// Contour lines of a function sampled on a regular grid, by marching squares: for each level, the line
/// segments where the bilinear interpolant crosses it. Saddle cells are resolved by the cell-centre value.
public struct ContourLines {
    /// One straight piece of a contour, in data coordinates.
    public struct Segment {
        public var x0, y0, x1, y1: Double
    }

    /// Grid abscissae (increasing), ordinates (increasing) and values `values[j][i] = f(xs[i], ys[j])`.
    public let xs: [Double]
    public let ys: [Double]
    public let values: [[Double]]

    /// Samples `f` on an `n × n` grid over the given ranges.
    public init(n: Int, x: ClosedRange<Double>, y: ClosedRange<Double>, _ f: (Double, Double) -> Double) {
        xs = (0..<n).map { x.lowerBound + (x.upperBound - x.lowerBound) * Double($0) / Double(n - 1) }
        ys = (0..<n).map { y.lowerBound + (y.upperBound - y.lowerBound) * Double($0) / Double(n - 1) }
        let xs = xs
        values = ys.map { yv in xs.map { xv in f(xv, yv) } }
    }

    /// `count` levels at evenly spaced quantiles of the sampled values (robust to the huge ranges of Beale
    /// and Rosenbrock), strictly between the minimum and the maximum, without duplicates.
    public func quantileLevels(_ count: Int) -> [Double] {
        let sorted = values.joined().filter(\.isFinite).sorted()
        guard sorted.count > 1 else { return [] }
        var levels: [Double] = []
        for k in 1...count {
            // Quantiles spaced more densely near the minimum, where the paths end.
            let q = pow(Double(k) / Double(count + 1), 2)
            let v = sorted[min(sorted.count - 1, Int(q * Double(sorted.count - 1)))]
            if levels.last != v && v > sorted.first! { levels.append(v) }
        }
        return levels
    }

    /// The segments of the level set `f = level`.
    public func segments(at level: Double) -> [Segment] {
        var out: [Segment] = []
        for j in 0..<(ys.count - 1) {
            for i in 0..<(xs.count - 1) {
                let v00 = values[j][i], v10 = values[j][i + 1], v11 = values[j + 1][i + 1], v01 = values[j + 1][i]
                guard v00.isFinite, v10.isFinite, v11.isFinite, v01.isFinite else { continue }
                // Crossing points on the four edges (bottom, right, top, left), where the sign changes.
                func cross(_ a: Double, _ b: Double, _ xa: Double, _ ya: Double, _ xb: Double, _ yb: Double)
                    -> (Double, Double)?
                {
                    guard (a < level) != (b < level) else { return nil }
                    let t = (level - a) / (b - a)
                    return (xa + t * (xb - xa), ya + t * (yb - ya))
                }
                let x0 = xs[i], x1 = xs[i + 1], y0 = ys[j], y1 = ys[j + 1]
                let edges = [
                    cross(v00, v10, x0, y0, x1, y0), cross(v10, v11, x1, y0, x1, y1),
                    cross(v11, v01, x1, y1, x0, y1), cross(v01, v00, x0, y1, x0, y0),
                ].compactMap { $0 }
                if edges.count == 2 {
                    out.append(Segment(x0: edges[0].0, y0: edges[0].1, x1: edges[1].0, y1: edges[1].1))
                } else if edges.count == 4 {
                    // Saddle: pair the crossings so that the centre's side stays connected.
                    let centreAbove = (v00 + v10 + v11 + v01) / 4 >= level
                    let lowerLeftAbove = v00 >= level
                    let (a, b, c, d) = centreAbove == lowerLeftAbove
                        ? (edges[0], edges[1], edges[2], edges[3]) : (edges[0], edges[3], edges[1], edges[2])
                    out.append(Segment(x0: a.0, y0: a.1, x1: b.0, y1: b.1))
                    out.append(Segment(x0: c.0, y0: c.1, x1: d.0, y1: d.1))
                }
            }
        }
        return out
    }
}
