/// Integrates `dy/dt = f(t, y; p)` from `t0` to `t1` with adaptive steps and sensible defaults:
/// Dormand–Prince 5(4) (Dormand & Prince 1980) at `rtol = 1e-6`, `atol = 1e-9`, keeping the dense
/// output so that ``Solution/callAsFunction(_:)`` gives the state at any time in the span.
///
/// The array-based entry for a first look at a model; ``solve(_:from:to:initialState:parameters:method:stepSize:options:)``
/// takes every knob (fixed steps, stop times, step-size controller settings).
///
/// - Throws: ``ODEError`` as the full `solve` does (bad input, or an integration that stops early).
@inlinable
public func solve<Field: VectorField>(
    _ field: Field,
    from t0: Double, to t1: Double,
    initialState y0: [Double],
    parameters: [Double] = [],
    method tableau: ButcherTableau = .dormandPrince5,
    rtol: Double = 1e-6, atol: Double = 1e-9,
    saveAt: [Double] = []
) throws(ODEError) -> Solution {
    try solve(field, from: t0, to: t1, initialState: y0, parameters: parameters, method: tableau,
              stepSize: .adaptive(StepSizeController(rtol: rtol, atol: atol)),
              options: SolveOptions(saveAt: saveAt, storeDenseOutput: true))
}

extension Solution {
    /// The state at time `t` (inside the solved span) from the step's own interpolant:
    /// `solution(t)`. Needs a solve that stored its dense output (the defaulted `solve` does).
    public func callAsFunction(_ t: Double) throws(ODEError) -> [Double] {
        try evaluate(at: [t])
    }
}
