import Datasets
import Foundation
import Gradients
import HDF5Kit
import Models
import ODE
import Optimizers
import Parallel

/// One line of progress, reported after every iteration.
public struct FitProgress: Sendable {
    public let iteration: Int
    public let iterations: Int
    public let loss: Double
    public let validationLoss: Double
    public let functionEvaluations: Int
    public let seconds: Double
}

/// A fit that stopped before its last iteration on purpose: the checkpoint on disk is valid.
public struct FitInterrupted: Error, CustomStringConvertible {
    public let checkpointPath: String
    public let iteration: Int
    public var description: String {
        "interrupted after iteration \(iteration); state saved in \(checkpointPath) (continue with --resume \(checkpointPath))"
    }
}

/// Fits a model's parameters (and optionally initial states) to trajectory data by
/// gradient descent through an adaptive ODE solve.
///
/// Each iteration: pick the batch, compute the loss and its gradient with the
/// configured method (ACA, adjoint or naive) on both cores, clip, take one
/// optimizer step. Validation, best-parameter tracking, early stopping,
/// checkpoints (atomic) and Ctrl-C are handled here; divergence (a non-finite
/// loss or a failed solve) stops the fit with the best state kept.
public enum Trainer {
    /// Runs (or resumes) the fit and returns the final checkpoint, also written to `output`.
    public static func fit(
        configuration: FitConfiguration, dataset: TrajectoryDataset, output: String, resume: FitCheckpoint? = nil,
        threads: Int = 2, attributes: [String: HDF5AttributeValue] = [:], progress: ((FitProgress) -> Void)? = nil
    ) throws -> FitCheckpoint {
        try configuration.model.validate()
        guard configuration.model.stateDimension == dataset.stateDimension else {
            throw FitError("the model's state has \(configuration.model.stateDimension) components but the data has \(dataset.stateDimension) (\(dataset.metadata.stateLabels.joined(separator: ", ")))")
        }
        let built = try configuration.model.build(seed: configuration.seed)
        return try run(field: built.field, initialParameters: built.initialParameters, configuration: configuration,
                       dataset: dataset, output: output, resume: resume, threads: threads, attributes: attributes, progress: progress)
    }

    private static func run<Field: DifferentiableVectorField & ParameterNaming & Sendable>(
        field: Field, initialParameters: [Double], configuration c: FitConfiguration, dataset: TrajectoryDataset,
        output: String, resume: FitCheckpoint?, threads: Int, attributes: [String: HDF5AttributeValue],
        progress: ((FitProgress) -> Void)?
    ) throws -> FitCheckpoint {
        let data = try FitData(dataset: dataset, configuration: c)
        guard let tableau = ButcherTableau.named(c.solver), tableau.isAdaptive else {
            throw FitError("--solver \(c.solver) is not an adaptive method; use bs3, dopri5, tsit5 or dop853")
        }
        let controller = StepSizeController(rtol: c.rtol, atol: c.atol)
        let method: GradientMethod = switch c.gradient {
        case "aca": .aca
        case "naive": .naive
        case "adjoint": .adjoint(rtol: c.adjointRtol ?? c.rtol, atol: c.adjointAtol ?? c.atol)
        default: throw FitError("unknown --gradient \(c.gradient); use aca, adjoint or naive")
        }
        guard let observationMode = ObservationMode(rawValue: c.observationMode ?? "step") else {
            throw FitError("unknown observation mode \(c.observationMode ?? ""); use step or dense")
        }
        let clipping = try c.clipNorm.map { maxNorm throws(OptimizerError) in try GlobalNormClipping(maxNorm: maxNorm) }
        let d = data.dimension, modelCount = field.parameterCount
        // θ = [model parameters, initial states of the training trajectories (if learned)].
        var blocks = field.parameterBlocks.map { FitCheckpoint.Block(name: $0.name, range: $0.range) }
        let initialSlot = Dictionary(uniqueKeysWithValues: data.training.enumerated().map { ($1.index, modelCount + $0 * d) })
        if c.learnInitialState { blocks.append(.init(name: "initial_state", range: modelCount..<(modelCount + data.training.count * d))) }
        var theta = initialParameters + (c.learnInitialState ? data.training.flatMap(\.initialState) : [])
        var optimizer = try c.optimizer.makeOptimizer(parameterCount: theta.count)
        var history = FitHistory()
        var best = theta, bestLoss = Double.infinity, bestIteration = 0, stale = 0
        var start = 0
        if let resume {
            guard resume.parameters.count == theta.count, resume.blocks.map(\.name) == blocks.map(\.name) else {
                throw FitError("the fit file's parameters (\(resume.blocks.map(\.name).joined(separator: ", "))) do not match this model and data")
            }
            theta = resume.parameters
            best = resume.bestParameters
            bestLoss = resume.bestValidationLoss.isNaN ? .infinity : resume.bestValidationLoss
            bestIteration = resume.bestIteration
            history = resume.history
            start = resume.iteration
            stale = Int(resume.attributes["stale_validations"]?.integerValue ?? 0)
            try optimizer.restore(resume.optimizerState)
        }
        let secondsBefore = history.seconds.last ?? 0
        let clock = Date()

        func problem(_ trajectory: FitData.Trajectory, _ theta: [Double]) -> GradientProblem<Field> {
            let y0 = c.learnInitialState ? initialSlot[trajectory.index].map { Array(theta[$0..<($0 + d)]) } ?? trajectory.initialState
                : trajectory.initialState
            return GradientProblem(field: field, t0: trajectory.t0, initialState: y0, parameters: Array(theta[0..<modelCount]),
                                   observations: trajectory.observations, tableau: tableau, controller: controller,
                                   observationMode: observationMode)
        }
        func validationLoss(_ theta: [Double]) throws(ODEError) -> Double {
            let set = data.validation.isEmpty ? data.training : data.validation
            let problems = set.map { problem($0, theta) }
            let losses: [Result<(Double, Int), ODEError>] = parallelMap(problems.count, threads: threads) { index in
                do throws(ODEError) {
                    let result = try evaluateLoss(problems[index])
                    return .success((result.loss, result.observedCount))
                } catch { return .failure(error) }
            }
            var sum = 0.0, count = 0
            for outcome in losses {
                let (loss, n) = try outcome.get()
                sum += loss * Double(n)
                count += n
            }
            return count > 0 ? sum / Double(count) : .nan
        }
        func checkpoint(_ iteration: Int, _ status: String) -> FitCheckpoint {
            var attributes = attributes
            attributes["fit_end"] = .double(data.fitEnd)
            attributes["training_trajectories"] = .integers(data.training.map { Int64($0.index) })
            attributes["validation_trajectories"] = .integers(data.validation.map { Int64($0.index) })
            attributes["stale_validations"] = .integer(Int64(stale))
            return FitCheckpoint(blocks: blocks, parameters: theta, bestParameters: best,
                                 bestValidationLoss: bestLoss.isFinite ? bestLoss : .nan, bestIteration: bestIteration,
                                 iteration: iteration, optimizerState: optimizer.state, history: history,
                                 configurationJSON: (try? c.jsonString()) ?? "{}", attributes: attributes, status: status)
        }

        var iteration = start
        var status = "completed"
        while iteration < c.iterations {
            if InterruptFlag.isRaised {
                let saved = checkpoint(iteration, "interrupted")
                try saved.write(to: output)
                throw FitInterrupted(checkpointPath: output, iteration: iteration)
            }
            let batch = data.batch(iteration: iteration, size: c.batchSize, seed: c.seed)
            let result: BatchGradientResult
            do throws(ODEError) {
                result = try computeGradients(batch.map { problem($0, theta) }, method: method, threads: threads)
            } catch {
                try checkpoint(iteration, "diverged").write(to: output)
                throw FitError("the solve failed at iteration \(iteration): \(error). The best parameters (iteration \(bestIteration)) are kept in \(output). Lower the learning rate (--lr), clip gradients (--clip-norm) or change the tolerances (--rtol/--atol).")
            }
            var gradient = result.parameterGradient + [Double](repeating: 0, count: theta.count - modelCount)
            if c.learnInitialState {
                for (trajectory, g) in zip(batch, result.initialStateGradients) {
                    if let slot = initialSlot[trajectory.index] { for k in 0..<d { gradient[slot + k] = g[k] } }
                }
            }
            guard result.loss.isFinite, gradient.allSatisfy(\.isFinite) else {
                try checkpoint(iteration, "diverged").write(to: output)
                throw FitError("the loss or its gradient became non-finite at iteration \(iteration) (loss \(result.loss)). The best parameters (iteration \(bestIteration)) are kept in \(output). Lower the learning rate (--lr) or clip gradients (--clip-norm).")
            }
            var validation = Double.nan
            let isLast = iteration == c.iterations - 1
            if iteration % max(1, c.validateEvery) == 0 || isLast {
                do throws(ODEError) {
                    validation = data.validation.isEmpty ? result.loss : try validationLoss(theta)
                } catch {
                    validation = .infinity
                }
                if validation < bestLoss * (1 - 1e-6) || (bestLoss.isInfinite && validation.isFinite) {
                    best = theta
                    bestLoss = validation
                    bestIteration = iteration
                    stale = 0
                } else {
                    stale += 1
                }
            }
            if let clipping { _ = clipping.clip(&gradient) }
            let baseRate = c.optimizer.configuration.learningRate
            optimizer.step(parameters: &theta, gradient: gradient,
                           learningRate: c.schedule.learningRate(base: baseRate, completedSteps: iteration))
            let seconds = secondsBefore + Date().timeIntervalSince(clock)
            let evaluations = result.forwardEvaluations + result.backwardEvaluations
            history.append(loss: result.loss, validationLoss: validation, functionEvaluations: evaluations, seconds: seconds)
            iteration += 1
            progress?(FitProgress(iteration: iteration, iterations: c.iterations, loss: result.loss, validationLoss: validation,
                                  functionEvaluations: evaluations, seconds: seconds))
            if let patience = c.patience, stale >= patience {
                status = "early-stopped"
                break
            }
            if iteration % max(1, c.checkpointEvery) == 0 && iteration < c.iterations {
                try checkpoint(iteration, "running").write(to: output)
            }
        }
        // The final parameters enter the best-tracking too.
        if status == "completed" {
            let final: Double
            do throws(ODEError) { final = try validationLoss(theta) } catch { final = .infinity }
            if final < bestLoss { best = theta; bestLoss = final; bestIteration = iteration }
        }
        let finished = checkpoint(iteration, status)
        try finished.write(to: output)
        return finished
    }
}

extension FitConfiguration {
    /// The configuration as JSON (sorted keys): stored in fit files for `--resume`.
    public func jsonString() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public init(jsonString: String) throws {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        self = try decoder.decode(FitConfiguration.self, from: Data(jsonString.utf8))
    }
}
