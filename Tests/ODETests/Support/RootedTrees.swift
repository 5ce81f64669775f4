/// Rooted trees and the Runge–Kutta order conditions `Σ bᵢ Φᵢ(τ) = 1/γ(τ)`
/// (Butcher; Hairer, Nørsett & Wanner, Solving ODEs I, §II.2).
struct RootedTree {
    /// Indices of the child subtrees in the generated list (a multiset, non-increasing).
    let children: [Int]
    let order: Int
    /// Density γ(τ) = |τ| · Π γ(children).
    let gamma: Double
}

enum RootedTrees {
    /// Every rooted tree with at most `maxOrder` nodes, by increasing order.
    static func all(upTo maxOrder: Int) -> [RootedTree] {
        var trees = [RootedTree(children: [], order: 1, gamma: 1)]
        guard maxOrder > 1 else { return trees }
        for order in 2...maxOrder {
            let existing = trees
            var forests: [[Int]] = []
            func grow(_ remaining: Int, _ maxIndex: Int, _ current: [Int]) {
                if remaining == 0 { forests.append(current); return }
                var i = maxIndex
                while i >= 0 {
                    if existing[i].order <= remaining { grow(remaining - existing[i].order, i, current + [i]) }
                    i -= 1
                }
            }
            grow(order - 1, existing.count - 1, [])
            for children in forests {
                let gamma = children.reduce(Double(order)) { $0 * existing[$1].gamma }
                trees.append(RootedTree(children: children, order: order, gamma: gamma))
            }
        }
        return trees
    }

    /// For each tree, the residual `Σ bᵢΦᵢ(τ) − 1/γ(τ)` and the scale `Σ|bᵢΦᵢ(τ)|`.
    static func residuals(trees: [RootedTree], a: [[Double]], b: [Double]) -> [(order: Int, residual: Double, scale: Double)] {
        let s = b.count
        var phi: [[Double]] = []  // Φ(τ) per tree
        var aPhi: [[Double]] = [] // A·Φ(τ)
        var result: [(Int, Double, Double)] = []
        for tree in trees {
            var v = [Double](repeating: 1, count: s)
            for child in tree.children {
                for i in 0..<s { v[i] *= aPhi[child][i] }
            }
            var w = [Double](repeating: 0, count: s)
            for i in 0..<s { for l in 0..<i { w[i] += a[i][l] * v[l] } }
            phi.append(v)
            aPhi.append(w)
            var sum = 0.0, scale = 0.0
            for i in 0..<s { sum += b[i] * v[i]; scale += abs(b[i] * v[i]) }
            result.append((tree.order, sum - 1 / tree.gamma, scale))
        }
        return result
    }
}
