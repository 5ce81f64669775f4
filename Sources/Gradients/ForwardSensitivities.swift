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
    if includeInitialState { propagator.seedInitialState() }
    func store(_ q: Int, from source: UnsafePointer<Double>) {
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
                for (x, q) in insideStep[i].enumerated() { store(q, from: propagator.denseTangent(x)) }
                if observationAt[i + 1] >= 0 { store(observationAt[i + 1], from: propagator.tangent) }
            }
        }
    }
    return SensitivityResult(
        loss: forward.loss, observedCount: forward.observedCount, predictions: forward.predictions, directionCount: m,
        sensitivities: sensitivities, functionEvaluations: solution.stats.functionEvaluations + propagator.evaluations,
        jacobianProducts: propagator.jacobianProducts, acceptedSteps: solution.stats.acceptedSteps)
}

/// Carries the tangent matrix through one replayed Runge–Kutta step at a time, over buffers
/// allocated once (one propagator per solve: it owns mutable state). All matrices are
/// column-major `m × n` (direction `c` at `c·n`).
final class TangentPropagator<Field: DifferentiableVectorField> {
    let field: Field
    let stepper: RungeKuttaStepper<Field>
    let n: Int, p: Int, m: Int, s: Int, rows: Int, size: Int
    /// Coupling rows of the method stages, then of the dense output's extra stages (dense `rows × rows`).
    let a: UnsafeMutablePointer<Double>
    let b: [Double], c: [Double]
    let dense: DenseOutput
    /// Method stages whose tangent a step needs (nonzero `b` or coupled into a later stage).
    let needed: [Bool]
    /// `∂z/∂θ` at the current checkpoint, and at the previous one (for dense output).
    let tangent: UnsafeMutablePointer<Double>
    let previous: UnsafeMutablePointer<Double>
    /// `dKⱼ` of every row.
    let stageTangents: UnsafeMutablePointer<Double>
    /// `[dF(t, y), dF(t + h, y⁺)]` for a cubic Hermite interpolant.
    let hermiteTangents: UnsafeMutablePointer<Double>
    /// Tangents at the dense thetas of the last `advance` (capacity grows as needed).
    var denseTangents: UnsafeMutablePointer<Double>
    var denseCapacity = 0
    let stageInput: UnsafeMutablePointer<Double>
    let yNew: UnsafeMutablePointer<Double>
    let jy: UnsafeMutablePointer<Double>, jp: UnsafeMutablePointer<Double>
    let unit: UnsafeMutablePointer<Double>, column: UnsafeMutablePointer<Double>
    let forwardMode: (any ForwardDifferentiableVectorField)?
    var evaluations = 0, jacobianProducts = 0

    init(field: Field, tableau: ButcherTableau, directions: Int) {
        self.field = field
        stepper = RungeKuttaStepper(field: field, tableau: tableau)
        n = field.dimension
        p = field.parameterCount
        m = directions
        s = tableau.stageCount
        size = directions * field.dimension
        dense = tableau.denseOutput
        let coupling = tableau.a + tableau.denseOutput.extraStages.map(\.a)
        rows = coupling.count
        a = .allocate(capacity: rows * rows)
        a.initialize(repeating: 0, count: rows * rows)
        for (j, row) in coupling.enumerated() { for (l, value) in row.enumerated() { a[j * rows + l] = value } }
        b = tableau.b
        c = tableau.c + tableau.denseOutput.extraStages.map(\.c)
        needed = (0..<tableau.stageCount).map { j in
            tableau.b[j] != 0 || ((j + 1)..<tableau.stageCount).contains { l in j < tableau.a[l].count && tableau.a[l][j] != 0 }
        }
        func zeros(_ count: Int) -> UnsafeMutablePointer<Double> {
            let pointer = UnsafeMutablePointer<Double>.allocate(capacity: max(count, 1))
            pointer.initialize(repeating: 0, count: max(count, 1))
            return pointer
        }
        tangent = zeros(size)
        previous = zeros(size)
        stageTangents = zeros(rows * size)
        hermiteTangents = zeros(2 * size)
        denseTangents = zeros(0)
        stageInput = zeros(size)
        yNew = zeros(n)
        jy = zeros(n * n)
        jp = zeros(n * p)
        unit = zeros(n)
        column = zeros(p)
        forwardMode = field as? any ForwardDifferentiableVectorField
    }

    deinit {
        for pointer in [a, tangent, previous, stageTangents, hermiteTangents, denseTangents, stageInput, yNew, jy, jp, unit, column] {
            pointer.deallocate()
        }
    }

    /// `∂y₀/∂y₀ = I` in the directions after the parameters.
    func seedInitialState() { for d in 0..<n { tangent[(p + d) * n + d] = 1 } }

    /// The tangent at the `x`-th dense theta of the last `advance`.
    func denseTangent(_ x: Int) -> UnsafePointer<Double> { UnsafePointer(denseTangents + x * size) }

    /// Replays the step `(t, h)` from `y`, replaces `tangent` by `∂z⁺/∂θ`, and fills the dense
    /// tangents at `denseThetas` (fractions of the step).
    func advance(t: Double, h: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                 denseThetas: [Double] = []) {
        evaluations += stepper.step(t: t, h: h, y: y, parameters: parameters, into: UnsafeMutableBufferPointer(start: yNew, count: n))
        let withDense = !denseThetas.isEmpty
        let polynomial = withDense && dense.kind == .polynomial
        if polynomial && rows > s {
            evaluations += stepper.computeExtraStages(t: t, h: h, y: y, parameters: parameters)
        }
        let computed = polynomial ? rows : s
        if withDense { previous.update(from: tangent, count: size) }
        for j in 0..<computed where j >= s || withDense || needed[j] {
            // dYⱼ = T + h Σ_{l<j} aⱼₗ dKₗ, then dKⱼ = J_y dYⱼ + J_p.
            stageInput.update(from: tangent, count: size)
            for l in 0..<j {
                let coefficient = a[j * rows + l]
                guard coefficient != 0 else { continue }
                let scale = h * coefficient, source = stageTangents + l * size
                for i in 0..<size { stageInput[i] += scale * source[i] }
            }
            jacobianTimes(UnsafePointer(stageInput), t: t + c[j] * h, y: UnsafePointer(stepper.stageInput(j)),
                          parameters: parameters, into: stageTangents + j * size)
        }
        // T⁺ = T + h Σ bⱼ dKⱼ
        for j in 0..<s where b[j] != 0 {
            let scale = h * b[j], source = stageTangents + j * size
            for i in 0..<size { tangent[i] += scale * source[i] }
        }
        guard withDense else { return }
        var stages = UnsafePointer(stageTangents)
        if dense.kind == .cubicHermite {
            // f at (t, y) is stage 0 of every explicit method; f at (t + h, y⁺) needs its own Jacobian.
            hermiteTangents.update(from: stageTangents, count: size)
            jacobianTimes(UnsafePointer(tangent), t: t + h, y: UnsafePointer(yNew), parameters: parameters, into: hermiteTangents + size)
            stages = UnsafePointer(hermiteTangents)
        }
        if denseThetas.count > denseCapacity {
            denseTangents.deallocate()
            denseCapacity = 2 * denseThetas.count
            denseTangents = .allocate(capacity: denseCapacity * size)
        }
        for (x, theta) in denseThetas.enumerated() {
            dense.interpolate(theta: theta, h: h, dimension: size, y0: previous, y1: tangent, stages: stages,
                              into: denseTangents + x * size)
        }
    }

    /// Writes `J_y(t, y)·input + J_p(t, y)` (`J_p` only in the first `p` directions) into `out`.
    @inline(__always)
    private func jacobianTimes(_ input: UnsafePointer<Double>, t: Double, y: UnsafePointer<Double>,
                               parameters: UnsafeBufferPointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let state = UnsafeBufferPointer(start: y, count: n)
        if let forwardMode {
            for direction in 0..<m {
                if direction < p { column[direction] = 1 }
                forwardMode.jacobianVectorProduct(
                    t: t, y: state, parameters: parameters, stateTangent: UnsafeBufferPointer(start: input + direction * n, count: n),
                    parameterTangent: UnsafeBufferPointer(start: column, count: p),
                    into: UnsafeMutableBufferPointer(start: out + direction * n, count: n))
                if direction < p { column[direction] = 0 }
            }
            jacobianProducts += m
            return
        }
        // The Jacobian's rows from `dimension` VJPs.
        jy.update(repeating: 0, count: n * n)
        jp.update(repeating: 0, count: n * p)
        for r in 0..<n {
            unit[r] = 1
            field.vectorJacobianProduct(
                t: t, y: state, parameters: parameters, cotangent: UnsafeBufferPointer(start: unit, count: n),
                stateCotangent: UnsafeMutableBufferPointer(start: jy + r * n, count: n),
                parameterCotangent: UnsafeMutableBufferPointer(start: jp + r * p, count: p))
            unit[r] = 0
        }
        jacobianProducts += n
        for direction in 0..<m {
            let column = input + direction * n, target = out + direction * n
            for r in 0..<n {
                var sum = direction < p ? jp[r * p + direction] : 0
                let row = jy + r * n
                for q in 0..<n { sum += row[q] * column[q] }
                target[r] = sum
            }
        }
    }
}
