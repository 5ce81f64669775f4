import ODE

/// The predictions of a solve and their derivatives with respect to the parameters and
/// (optionally) the initial state: the residual Jacobian that least-squares fits need.
public struct SensitivityResult: Sendable {
    /// The masked, weighted mean squared error of the predictions (as ``GradientResult/loss``).
    public var loss: Double
    public var observedCount: Int
    /// Predicted states at the observation times, row-major `K × dimension`.
    public var predictions: [Double]
    /// Directions differentiated: the field's parameters, then (if asked) the initial state's components.
    public var directionCount: Int
    /// `∂ŷ_{k,d}/∂θⱼ`, row-major `K × dimension × directionCount`.
    public var sensitivities: [Double]
    /// Evaluations of `f` (forward solve and replay) and Jacobian products (JVPs or VJPs) spent.
    public var functionEvaluations: Int
    public var jacobianProducts: Int
    public var acceptedSteps: Int
}

/// Forward sensitivities of the discrete solve: `∂ŷ(τₖ)/∂p` and `∂ŷ(τₖ)/∂y₀` by differentiating
/// each accepted Runge–Kutta step in forward mode (the variational equations discretised by the
/// same method, step sizes frozen — what ACA differentiates, so `Sᵀ·∂L/∂ŷ` equals ACA's gradient
/// to rounding).
///
/// After the forward solve, each accepted step is replayed from its checkpoint and the tangent
/// matrix `T = ∂zᵢ/∂θ` (dimension × m) is carried through the stages:
/// `dYⱼ = T + h Σ_{l<j} aⱼₗ dKₗ`, `dKⱼ = J_y(Yⱼ) dYⱼ + J_p(Yⱼ)`, `T⁺ = T + h Σ bⱼ dKⱼ`.
/// Observations read from dense output (``ObservationMode/denseOutput``) get the interpolant's
/// tangent: it is linear in `(yᵢ, yᵢ₊₁, kⱼ)`, so the same interpolant applied to `(T, T⁺, dKⱼ)`
/// (extra dense-output stages included) is exact.
/// The stage Jacobians come from the field's JVPs when it is a ``ForwardDifferentiableVectorField``
/// (m products per stage) and from `dimension` VJPs otherwise (its rows). Cost grows with
/// `dimension × m`: meant for models with few parameters (Levenberg–Marquardt).
public func computeSensitivities<Field: DifferentiableVectorField>(
    _ problem: GradientProblem<Field>, includeInitialState: Bool
) throws(ODEError) -> SensitivityResult {
    try problem.validate()
    let forward = try ForwardPass(problem)
    let field = problem.field, n = field.dimension, p = field.parameterCount
    let m = p + (includeInitialState ? n : 0)
    let k = problem.observations.count
    let solution = forward.solution, placement = forward.placement
    var observationAt = [Int](repeating: -1, count: solution.times.count)
    var insideStep = [[Int]](repeating: [], count: solution.stepCount)
    for q in 0..<k {
        if placement.checkpoint[q] >= 0 { observationAt[placement.checkpoint[q]] = q } else { insideStep[placement.step[q]].append(q) }
    }
    var sensitivities = [Double](repeating: 0, count: k * n * m)
    let propagator = TangentPropagator(field: field, tableau: problem.tableau, directions: m)
    if includeInitialState { for d in 0..<n { propagator.tangent[(p + d) * n + d] = 1 } }
    func store(_ q: Int, from source: [Double]) {
        for d in 0..<n { for c in 0..<m { sensitivities[(q * n + d) * m + c] = source[c * n + d] } }
    }
    if observationAt[0] >= 0 { store(observationAt[0], from: propagator.tangent) }
    problem.parameters.withUnsafeBufferPointer { parameters in
        solution.states.withUnsafeBufferPointer { states in
            for i in 0..<solution.stepCount {
                let t = solution.times[i], h = solution.stepSizes[i]
                let thetas = insideStep[i].map { (problem.observations.times[$0] - t) / h }
                propagator.advance(t: t, h: h, y: UnsafeBufferPointer(rebasing: states[(i * n)..<((i + 1) * n)]),
                                   parameters: parameters, denseThetas: thetas)
                for (x, q) in insideStep[i].enumerated() { store(q, from: propagator.denseTangents[x]) }
                if observationAt[i + 1] >= 0 { store(observationAt[i + 1], from: propagator.tangent) }
            }
        }
    }
    return SensitivityResult(
        loss: forward.loss, observedCount: forward.observedCount, predictions: forward.predictions, directionCount: m,
        sensitivities: sensitivities, functionEvaluations: solution.stats.functionEvaluations + propagator.evaluations,
        jacobianProducts: propagator.jacobianProducts, acceptedSteps: solution.stats.acceptedSteps)
}

/// Carries the tangent matrix through one replayed Runge–Kutta step at a time, over
/// preallocated buffers (one per solve: it owns mutable state).
final class TangentPropagator<Field: DifferentiableVectorField> {
    let field: Field
    let stepper: RungeKuttaStepper<Field>
    let n: Int, p: Int, m: Int, s: Int
    /// Coupling rows of the method stages, then of the dense output's extra stages.
    let a: [[Double]], b: [Double], c: [Double]
    let dense: DenseOutput
    /// Method stages whose tangent a step needs (nonzero `b` or coupled into a later stage).
    let needed: [Bool]
    /// Tangents at the dense thetas of the last `advance`, each column-major `m × n`.
    var denseTangents: [[Double]] = []
    /// `[dF(t, y), dF(t + h, y⁺)]` for a cubic Hermite interpolant.
    var hermiteTangents: [Double]
    /// `∂z/∂θ`, column-major `m × n` (column `c` at `c·n`).
    var tangent: [Double]
    /// `dKⱼ` of every stage, each column-major `m × n`.
    var stageTangents: [Double]
    var stageInput: [Double], yNew: [Double]
    var jy: [Double], jp: [Double], unit: [Double], column: [Double]
    let forwardMode: (any ForwardDifferentiableVectorField)?
    var evaluations = 0, jacobianProducts = 0

    init(field: Field, tableau: ButcherTableau, directions: Int) {
        self.field = field
        stepper = RungeKuttaStepper(field: field, tableau: tableau)
        n = field.dimension
        p = field.parameterCount
        m = directions
        s = tableau.stageCount
        dense = tableau.denseOutput
        a = tableau.a + tableau.denseOutput.extraStages.map(\.a)
        b = tableau.b
        c = tableau.c + tableau.denseOutput.extraStages.map(\.c)
        hermiteTangents = [Double](repeating: 0, count: 2 * directions * field.dimension)
        needed = (0..<tableau.stageCount).map { j in
            tableau.b[j] != 0 || ((j + 1)..<tableau.stageCount).contains { l in j < tableau.a[l].count && tableau.a[l][j] != 0 }
        }
        tangent = [Double](repeating: 0, count: m * n)
        stageTangents = [Double](repeating: 0, count: a.count * m * n)
        stageInput = [Double](repeating: 0, count: m * n)
        yNew = [Double](repeating: 0, count: n)
        jy = [Double](repeating: 0, count: n * n)
        jp = [Double](repeating: 0, count: n * max(p, 1))
        unit = [Double](repeating: 0, count: n)
        column = [Double](repeating: 0, count: max(p, 1))
        forwardMode = field as? any ForwardDifferentiableVectorField
    }

    /// Replays the step `(t, h)` from `y`, replaces `tangent` by `∂z⁺/∂θ`, and fills
    /// `denseTangents` with the interpolant's tangents at `denseThetas` (fractions of the step).
    func advance(t: Double, h: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                 denseThetas: [Double] = []) {
        evaluations += yNew.withUnsafeMutableBufferPointer { stepper.step(t: t, h: h, y: y, parameters: parameters, into: $0) }
        let size = m * n
        let withDense = !denseThetas.isEmpty
        let polynomial = withDense && dense.kind == .polynomial
        if polynomial && a.count > s {
            evaluations += stepper.computeExtraStages(t: t, h: h, y: y, parameters: parameters)
        }
        let rows = polynomial ? a.count : s
        let previous = withDense ? tangent : []
        for j in 0..<rows where needed[min(j, s - 1)] || j >= s || withDense {
            stageTangent(j, t: t, h: h, parameters: parameters)
        }
        // T⁺ = T + h Σ bⱼ dKⱼ
        for j in 0..<s where b[j] != 0 {
            let scale = h * b[j], offset = j * size
            for i in 0..<size { tangent[i] += scale * stageTangents[offset + i] }
        }
        guard withDense else { return }
        var stagesForDense = stageTangents
        if dense.kind == .cubicHermite {
            // f at (t, y) is stage 0 for every explicit method; f at (t + h, y⁺) needs its own Jacobian.
            for i in 0..<size { hermiteTangents[i] = stageTangents[i] }
            let end = yNew, input = tangent
            end.withUnsafeBufferPointer { end in
                input.withUnsafeBufferPointer { input in
                    hermiteTangents.withUnsafeMutableBufferPointer { out in
                        jacobianTimes(input, t: t + h, y: end, parameters: parameters,
                                      into: UnsafeMutableBufferPointer(rebasing: out[size..<(2 * size)]))
                    }
                }
            }
            stagesForDense = hermiteTangents
        }
        denseTangents = denseThetas.map { theta in
            var out = [Double](repeating: 0, count: size)
            previous.withUnsafeBufferPointer { y0 in
                tangent.withUnsafeBufferPointer { y1 in
                    stagesForDense.withUnsafeBufferPointer { k in
                        out.withUnsafeMutableBufferPointer { o in
                            dense.interpolate(theta: theta, h: h, dimension: size, y0: y0.baseAddress!, y1: y1.baseAddress!,
                                              stages: k.baseAddress!, into: o.baseAddress!)
                        }
                    }
                }
            }
            return out
        }
    }

    /// `dKⱼ` of row `j` (method or extra stage) from the earlier rows' tangents.
    private func stageTangent(_ j: Int, t: Double, h: Double, parameters: UnsafeBufferPointer<Double>) {
        let size = m * n
        // dYⱼ = T + h Σ_{l<j} aⱼₗ dKₗ
        for i in 0..<size { stageInput[i] = tangent[i] }
        for (l, coefficient) in a[j].enumerated() where coefficient != 0 {
            let scale = h * coefficient, offset = l * size
            for i in 0..<size { stageInput[i] += scale * stageTangents[offset + i] }
        }
        let yj = UnsafeBufferPointer(start: UnsafePointer(stepper.stageInput(j)), count: n)
        let input = stageInput
        input.withUnsafeBufferPointer { input in
            stageTangents.withUnsafeMutableBufferPointer { out in
                jacobianTimes(input, t: t + c[j] * h, y: yj, parameters: parameters,
                              into: UnsafeMutableBufferPointer(rebasing: out[(j * size)..<((j + 1) * size)]))
            }
        }
    }

    /// Writes `J_y(t, y)·input + J_p(t, y)` (both column-major `m × n`; `J_p` only in the first
    /// `p` columns) into `out`.
    private func jacobianTimes(_ input: UnsafeBufferPointer<Double>, t: Double, y: UnsafeBufferPointer<Double>,
                               parameters: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        if let forwardMode {
            jacobianVectorProducts(forwardMode, input, t: t, y: y, parameters: parameters, into: out)
        } else {
            jacobianByRows(input, t: t, y: y, parameters: parameters, into: out)
        }
    }

    /// Column by column from the field's JVPs.
    private func jacobianVectorProducts<F: ForwardDifferentiableVectorField>(
        _ forward: F, _ input: UnsafeBufferPointer<Double>, t: Double, y: UnsafeBufferPointer<Double>,
        parameters: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>
    ) {
        for c in 0..<m {
            if c < p { column[c] = 1 }
            column.withUnsafeBufferPointer { dp in
                forward.jacobianVectorProduct(
                    t: t, y: y, parameters: parameters, stateTangent: UnsafeBufferPointer(rebasing: input[(c * n)..<((c + 1) * n)]),
                    parameterTangent: UnsafeBufferPointer(rebasing: dp[0..<p]),
                    into: UnsafeMutableBufferPointer(rebasing: out[(c * n)..<((c + 1) * n)]))
            }
            if c < p { column[c] = 0 }
        }
        jacobianProducts += m
    }

    /// With the Jacobian's rows from `dimension` VJPs.
    private func jacobianByRows(_ input: UnsafeBufferPointer<Double>, t: Double, y: UnsafeBufferPointer<Double>,
                                parameters: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<(n * n) { jy[i] = 0 }
        for i in 0..<(n * p) { jp[i] = 0 }
        for r in 0..<n {
            unit[r] = 1
            unit.withUnsafeBufferPointer { v in
                jy.withUnsafeMutableBufferPointer { gy in
                    jp.withUnsafeMutableBufferPointer { gp in
                        field.vectorJacobianProduct(
                            t: t, y: y, parameters: parameters, cotangent: v,
                            stateCotangent: UnsafeMutableBufferPointer(rebasing: gy[(r * n)..<((r + 1) * n)]),
                            parameterCotangent: UnsafeMutableBufferPointer(rebasing: gp[(r * p)..<((r + 1) * p)]))
                    }
                }
            }
            unit[r] = 0
        }
        jacobianProducts += n
        jy.withUnsafeBufferPointer { jy in
            jp.withUnsafeBufferPointer { jp in
                for c in 0..<m {
                    for r in 0..<n {
                        var sum = c < p ? jp[r * p + c] : 0
                        for q in 0..<n { sum += jy[r * n + q] * input[c * n + q] }
                        out[c * n + r] = sum
                    }
                }
            }
        }
    }
}
