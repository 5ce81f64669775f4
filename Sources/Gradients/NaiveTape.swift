#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ODE

/// One trial step of the naive method's forward pass, as recorded on the tape.
@usableFromInline
struct NaiveAttempt {
    @usableFromInline var t: Double
    /// The step tried (`hTry`), signed.
    @usableFromInline var h: Double
    @usableFromInline var err: Double
    @usableFromInline var factor: Double
    /// `∂factor/∂err` (0 where the factor is clamped or constant).
    @usableFromInline var factorSlope: Double
    @usableFromInline var landing: Bool
    @usableFromInline var accepted: Bool
    /// Accepted landing step whose successor kept the previous, longer proposal `h`.
    @usableFromInline var keptPreviousStep: Bool
    /// Accepted step whose successor was capped at `maxStep`.
    @usableFromInline var cappedAtMaxStep: Bool
    /// Index of the accepted state the trial started from.
    @usableFromInline var stateIndex: Int
    /// Offset on the tape and number of stage rows stored (`s`, or `s` + extra stages).
    @usableFromInline var tapeOffset: Int
    @usableFromInline var rows: Int

    @usableFromInline
    init(t: Double, h: Double, err: Double, factor: Double, factorSlope: Double, landing: Bool, accepted: Bool,
         keptPreviousStep: Bool, cappedAtMaxStep: Bool, stateIndex: Int, tapeOffset: Int, rows: Int) {
        self.t = t; self.h = h; self.err = err; self.factor = factor; self.factorSlope = factorSlope
        self.landing = landing; self.accepted = accepted; self.keptPreviousStep = keptPreviousStep
        self.cappedAtMaxStep = cappedAtMaxStep; self.stateIndex = stateIndex; self.tapeOffset = tapeOffset; self.rows = rows
    }
}

/// Hairer's starting-step rule, recorded for differentiation.
@usableFromInline
struct StartingStepRecord {
    @usableFromInline var f0: [Double] = []
    @usableFromInline var y1: [Double] = []
    @usableFromInline var f1: [Double] = []
    @usableFromInline var d0 = 0.0, d1 = 0.0, d2 = 0.0, h0 = 0.0, m = 0.0, h1 = 0.0, rule = 0.0
    @usableFromInline var smallBranch = false
    @usableFromInline var h0Clamped = false
    @usableFromInline var fellBackToH0 = false
    @usableFromInline init() {}
}

/// `∂factor/∂err` of `StepSizeController.stepFactor` (0 where it is constant or clamped).
@inlinable
func stepFactorSlope(_ controller: StepSizeController, error err: Double, estimatorOrder q: Int, afterRejection: Bool) -> Double {
    guard err.isFinite, err > 0 else { return 0 }
    let exponent = -1 / Double(q + 1)
    let raw = controller.safety * pow(err, exponent)
    guard raw > controller.minFactor, raw < controller.maxFactor else { return 0 }
    if (err > 1 || afterRejection) && raw > 1 { return 0 }
    return raw * exponent / err
}

/// The naive method's recorder on `solve`'s adaptive loop: every trial's stage inputs,
/// stages (`rows` rows each) and `y⁺` on one tape, the trial's controller decision, and
/// Hairer's starting step — everything the reverse sweep differentiates.
@usableFromInline
struct NaiveTape: IntegrationRecorder {
    @usableFromInline let controller: StepSizeController
    @usableFromInline let dimension: Int
    @usableFromInline let estimatorOrder: Int
    @usableFromInline var tape: [Double] = []
    @usableFromInline var attempts: [NaiveAttempt] = []
    @usableFromInline var start = StartingStepRecord()
    /// Accepted trials so far: the index of the state the next trial starts from.
    @usableFromInline var acceptedCount = 0

    @inlinable
    init(controller: StepSizeController, dimension: Int, tableau: ButcherTableau) {
        self.controller = controller
        self.dimension = dimension
        estimatorOrder = tableau.controllerOrder
    }

    @inlinable
    mutating func startingStep(_ trace: StartingStepTrace) {
        let n = dimension
        start.f0 = Array(UnsafeBufferPointer(start: trace.f0, count: n))
        start.y1 = Array(UnsafeBufferPointer(start: trace.y1, count: n))
        start.f1 = Array(UnsafeBufferPointer(start: trace.f1, count: n))
        start.smallBranch = trace.smallBranch
        start.h0Clamped = trace.h0 != trace.h0Unclamped
        start.fellBackToH0 = trace.fellBackToH0
        start.d0 = trace.d0; start.d1 = trace.d1; start.d2 = trace.d2; start.h0 = trace.h0
        start.m = max(trace.d1, trace.d2); start.h1 = trace.h1; start.rule = trace.rule
    }

    @inlinable
    mutating func trial(_ trial: TrialStep, stageInputs: UnsafeMutableBufferPointer<Double>,
                        stages: UnsafeMutableBufferPointer<Double>, yNew: UnsafePointer<Double>) {
        let n = dimension, rows = trial.stageRows
        let slope = stepFactorSlope(controller, error: trial.err, estimatorOrder: estimatorOrder,
                                    afterRejection: trial.afterRejection)
        attempts.append(NaiveAttempt(
            t: trial.t, h: trial.h, err: trial.err, factor: trial.factor, factorSlope: slope, landing: trial.landing,
            accepted: trial.accepted, keptPreviousStep: trial.keptPreviousStep, cappedAtMaxStep: trial.cappedAtMaxStep,
            stateIndex: acceptedCount, tapeOffset: tape.count, rows: rows))
        tape.append(contentsOf: UnsafeBufferPointer(rebasing: stageInputs[0..<(rows * n)]))
        tape.append(contentsOf: UnsafeBufferPointer(rebasing: stages[0..<(rows * n)]))
        tape.append(contentsOf: UnsafeBufferPointer(start: yNew, count: n))
        if trial.accepted { acceptedCount += 1 }
    }
}
