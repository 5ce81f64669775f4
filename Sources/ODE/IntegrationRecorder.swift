/// What the adaptive loop of `solve` tells a recorder besides its accepted steps: Hairer's
/// starting step and every trial step. The naive gradient's tape is such a recorder (it
/// differentiates through everything the loop did); the plain solve uses ``NoRecording``,
/// whose empty hooks the compiler removes after specialisation, and ACA's checkpoints are
/// the accepted steps the loop records in ``Solution`` anyway (`SolveOptions.recordSteps`).
///
/// Package API: the hooks hand out pointers into the loop's buffers, valid only during the call.
@usableFromInline
package protocol IntegrationRecorder {
    /// Hairer's starting-step rule as computed (only when `StepSizeController.initialStep` is `nil`).
    mutating func startingStep(_ trace: StartingStepTrace)
    /// One trial step, after the accept/reject decision (and, when accepted, after the dense
    /// output of the step, before the loop moves to its end). The first `trial.stageRows` rows
    /// (of `dimension` values) of `stageInputs` and `stages` are the trial's `Yⱼ` and `kⱼ`;
    /// `yNew` is its `y⁺`.
    mutating func trial(_ trial: TrialStep, stageInputs: UnsafeMutableBufferPointer<Double>,
                        stages: UnsafeMutableBufferPointer<Double>, yNew: UnsafePointer<Double>)
}

/// The plain solve's recorder: records nothing and costs nothing.
@usableFromInline
package struct NoRecording: IntegrationRecorder {
    @inlinable package init() {}
    @inlinable package func startingStep(_ trace: StartingStepTrace) {}
    @inlinable package func trial(_ trial: TrialStep, stageInputs: UnsafeMutableBufferPointer<Double>,
                                  stages: UnsafeMutableBufferPointer<Double>, yNew: UnsafePointer<Double>) {}
}

/// The intermediate values of Hairer's starting-step rule (Hairer, Nørsett & Wanner,
/// *Solving ODEs I*, §II.4) in one solve: what a reverse sweep through the rule needs.
/// `f0`, `y1`, `f1` point into the loop's buffers (`dimension` values each).
@usableFromInline
package struct StartingStepTrace {
    @usableFromInline package let f0: UnsafePointer<Double>
    @usableFromInline package let y1: UnsafePointer<Double>
    @usableFromInline package let f1: UnsafePointer<Double>
    /// `‖y₀‖`, `‖f₀‖`, `‖f₁ − f₀‖/h₀` in the scaled RMS norm.
    @usableFromInline package let d0: Double, d1: Double, d2: Double
    /// The first guess before and after clamping to the span and `maxStep`.
    @usableFromInline package let h0Unclamped: Double, h0: Double
    /// `(0.01/max(d1, d2))^(1/(p+1))` (or its tiny-derivative fallback) and the rule's result.
    @usableFromInline package let h1: Double, rule: Double
    /// The first guess was the fixed `1e-6` (tiny state or derivative).
    @usableFromInline package let smallBranch: Bool
    /// `min(100·h₀, h₁)` was not a positive finite number, so the rule returned `h₀`.
    @usableFromInline package let fellBackToH0: Bool

    @inlinable
    init(f0: UnsafePointer<Double>, y1: UnsafePointer<Double>, f1: UnsafePointer<Double>, d0: Double, d1: Double, d2: Double,
         h0Unclamped: Double, h0: Double, h1: Double, rule: Double, smallBranch: Bool, fellBackToH0: Bool) {
        self.f0 = f0; self.y1 = y1; self.f1 = f1; self.d0 = d0; self.d1 = d1; self.d2 = d2
        self.h0Unclamped = h0Unclamped; self.h0 = h0; self.h1 = h1; self.rule = rule
        self.smallBranch = smallBranch; self.fellBackToH0 = fellBackToH0
    }
}

/// One trial step of the adaptive loop and the controller's decision on it.
@usableFromInline
package struct TrialStep {
    /// Start of the trial and the step tried (signed).
    @usableFromInline package let t: Double, h: Double
    /// Error norm, the controller's factor, and whether the previous trial was rejected.
    @usableFromInline package let err: Double, factor: Double
    @usableFromInline package let afterRejection: Bool
    /// The step was shortened to land on a stop time or `t1`.
    @usableFromInline package let landing: Bool
    @usableFromInline package let accepted: Bool
    /// Accepted landing step whose successor kept the previous, longer proposal.
    @usableFromInline package let keptPreviousStep: Bool
    /// Accepted step whose successor was capped at `maxStep`.
    @usableFromInline package let cappedAtMaxStep: Bool
    /// Stage rows filled: the method's stages, or with the extra dense-output stages.
    @usableFromInline package let stageRows: Int

    @inlinable
    init(t: Double, h: Double, err: Double, factor: Double, afterRejection: Bool, landing: Bool, accepted: Bool,
         keptPreviousStep: Bool, cappedAtMaxStep: Bool, stageRows: Int) {
        self.t = t; self.h = h; self.err = err; self.factor = factor; self.afterRejection = afterRejection
        self.landing = landing; self.accepted = accepted; self.keptPreviousStep = keptPreviousStep
        self.cappedAtMaxStep = cappedAtMaxStep; self.stageRows = stageRows
    }
}
