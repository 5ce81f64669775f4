/// How an observation at time `τ` reads the solution, and so where its loss
/// cotangent enters the backward sweep.
public enum ObservationMode: String, Sendable, Hashable, CaseIterable {
    /// Steps land exactly on every observation time (`SolveOptions.stopTimes`): the
    /// prediction is a step end, computed at the method's full order, and its cotangent
    /// is added to the state cotangent at that checkpoint. The default: exact, simplest,
    /// and the prediction carries no interpolation error (a 5th-order step end rather
    /// than a 4th-order interpolant for dopri5). It costs extra (shortened) steps when
    /// observations are denser than the steps the tolerance needs.
    case stepOnObservations = "step"
    /// Steps ignore the observation times; each prediction comes from the method's own
    /// dense output inside the step that contains it, and the cotangent flows back
    /// through the interpolant (linear in the step's start and stages). Fewer steps
    /// when observations are dense; predictions carry the interpolant's (lower-order) error.
    case denseOutput = "dense"
}
