import Gradients
import ODE
import Optimizers

extension FitSession {
    /// The first-order loop (AdaBelief, Adam, SGD, RAdam) up to iteration `end`: each iteration
    /// takes the batch's loss and gradient by the configured method (ACA, adjoint, naive), maps
    /// it through the transforms, clips, and steps. Stops early when the gradient is below `gtol`
    /// (converged) or the validation loss stopped improving for `patience` validations (stalled).
    func runFirstOrder(until end: Int) throws -> FitStatus {
        let c = configuration
        let clipping = try c.clipNorm.map { maxNorm throws(OptimizerError) in try GlobalNormClipping(maxNorm: maxNorm) }
        var optimizer = try c.optimizer.makeOptimizer(parameterCount: u.count)
        if optimizerState.optimizer == c.optimizer.optimizerName { try optimizer.restore(optimizerState) }
        let gtol = (c.tolerances ?? .standard).gtol
        defer { optimizerState = optimizer.state }
        while iteration < end {
            if isInterrupted() { optimizerState = optimizer.state }
            try stopIfInterrupted()
            let batch = objective.data.batch(iteration: iteration, size: c.batchSize, seed: c.seed)
            let result: (loss: Double, gradient: [Double], evaluations: Int)
            do throws(ODEError) {
                result = try objective.lossAndGradient(theta, batch: batch)
            } catch {
                optimizerState = optimizer.state
                try diverge("the solve failed at iteration \(iteration): \(error)",
                            remedy: "Lower the learning rate (FitSettings.optimizer's learningRate), clip gradients (FitConfiguration.clipNorm) or change the tolerances (FitSettings.rtol/FitSettings.atol).")
            }
            var gradient = internalGradient(result.gradient)
            guard result.loss.isFinite, gradient.allSatisfy(\.isFinite) else {
                optimizerState = optimizer.state
                try diverge("the loss or its gradient became non-finite at iteration \(iteration) (loss \(result.loss))",
                            remedy: "Lower the learning rate (FitSettings.optimizer's learningRate) or clip gradients (FitConfiguration.clipNorm).")
            }
            var validation = Double.nan
            let isLast = iteration == end - 1
            if !objective.data.validation.isEmpty && (iteration % max(1, c.validateEvery) == 0 || isLast) {
                do throws(ODEError) { validation = try objective.validationLoss(theta) } catch { validation = .infinity }
            }
            considerBest(loss: result.loss, validationLoss: validation)
            let gradientNorm = gradient.reduce(0) { max($0, abs($1)) }
            if gradientNorm <= gtol && c.batchSize == nil {
                record(loss: result.loss, validationLoss: validation, evaluations: result.evaluations)
                statusReason = "gtol: ‖∂L/∂u‖∞ = \(gradientNorm) ≤ \(gtol)"
                return .converged
            }
            if let clipping { _ = clipping.clip(&gradient) }
            optimizer.step(parameters: &u, gradient: gradient,
                           learningRate: c.schedule.learningRate(base: c.optimizer.configuration.learningRate, completedSteps: iteration))
            record(loss: result.loss, validationLoss: validation, evaluations: result.evaluations)
            if let patience = c.patience, stale >= patience {
                statusReason = "the validation loss did not improve for \(patience) validations (FitConfiguration.patience)"
                return .stalled
            }
            if iteration % max(1, c.checkpointEvery) == 0 && iteration < end {
                optimizerState = optimizer.state
                try save(.running)
            }
        }
        statusReason = "reached \(end) iterations without meeting a convergence test"
        return .maxIterations
    }
}
