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
/// The forward solve lands on the observation times (``ObservationMode/stepOnObservations``,
/// whatever `problem.observationMode` says). Then each accepted step is replayed from its
/// checkpoint and the tangent matrix `T = ∂zᵢ/∂θ` (dimension × m) is carried through the stages:
/// `dYⱼ = T + h Σ_{l<j} aⱼₗ dKₗ`, `dKⱼ = J_y(Yⱼ) dYⱼ + J_p(Yⱼ)`, `T⁺ = T + h Σ bⱼ dKⱼ`.
/// The stage Jacobians come from the field's JVPs when it is a ``ForwardDifferentiableVectorField``
/// (m products per stage) and from `dimension` VJPs otherwise (its rows). Cost grows with
/// `dimension × m`: meant for models with few parameters (Levenberg–Marquardt).
public func computeSensitivities<Field: DifferentiableVectorField>(
    _ problem: GradientProblem<Field>, includeInitialState: Bool
) throws(ODEError) -> SensitivityResult {
    var problem = problem
    problem.observationMode = .stepOnObservations
    try problem.validate()
    let forward = try ForwardPass(problem)
    let field = problem.field, n = field.dimension, p = field.parameterCount
    let m = p + (includeInitialState ? n : 0)
    let k = problem.observations.count
    let solution = forward.solution
    var observationAt = [Int](repeating: -1, count: solution.times.count)
    for q in 0..<k {
        let j = forward.placement.checkpoint[q]
        guard j >= 0 else { throw .invalidInput(.invalidSetting(name: "observations.times[\(q)]", value: problem.observations.times[q], requirement: "a step end (the solve lands on every observation)")) }
        observationAt[j] = q
    }
    var sensitivities = [Double](repeating: 0, count: k * n * m)
    let propagator = TangentPropagator(field: field, tableau: problem.tableau, directions: m)
    if includeInitialState { for d in 0..<n { propagator.tangent[(p + d) * n + d] = 1 } }
    func record(checkpoint j: Int) {
        let q = observationAt[j]
        guard q >= 0 else { return }
        for d in 0..<n { for c in 0..<m { sensitivities[(q * n + d) * m + c] = propagator.tangent[c * n + d] } }
    }
    record(checkpoint: 0)
    problem.parameters.withUnsafeBufferPointer { parameters in
        solution.states.withUnsafeBufferPointer { states in
            for i in 0..<solution.stepCount {
                propagator.advance(t: solution.times[i], h: solution.stepSizes[i],
                                   y: UnsafeBufferPointer(rebasing: states[(i * n)..<((i + 1) * n)]), parameters: parameters)
                record(checkpoint: i + 1)
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
    let a: [[Double]], b: [Double]
    /// Method stages whose tangent is needed (nonzero `b` or coupled into a later stage).
    let needed: [Bool]
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
        a = tableau.a
        b = tableau.b
        needed = (0..<tableau.stageCount).map { j in
            tableau.b[j] != 0 || ((j + 1)..<tableau.stageCount).contains { l in j < tableau.a[l].count && tableau.a[l][j] != 0 }
        }
        tangent = [Double](repeating: 0, count: m * n)
        stageTangents = [Double](repeating: 0, count: s * m * n)
        stageInput = [Double](repeating: 0, count: m * n)
        yNew = [Double](repeating: 0, count: n)
        jy = [Double](repeating: 0, count: n * n)
        jp = [Double](repeating: 0, count: n * max(p, 1))
        unit = [Double](repeating: 0, count: n)
        column = [Double](repeating: 0, count: max(p, 1))
        forwardMode = field as? any ForwardDifferentiableVectorField
    }

    /// Replays the step `(t, h)` from `y` and replaces `tangent` by `∂z⁺/∂θ`.
    func advance(t: Double, h: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>) {
        evaluations += yNew.withUnsafeMutableBufferPointer { stepper.step(t: t, h: h, y: y, parameters: parameters, into: $0) }
        let size = m * n
        for j in 0..<s where needed[j] {
            // dYⱼ = T + h Σ_{l<j} aⱼₗ dKₗ
            for i in 0..<size { stageInput[i] = tangent[i] }
            for (l, coefficient) in a[j].enumerated() where coefficient != 0 {
                let scale = h * coefficient, offset = l * size
                for i in 0..<size { stageInput[i] += scale * stageTangents[offset + i] }
            }
            let tj = t + stepper.tableau.c[j] * h
            let yj = UnsafeBufferPointer(start: UnsafePointer(stepper.stageInput(j)), count: n)
            if let forwardMode {
                stageJVPs(forwardMode, t: tj, y: yj, parameters: parameters, stage: j)
            } else {
                stageByRows(t: tj, y: yj, parameters: parameters, stage: j)
            }
        }
        // T⁺ = T + h Σ bⱼ dKⱼ
        for j in 0..<s where b[j] != 0 {
            let scale = h * b[j], offset = j * size
            for i in 0..<size { tangent[i] += scale * stageTangents[offset + i] }
        }
    }

    /// `dKⱼ` column by column from the field's JVPs.
    private func stageJVPs<F: ForwardDifferentiableVectorField>(
        _ forward: F, t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>, stage j: Int
    ) {
        let offset = j * m * n
        for c in 0..<m {
            if c < p { column[c] = 1 }
            stageInput.withUnsafeBufferPointer { dy in
                column.withUnsafeBufferPointer { dp in
                    stageTangents.withUnsafeMutableBufferPointer { out in
                        forward.jacobianVectorProduct(
                            t: t, y: y, parameters: parameters,
                            stateTangent: UnsafeBufferPointer(rebasing: dy[(c * n)..<((c + 1) * n)]),
                            parameterTangent: UnsafeBufferPointer(rebasing: dp[0..<p]),
                            into: UnsafeMutableBufferPointer(rebasing: out[(offset + c * n)..<(offset + (c + 1) * n)]))
                    }
                }
            }
            if c < p { column[c] = 0 }
        }
        jacobianProducts += m
    }

    /// `dKⱼ = J_y dYⱼ + J_p` with the Jacobian's rows from `dimension` VJPs.
    private func stageByRows(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>, stage j: Int) {
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
        let offset = j * m * n
        for c in 0..<m {
            for r in 0..<n {
                var sum = c < p ? jp[r * p + c] : 0
                for q in 0..<n { sum += jy[r * n + q] * stageInput[c * n + q] }
                stageTangents[offset + c * n + r] = sum
            }
        }
    }
}
