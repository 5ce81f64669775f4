import Foundation
import Testing
import ODE

@Suite("Butcher tableaux")
struct TableauTests {
    @Test("built-in list: unique names, expected FSAL and adaptivity")
    func list() {
        let names = ButcherTableau.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names == ["euler", "midpoint", "heun", "rk4", "heun_euler", "bs3", "dopri5", "tsit5", "dop853", "vern9"])
        let fsal = ButcherTableau.all.filter(\.isFSAL).map(\.name)
        #expect(fsal == ["bs3", "dopri5", "tsit5", "dop853"])
        let adaptive = ButcherTableau.all.filter(\.isAdaptive).map(\.name)
        #expect(adaptive == ["heun_euler", "bs3", "dopri5", "tsit5", "dop853", "vern9"])
        #expect(ButcherTableau.named("dop853")?.stageCount == 13)
        #expect(ButcherTableau.named("vern9")?.stageCount == 16)
        #expect(ButcherTableau.named("vern9")?.denseOutput.extraStages.count == 10)
    }

    @Test("row sums equal c, Σb = 1, error weights sum to 0", arguments: ButcherTableau.all)
    func consistency(tableau: ButcherTableau) {
        for j in 0..<tableau.stageCount {
            #expect(abs(tableau.a[j].reduce(0, +) - tableau.c[j]) < 1e-14, "row \(j)")
        }
        #expect(abs(tableau.b.reduce(0, +) - 1) < 1e-14)
        for e in [tableau.errorWeights, tableau.secondaryErrorWeights].compactMap({ $0 }) {
            #expect(abs(e.reduce(0, +)) < 1e-14)
        }
    }

    @Test("rooted trees: 1, 1, 2, 4, 9, 20, 48, 115, 286, 719 of orders 1…10 (OEIS A000081)")
    func treeCounts() {
        let trees = RootedTrees.all(upTo: 10)
        let counts = (1...10).map { order in trees.filter { $0.order == order }.count }
        #expect(counts == [1, 1, 2, 4, 9, 20, 48, 115, 286, 719])
    }

    @Test("order conditions hold up to the claimed order and fail above it", arguments: ButcherTableau.all)
    func orderConditions(tableau: ButcherTableau) {
        let trees = RootedTrees.all(upTo: tableau.order + 1)
        let residuals = RootedTrees.residuals(trees: trees, a: tableau.a, b: tableau.b)
        for (index, r) in residuals.enumerated() where r.order <= tableau.order {
            #expect(abs(r.residual) <= 1e-13 * max(1, r.scale), "tree \(index) of order \(r.order): \(r.residual)")
        }
        let above = residuals.filter { $0.order == tableau.order + 1 }.map { abs($0.residual) }.max() ?? 0
        #expect(above > 1e-6, "\(tableau.name) satisfies every order-\(tableau.order + 1) condition")
    }

    @Test("embedded solutions b̂ = b − e have their claimed order", arguments: ButcherTableau.all.filter(\.isAdaptive))
    func embeddedOrder(tableau: ButcherTableau) throws {
        let order = try #require(tableau.embeddedOrder)
        var estimates = [try #require(tableau.errorWeights)]
        if let secondary = tableau.secondaryErrorWeights { estimates.append(secondary) }
        for (k, e) in estimates.enumerated() {
            let bHat = zip(tableau.b, e).map { $0 - $1 }
            let claimed = k == 0 ? order : 3  // DOP853's secondary estimate is of order 3
            let residuals = RootedTrees.residuals(trees: RootedTrees.all(upTo: claimed), a: tableau.a, b: bHat)
            for r in residuals {
                #expect(abs(r.residual) <= 1e-13 * max(1, r.scale), "estimate \(k), order \(r.order): \(r.residual)")
            }
        }
    }

    @Test("polynomial interpolants satisfy the continuous order conditions Σ wⱼ(θ)Φⱼ(τ) = θ^|τ|/γ(τ) up to their order",
          arguments: ButcherTableau.all.filter { $0.denseOutput.kind == .polynomial })
    func interpolantOrderConditions(tableau: ButcherTableau) {
        // The extended tableau: the method's stages, then the interpolant's extra stages (Hairer, Nørsett & Wanner, §II.6).
        let dense = tableau.denseOutput, s = tableau.stageCount
        let a = tableau.a + dense.extraStages.map(\.a)
        let rows = a.count, trees = RootedTrees.all(upTo: dense.order + 1)
        for theta in [0.25, 0.5, 0.9] {
            var basis = [Double](repeating: 0, count: dense.degree)
            basis.withUnsafeMutableBufferPointer { dense.basis.values(theta: theta, count: dense.degree, into: $0.baseAddress!) }
            let w = (0..<rows).map { j in (0..<dense.degree).reduce(0.0) { $0 + dense.weights[j * dense.degree + $1] * basis[$1] } }
            // wⱼ(θ)/θ^|τ| are the weights of a quadrature whose conditions are those of b with 1/γ.
            let residuals = RootedTrees.residuals(trees: trees, a: a, b: w)
            var above = 0.0
            for (tree, r) in zip(trees, residuals) {
                let target = pow(theta, Double(tree.order)) / tree.gamma
                let residual = r.residual + 1 / tree.gamma - target
                if tree.order <= dense.order {
                    #expect(abs(residual) <= 1e-12 * max(1, r.scale), "θ = \(theta), tree of order \(tree.order): \(residual)")
                } else {
                    above = max(above, abs(residual))
                }
            }
            #expect(above > 1e-9, "\(tableau.name) at θ = \(theta) satisfies every order-\(dense.order + 1) condition")
        }
        #expect(rows == s + dense.extraStages.count)
    }

    @Test("dense output reproduces the step at θ = 0 and θ = 1", arguments: ButcherTableau.all)
    func denseEndpoints(tableau: ButcherTableau) {
        let field = LinearTestProblem()
        let stepper = RungeKuttaStepper(field: field, tableau: tableau)
        let y0 = LinearTestProblem.exact(0.3), h = 0.1
        let y1 = stepper.step(t: 0.3, h: h, y: y0)
        let n = 3
        var stored = [Double](repeating: 0, count: tableau.denseOutput.storedStageCount(methodStages: tableau.stageCount) * n)
        y0.withUnsafeBufferPointer { yp in
            [Double]().withUnsafeBufferPointer { pp in
                if tableau.denseOutput.kind == .cubicHermite {
                    var f1 = [Double](repeating: 0, count: n)
                    y1.withUnsafeBufferPointer { y1p in
                        f1.withUnsafeMutableBufferPointer { field.evaluate(t: 0.4, y: y1p, parameters: pp, into: $0) }
                    }
                    for i in 0..<n { stored[i] = stepper.stages[i]; stored[n + i] = f1[i] }
                } else {
                    stepper.computeExtraStages(t: 0.3, h: h, y: yp, parameters: pp)
                    for i in 0..<stored.count { stored[i] = stepper.stages[i] }
                }
            }
        }
        for (theta, expected) in [(0.0, y0), (1.0, y1)] {
            var out = [Double](repeating: 0, count: n)
            y0.withUnsafeBufferPointer { a in
                y1.withUnsafeBufferPointer { b in
                    stored.withUnsafeBufferPointer { k in
                        out.withUnsafeMutableBufferPointer {
                            tableau.denseOutput.interpolate(theta: theta, h: h, dimension: n, y0: a.baseAddress!,
                                                            y1: b.baseAddress!, stages: k.baseAddress!, into: $0.baseAddress!)
                        }
                    }
                }
            }
            #expect(maxAbsDifference(out, expected) < 4e-15, "θ = \(theta)")
        }
    }

    @Test("invalid tableaux are rejected with typed errors")
    func invalid() {
        #expect(throws: TableauError.rowSumMismatch(name: "bad", row: 1, rowSum: 0.4, c: 0.5)) {
            try ButcherTableau(name: "bad", order: 2, c: [0, 0.5], a: [[], [0.4]], b: [0, 1])
        }
        #expect(throws: TableauError.weightSumMismatch(name: "bad", sum: 0.9)) {
            try ButcherTableau(name: "bad", order: 2, c: [0, 0.5], a: [[], [0.5]], b: [0, 0.9])
        }
        #expect(throws: TableauError.errorWeightSumNonZero(name: "bad", sum: 0.5)) {
            try ButcherTableau(name: "bad", order: 2, c: [0, 0.5], a: [[], [0.5]], b: [0, 1], errorWeights: [0, 0.5])
        }
        #expect(throws: TableauError.self) {
            try ButcherTableau(name: "bad", order: 2, c: [0, 0.5], a: [[], [0.25, 0.25]], b: [0, 1])
        }
    }
}
