import Datasets
import Evaluation
import Foundation
import Models
import ODE
import Parallel
import Physics

/// How well a fitted model reproduces data: errors on the fitted span
/// (interpolation) and beyond it (extrapolation), parameter recovery, and for
/// N-body models the drift of energy and momentum along the prediction.
public struct FitEvaluation: Codable, Sendable {
    public struct Trajectory: Codable, Sendable {
        public let index: Int
        public let interpolation: ErrorMetrics
        public let extrapolation: ErrorMetrics
        /// Against the noise-free states, where the data have them.
        public let interpolationTrue: ErrorMetrics?
        public let extrapolationTrue: ErrorMetrics?
        /// Position RMSE per body (N-body), over the whole evaluated span.
        public let bodyRMSE: [Double]?
        public let relativeEnergyDrift: Double?
        public let momentumDrift: Double?
        public let functionEvaluations: Int
    }

    public struct ParameterRecovery: Codable, Sendable {
        public let name: String
        public let fitted: [Double]
        public let truth: [Double]
        public let absoluteError: [Double]
        public let relativeError: [Double]
    }

    /// Every fitted parameter block (up to 64 values) under its own name, with its standard
    /// errors when the fit computed them.
    public struct FittedParameter: Codable, Sendable {
        public let name: String
        public let values: [Double]
        public let standardErrors: [Double]?
    }

    /// Which observations the fit used for what (see ``FitData``).
    public struct Windows: Codable, Sendable {
        /// Observations at t ≤ this trained (the "interpolation" errors).
        public let trainingEnd: Double
        /// `(trainingEnd, validationEnd]` chose the reported parameters (nil: no validation window).
        public let validationEnd: Double?
        /// Trajectories held out for validation (by index).
        public let validationTrajectories: [Int]
        /// What chose the reported parameters: the validation loss or the training loss.
        public let selection: String
        /// Observations after this were never used for any choice.
        public let testStart: Double
    }

    public let fitEnd: Double
    public let tEnd: Double?
    public let components: [Int]
    public let labels: [String]
    public let interpolation: ErrorMetrics
    public let extrapolation: ErrorMetrics
    public let interpolationTrue: ErrorMetrics?
    public let extrapolationTrue: ErrorMetrics?
    public let parameters: [ParameterRecovery]
    public let trajectories: [Trajectory]
    public let functionEvaluations: Int
    public var fittedParameters: [FittedParameter] = []
    public var windows: Windows?
    /// The fit's status word and reason (converged, max-iterations, stalled, diverged).
    public var status: String = ""
    public var statusReason: String = ""
    /// Condition number of the residual Jacobian at the optimum (when uncertainties were computed).
    public var conditionNumber: Double?

    /// Predictions kept for plotting (not encoded).
    public var plotData: [PlotTrajectory] = []

    enum CodingKeys: String, CodingKey {
        case fitEnd, tEnd, components, labels, interpolation, extrapolation, interpolationTrue, extrapolationTrue,
             parameters, trajectories, functionEvaluations, fittedParameters, windows, status, statusReason, conditionNumber
    }

    /// A trajectory's observations and prediction on a fine grid, for figures.
    public struct PlotTrajectory: Sendable {
        public let index: Int
        public let times: [Double]
        public let observed: [Double]
        public let fineTimes: [Double]
        public let predicted: [Double]
        /// The prediction at `times` (for residuals), the noise-free states there (where the data have them),
        /// and the split window (training, validation, test) of each time.
        public var predictedAtTimes: [Double] = []
        public var truth: [Double]?
        public var windows: [ObservationWindow] = []
    }
}

extension FitEvaluation {
    /// Evaluates the best parameters of `checkpoint` on `dataset` (up to `tEnd` if given).
    public static func evaluate(checkpoint: FitCheckpoint, dataset: TrajectoryDataset, tEnd: Double? = nil,
                                plotTrajectories: Int = 3, threads: Int) throws -> FitEvaluation {
        let configuration = try FitConfiguration(jsonString: checkpoint.configurationJSON)
        guard configuration.model.stateDimension == dataset.stateDimension else {
            throw FitError("the fit's model has \(configuration.model.stateDimension) state components but the data have \(dataset.stateDimension)")
        }
        let field = try configuration.model.makeField()
        return try evaluate(field: field, checkpoint: checkpoint, configuration: configuration, dataset: dataset,
                            tEnd: tEnd, plotTrajectories: plotTrajectories, threads: threads)
    }

    private static func evaluate<Field: DifferentiableVectorField & ParameterNaming & Sendable>(
        field: Field, checkpoint: FitCheckpoint, configuration: FitConfiguration, dataset: TrajectoryDataset,
        tEnd: Double?, plotTrajectories: Int, threads: Int
    ) throws -> FitEvaluation {
        let b = dataset.trajectoryCount, n = dataset.sampleCount, d = dataset.stateDimension
        let parameters = Array(checkpoint.bestParameters[0..<field.parameterCount])
        let components = configuration.observedComponents ?? Array(0..<d)
        let fitEnd = checkpoint.attributes["fit_end"]?.doubleValue ?? configuration.trainUntil ?? dataset.times.values.max() ?? 0
        let learnedStarts = checkpoint.blocks.first { $0.name == "initial_state" }
        let trainingIndices = checkpoint.attributes["training_trajectories"].flatMap { value -> [Int]? in
            if case .integers(let ids) = value { return ids.map(Int.init) }
            return value.integerValue.map { [Int($0)] }
        } ?? []
        let splitWindows = Self.windowClassifier(checkpoint: checkpoint, configuration: configuration, fitEnd: fitEnd)
        let tableau = ButcherTableau.named(configuration.solver) ?? .dormandPrince5
        let controller = StepSizeController(rtol: configuration.rtol, atol: configuration.atol)
        let nBody = Self.nBodyParameters(configuration.model, blocks: checkpoint.blocks, values: checkpoint.bestParameters)
        let bodyCount = d % 6 == 0 ? d / 6 : 0

        let results: [Result<(Trajectory, PlotTrajectory, ErrorAccumulator, ErrorAccumulator, ErrorAccumulator?, ErrorAccumulator?), Error>] =
            parallelMap(b, threads: threads) { row in
                do {
                    var y0 = Array(dataset.initialStates.values[(row * d)..<((row + 1) * d)])
                    if let block = learnedStarts, let slot = trainingIndices.firstIndex(of: row) {
                        let start = block.range.lowerBound + slot * d
                        y0 = Array(checkpoint.bestParameters[start..<(start + d)])
                    }
                    let t0 = dataset.initialTimes[row]
                    let times = Array(dataset.times.values[(row * n)..<((row + 1) * n)])
                    let end = max(t0, tEnd ?? times.last!)
                    let kept = times.indices.filter { times[$0] <= end && times[$0] >= t0 }
                    // The grid ends exactly at `end` (t0 + (end − t0)·400/400 can round past it).
                    let fine = (0...400).map { $0 == 400 ? end : min(end, t0 + (end - t0) * Double($0) / 400) }
                    let grid = Array(Set(kept.map { times[$0] } + fine)).sorted()
                    let solution = try solve(field, from: t0, to: end, initialState: y0, parameters: parameters, method: tableau,
                                             stepSize: .adaptive(controller), options: SolveOptions(saveAt: grid))
                    let position = Dictionary(uniqueKeysWithValues: grid.enumerated().map { ($1, $0) })
                    var interpolation = ErrorAccumulator(components: components.count), extrapolation = interpolation
                    var interpolationTrue: ErrorAccumulator? = dataset.trueStates == nil ? nil : interpolation
                    var extrapolationTrue = interpolationTrue
                    var bodySums = [Double](repeating: 0, count: bodyCount), bodyCounts = [Int](repeating: 0, count: bodyCount)
                    for k in kept {
                        let p = position[times[k]]!
                        for (slot, c) in components.enumerated() {
                            let index = (row * n + k) * d + c
                            let predicted = solution.savedStates[p * d + c]
                            let observed = dataset.isObserved(row, k, c) ? dataset.states.values[index] : .nan
                            if times[k] <= fitEnd { interpolation.add(predicted: predicted, observed: observed, component: slot) }
                            else { extrapolation.add(predicted: predicted, observed: observed, component: slot) }
                            if let truth = dataset.trueStates?.values[index] {
                                if times[k] <= fitEnd { interpolationTrue?.add(predicted: predicted, observed: truth, component: slot) }
                                else { extrapolationTrue?.add(predicted: predicted, observed: truth, component: slot) }
                            }
                        }
                        for body in 0..<bodyCount {
                            for axis in 0..<3 where dataset.isObserved(row, k, 3 * body + axis) {
                                let e = solution.savedStates[p * d + 3 * body + axis] - dataset.states.values[(row * n + k) * d + 3 * body + axis]
                                if e.isFinite { bodySums[body] += e * e; bodyCounts[body] += 1 }
                            }
                        }
                    }
                    var energyDrift: Double?, momentumDrift: Double?
                    if let (masses, G) = nBody {
                        let initial = NBodyInvariants(state: y0, masses: masses, G: G)
                        var worstE = 0.0, worstP = 0.0
                        for p in grid.indices {
                            let now = NBodyInvariants(state: Array(solution.savedStates[(p * d)..<((p + 1) * d)]), masses: masses, G: G)
                            worstE = max(worstE, abs((now.energy - initial.energy) / initial.energy))
                            worstP = max(worstP, zip(now.linearMomentum, initial.linearMomentum).map { abs($0 - $1) }.max() ?? 0)
                        }
                        (energyDrift, momentumDrift) = (worstE, worstP)
                    }
                    let trajectory = Trajectory(
                        index: row, interpolation: interpolation.metrics, extrapolation: extrapolation.metrics,
                        interpolationTrue: interpolationTrue?.metrics, extrapolationTrue: extrapolationTrue?.metrics,
                        bodyRMSE: bodyCount > 0 ? zip(bodySums, bodyCounts).map { $1 > 0 ? ($0 / Double($1)).squareRoot() : .nan } : nil,
                        relativeEnergyDrift: energyDrift, momentumDrift: momentumDrift,
                        functionEvaluations: solution.stats.functionEvaluations)
                    let finePositions = fine.map { position[$0]! }
                    var plot = PlotTrajectory(
                        index: row, times: kept.map { times[$0] },
                        observed: kept.flatMap { k in (0..<d).map { dataset.isObserved(row, k, $0) ? dataset.states.values[(row * n + k) * d + $0] : .nan } },
                        fineTimes: fine, predicted: finePositions.flatMap { p in solution.savedStates[(p * d)..<((p + 1) * d)] })
                    plot.fill(solution: solution, position: position, dataset: dataset, row: row, kept: kept,
                              windows: splitWindows(row, plot.times))
                    return .success((trajectory, plot, interpolation, extrapolation, interpolationTrue, extrapolationTrue))
                } catch {
                    return .failure(error)
                }
            }
        var trajectories: [Trajectory] = [], plots: [PlotTrajectory] = []
        var interpolation = ErrorAccumulator(components: components.count), extrapolation = interpolation
        var interpolationTrue: ErrorAccumulator? = dataset.trueStates == nil ? nil : interpolation
        var extrapolationTrue = interpolationTrue
        for (row, result) in results.enumerated() {
            switch result {
            case .success(let (trajectory, plot, i, e, it, et)):
                trajectories.append(trajectory)
                if plots.count < plotTrajectories { plots.append(plot) }
                interpolation.merge(i)
                extrapolation.merge(e)
                if let it { interpolationTrue?.merge(it) }
                if let et { extrapolationTrue?.merge(et) }
            case .failure(let error):
                throw FitError("predicting trajectory \(row) failed: \(error)")
            }
        }
        var evaluation = FitEvaluation(
            fitEnd: fitEnd, tEnd: tEnd, components: components,
            labels: components.map { $0 < dataset.metadata.stateLabels.count ? dataset.metadata.stateLabels[$0] : "y\($0)" },
            interpolation: interpolation.metrics, extrapolation: extrapolation.metrics,
            interpolationTrue: interpolationTrue?.metrics, extrapolationTrue: extrapolationTrue?.metrics,
            parameters: Self.recovery(blocks: checkpoint.blocks, values: checkpoint.bestParameters, model: configuration.model, dataset: dataset),
            trajectories: trajectories, functionEvaluations: trajectories.reduce(0) { $0 + $1.functionEvaluations })
        evaluation.plotData = plots
        let uncertainty = checkpoint.uncertainty
        evaluation.fittedParameters = checkpoint.blocks.filter { $0.range.count <= 64 }.map { block in
            FittedParameter(name: block.name, values: Array(checkpoint.bestParameters[block.range]),
                            standardErrors: uncertainty.map { Array($0.standardErrors[block.range]) })
        }
        let heldOut: [Int] = switch checkpoint.attributes["validation_trajectories"] {
        case .integers(let ids): configuration.trainUntil == nil ? ids.map(Int.init) : []
        default: []
        }
        evaluation.windows = Windows(
            trainingEnd: fitEnd, validationEnd: configuration.validateUntil, validationTrajectories: heldOut,
            selection: checkpoint.attributes["selection"]?.stringValue ?? "validation loss",
            testStart: configuration.validateUntil ?? fitEnd)
        evaluation.status = checkpoint.status
        evaluation.statusReason = checkpoint.attributes["status_reason"]?.stringValue ?? ""
        evaluation.conditionNumber = uncertainty?.conditionNumber
        return evaluation
    }

    /// Masses and G of an N-body model (learned or fixed), nil for other models.
    static func nBodyParameters(_ model: ModelSpecification, blocks: [FitCheckpoint.Block], values: [Double]) -> ([Double], Double)? {
        guard case let .nBody(bodies, _, _, masses, G) = model else { return nil }
        let learnedMasses = blocks.first { $0.name == "masses" }.map { Array(values[$0.range]) }
        let learnedG = blocks.first { $0.name == "G" }.map { values[$0.range.lowerBound] }
        return (learnedMasses ?? masses ?? [Double](repeating: 1, count: bodies), learnedG ?? G)
    }

    /// Fitted parameter blocks next to the data's true values, where the data have them.
    static func recovery(blocks: [FitCheckpoint.Block], values: [Double], model: ModelSpecification, dataset: TrajectoryDataset) -> [ParameterRecovery] {
        var truths: [String: [Double]] = [:]
        for (name, array) in dataset.parameters {
            let width = array.count / max(1, dataset.trajectoryCount)
            let first = Array(array.values.prefix(width))
            let shared = (0..<dataset.trajectoryCount).allSatisfy { Array(array.values[($0 * width)..<(($0 + 1) * width)]) == first }
            if shared { truths[name] = first }
        }
        if case .timeSeries = model, let all = dataset.metadata.attributes["parameters"]?.doubleArray {
            truths["parameters"] = all
        }
        return blocks.compactMap { block in
            let fitted = Array(values[block.range])
            guard let truth = truths[block.name] ?? (block.range.count == (truths["parameters"]?.count ?? -1) ? truths["parameters"] : nil),
                  truth.count == fitted.count else { return nil }
            let absolute = zip(fitted, truth).map { abs($0 - $1) }
            return ParameterRecovery(name: block.name, fitted: fitted, truth: truth, absoluteError: absolute,
                                     relativeError: zip(absolute, truth).map { $0 / max(abs($1), 1e-300) })
        }
    }
}
