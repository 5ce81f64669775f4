/// How step sizes are chosen.
public enum StepSizeMode: Sendable, Hashable {
    /// Equal steps no longer than `dt` between consecutive stop times (and `t0`, `t1`).
    case fixed(dt: Double)
    /// Error-controlled steps (the method needs an error estimate).
    case adaptive(StepSizeController)
}
