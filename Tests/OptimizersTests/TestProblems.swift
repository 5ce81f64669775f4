/// Gradients of the reference file's three problems, evaluated in the order PyTorch's autograd evaluates them
/// (the reference used autograd on the named function), so that they agree to the last bit.
enum TestProblem {
    /// Rosenbrock f = (1 − x)² + 100(y − x²)².
    static func rosenbrock(_ p: [Double]) -> [Double] {
        let x = p[0], y = p[1]
        let inner = y - x * x
        let dy = 100 * (2 * inner)               // (100·(2·inner))
        let dx = -(2 * (1 - x)) + (-dy) * (2 * x)
        return [dx, dy]
    }

    /// f = Σ|xᵢ|, gradient sign(xᵢ) (0 at 0, as torch's sgn).
    static func absSum(_ p: [Double]) -> [Double] {
        p.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
    }

    /// f = ½Σ hᵢ(xᵢ − cᵢ)² + 0.1·x₀x₄ with h = (0.01, 0.1, 1, 10, 100), c = (1, −2, 0.5, 3, −1): an
    /// ill-conditioned quadratic with one coupling (identified from the reference's losses to 2e-16).
    static func illQuadratic(_ p: [Double]) -> [Double] {
        let h: [Double] = [0.01, 0.1, 1, 10, 100], c: [Double] = [1, -2, 0.5, 3, -1]
        var g = (0..<5).map { h[$0] * (p[$0] - c[$0]) }
        g[0] += 0.1 * p[4]
        g[4] += 0.1 * p[0]
        return g
    }

    static func gradient(_ name: String) -> ([Double]) -> [Double] {
        switch name {
        case "rosenbrock": return rosenbrock
        case "abs_sum": return absSum
        case "ill_quadratic": return illQuadratic
        default: fatalError("unknown problem \(name)")
        }
    }
}
