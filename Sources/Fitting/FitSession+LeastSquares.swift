import Gradients
import ODE
import Optimizers

/// The fit's residuals as a least-squares problem in the optimizer's variables `u`:
/// `r(θ(u))` with `∂r/∂u = ∂r/∂θ · diag(dθ/du)`, the Jacobian from forward sensitivities.
struct TransformedResiduals<Field: DifferentiableVectorField & Sendable>: LeastSquaresProblem {
    let objective: FitObjective<Field>
    let transforms: ParameterTransforms
    /// Function evaluations spent (reference: the session reads it per iteration).
    let counter: EvaluationCounter

    var parameterCount: Int { objective.count }

    func residuals(at x: [Double]) throws -> [Double] {
        counter.residualCalls += 1
        return try objective.residuals(transforms.external(x))
    }

    func jacobian(at x: [Double]) throws -> [Double] {
        let (_, jacobian, evaluations) = try objective.residualsAndJacobian(transforms.external(x))
        counter.evaluations += evaluations
        let p = parameterCount, scale = transforms.derivatives(x)
        var scaled = jacobian
        for row in 0..<(jacobian.count / max(p, 1)) { for c in 0..<p { scaled[row * p + c] *= scale[c] } }
        return scaled
    }
}

/// A mutable tally shared between a problem value and the loop that reports it.
final class EvaluationCounter {
    var evaluations = 0
    var residualCalls = 0
}

extension FitSession {
    /// Levenberg–Marquardt (MINPACK `lmder`, Moré's column scaling) up to `end` iterations
    /// (Jacobian evaluations), on the whole training set — after a continuation in time when
    /// `horizonContinuation` is on: LM first on the observations in the first 1/8, 1/4 and 1/2 of
    /// the training span, each stage starting where the last stopped. Long horizons of nonlinear
    /// (chaotic) systems have many local minima; short ones have few, and their minimum is a
    /// start from which the next horizon's is reached (the "growing window" of multiple-shooting
    /// and neural-ODE practice).
    func runLeastSquares(until end: Int) throws -> FitStatus {
        let tolerances = configuration.tolerances ?? .standard
        if configuration.horizonContinuation ?? true {
            let span = objective.data.trainingSpan
            for fraction in [0.125, 0.25, 0.5] {
                let until = span.start + fraction * (span.end - span.start)
                let stage = objective.restricted(until: until)
                guard stage.residualCount >= 2 * objective.count, stage.residualCount < objective.residualCount,
                      end - iteration > 1 else { continue }
                let loose = ConvergenceTolerances(ftol: max(tolerances.ftol, 1e-6), xtol: max(tolerances.xtol, 1e-6), gtol: tolerances.gtol)
                selecting = false
                defer { selecting = true }
                stageLabel = String(format: "lm t ≤ %.4g", until)
                let before = u
                do {
                    let outcome = try leastSquares(stage, budget: min(25, end - iteration - 1), tolerances: loose)
                    if outcome.status == .diverged || !outcome.loss.isFinite { u = before }
                } catch let error as ODEError {
                    _ = error
                    u = before
                }
                stageLabel = nil
                try stopIfInterrupted()
            }
        }
        let outcome: (status: LeastSquaresStatus, loss: Double, reason: String)
        do {
            outcome = try leastSquares(objective, budget: max(1, end - iteration), tolerances: tolerances)
        } catch let error as ODEError {
            try diverge("the solve failed at the starting parameters: \(error)",
                        remedy: "Start closer (Trainer.fit's initialParameters) or change the tolerances (FitSettings.rtol/FitSettings.atol).")
        }
        statusReason = "Levenberg–Marquardt: \(outcome.reason)"
        switch outcome.status {
        case .converged: return .converged
        case .maxIterations: return .maxIterations
        case .stalled: return .stalled
        case .interrupted:
            try stopIfInterrupted()
            return .stalled
        case .diverged:
            try diverge("Levenberg–Marquardt diverged: \(outcome.reason)",
                        remedy: "Start closer (Trainer.fit's initialParameters), bound the parameters (FitConfiguration.bounds) or change the tolerances (FitSettings.rtol/FitSettings.atol).")
        }
    }

    /// One Levenberg–Marquardt run on `objective` from the current `u`, recording every iteration.
    private func leastSquares(_ objective: FitObjective<Field>, budget: Int, tolerances: ConvergenceTolerances) throws
        -> (status: LeastSquaresStatus, loss: Double, reason: String)
    {
        let counter = EvaluationCounter()
        let problem = TransformedResiduals(objective: objective, transforms: transforms, counter: counter)
        let lm = LevenbergMarquardtConfiguration(ftol: tolerances.ftol, xtol: tolerances.xtol, gtol: tolerances.gtol,
                                                 maxIterations: max(1, budget))
        var saveError: Error?
        var reported = 0
        let result = try LevenbergMarquardt.minimize(problem, from: u, configuration: lm) { step in
            guard step.iteration > 0 else { return true }
            self.u = step.x
            let loss = 2 * step.cost
            var validation = Double.nan
            if self.selecting && !self.objective.data.validation.isEmpty {
                do throws(ODEError) { validation = try self.objective.validationLoss(self.theta) } catch { validation = .infinity }
            }
            self.considerBest(loss: loss, validationLoss: validation)
            self.record(loss: loss, validationLoss: validation, evaluations: counter.evaluations - reported)
            reported = counter.evaluations
            if self.isInterrupted() { return false }
            if self.iteration % max(1, self.configuration.checkpointEvery) == 0 {
                do { try self.save(.running) } catch { saveError = error; return false }
            }
            return true
        }
        if let saveError { throw saveError }
        u = result.x
        let reason = "\(result.reason) (\(result.iterations) iterations, \(result.residualEvaluations) residual and \(result.jacobianEvaluations) Jacobian evaluations, \(result.failedTrials) failed trials)"
        return (result.status, 2 * result.cost, reason)
    }

    /// L-BFGS with a strong-Wolfe line search up to iteration `end`, on the whole training set
    /// with the configured gradient method.
    func runLBFGS(until end: Int) throws -> FitStatus {
        let tolerances = configuration.tolerances ?? .standard
        let objective = self.objective, transforms = self.transforms
        let batch = objective.data.training
        var evaluations = 0, reported = 0
        let function = ClosureObjective(parameterCount: u.count) { x in
            let theta = transforms.external(x)
            let result = try objective.lossAndGradient(theta, batch: batch)
            evaluations += result.evaluations
            guard result.loss.isFinite else { throw FitError("non-finite loss") }
            return (result.loss, zip(result.gradient, transforms.derivatives(x)).map { $0 * $1 })
        }
        let configuration = LBFGSConfiguration(gtol: tolerances.gtol, ftol: tolerances.ftol, maxIterations: max(1, end - iteration))
        var saveError: Error?
        let result: LBFGSResult
        do {
            result = try LBFGS.minimize(function, from: u, configuration: configuration) { step in
                self.u = step.x
                var validation = Double.nan
                if !objective.data.validation.isEmpty {
                    do throws(ODEError) { validation = try objective.validationLoss(self.theta) } catch { validation = .infinity }
                }
                self.considerBest(loss: step.value, validationLoss: validation)
                self.record(loss: step.value, validationLoss: validation, evaluations: evaluations - reported)
                reported = evaluations
                if self.isInterrupted() { return false }
                if let patience = self.configuration.patience, self.stale >= patience { return false }
                if self.iteration % max(1, self.configuration.checkpointEvery) == 0 {
                    do { try self.save(.running) } catch { saveError = error; return false }
                }
                return true
            }
        } catch let error as ODEError {
            try diverge("the solve failed at the starting parameters of L-BFGS: \(error)",
                        remedy: "Change the tolerances (FitSettings.rtol/FitSettings.atol) or use a first-order optimizer (FitSettings.strategy .firstOrder).")
        }
        if let saveError { throw saveError }
        u = result.x
        statusReason = "L-BFGS: \(result.reason) (\(result.iterations) iterations, \(result.evaluations) evaluations)"
        switch result.status {
        case .converged: return .converged
        case .maxIterations: return .maxIterations
        case .stalled: return .stalled
        case .interrupted:
            try stopIfInterrupted()
            statusReason = "the validation loss did not improve for \(self.configuration.patience ?? 0) validations (FitConfiguration.patience)"
            return .stalled
        case .diverged:
            try diverge("L-BFGS diverged: \(result.reason)", remedy: "Change the tolerances (FitSettings.rtol/FitSettings.atol) or the start.")
        }
    }

    /// Standard errors, correlations and the condition number at the current parameters from
    /// the residual Jacobian in the model's own parameters `θ`. Nil (with a warning) when
    /// there are no more residuals than parameters.
    func computeUncertainty(names: [String]) throws {
        let theta = self.theta
        let (residuals, jacobian, _) = try objective.residualsAndJacobian(theta)
        guard residuals.count > theta.count else {
            warnings.append("no standard errors: \(residuals.count) observed values for \(theta.count) parameters")
            return
        }
        let statistics = try LeastSquaresStatistics(jacobian: jacobian, residuals: residuals, parameterCount: theta.count)
        guard let errors = statistics.standardErrors, let correlation = statistics.correlation,
              let variance = statistics.residualVariance else {
            warnings.append("no standard errors: \(statistics.unavailableReason ?? "the Jacobian is singular")")
            return
        }
        let poorly = statistics.unidentifiableParameters.map { names[$0] }
        uncertainty = FitUncertainty(standardErrors: errors, correlation: correlation, conditionNumber: statistics.conditionNumber,
                                     residualVariance: variance, degreesOfFreedom: statistics.degreesOfFreedom,
                                     poorlyDetermined: poorly)
        if !poorly.isEmpty {
            warnings.append("the data cannot determine \(poorly.joined(separator: ", ")) (near-singular Jacobian, condition number \(String(format: "%.2e", statistics.conditionNumber)))")
        }
    }
}
