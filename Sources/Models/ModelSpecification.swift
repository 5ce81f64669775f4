import Foundation

/// What to learn, as a small Codable value: the fit command builds its field from it
/// and writes it into result files (as JSON, ``jsonString()``), so that a result file
/// alone says which model produced it. Every value that shapes the model is explicit.
///
/// - ``nBody(bodies:learn:softening:masses:G:)``: N-body gravity (`NBodyGravity`) with the
///   chosen groups learnable; `masses` (default all 1) and `G` (default 1) are the fixed
///   values of the other group and the starting values of the learned ones.
/// - ``timeSeries(system:dimension:parameters:learn:)``: a `Physics` time-series system by
///   name, its parameters all learnable or all fixed (`parameters` default: the system's own).
/// - ``mlp(hiddenWidths:activation:timeInput:stateDimension:outputScale:)``: a neural field (``MLPVectorField``).
/// - ``hybrid(known:mlp:)``: known physics (`nBody` or `timeSeries`) plus an MLP correction
///   (``HybridVectorField``); `mlp` must be an `.mlp` of the same state dimension.
///
/// - ``equations(_:)``: equations written by the user (``EquationSpecification``): source text,
///   states, parameters with starting values, which are fixed, bounds.
///
/// JSON is flat with a `kind` key, e.g.
/// `{"activation":"tanh","hiddenWidths":[64,64],"kind":"mlp","outputScale":1,"stateDimension":2,"timeInput":false}`.
public indirect enum ModelSpecification: Sendable, Equatable {
    case nBody(bodies: Int, learn: [NBodyParameterGroup], softening: Double = 0, masses: [Double]? = nil, G: Double = 1)
    case timeSeries(system: KnownSystem, dimension: Int? = nil, parameters: [Double]? = nil, learn: Bool = true)
    case mlp(hiddenWidths: [Int], activation: Activation, timeInput: Bool, stateDimension: Int, outputScale: Double = 1)
    case hybrid(known: ModelSpecification, mlp: ModelSpecification)
    /// Equations written by the user (`Equations.EquationModel`), with their parameters.
    case equations(EquationSpecification)
    /// A field written in Swift by a library user (any `DifferentiableVectorField`), recorded by
    /// name and shape so that its fit file says what was fitted; it cannot be rebuilt from the file
    /// (``build(seed:)`` throws), so pass the field itself to `Trainer.fit(field:…)` again.
    case custom(name: String, stateDimension: Int, parameterNames: [String])

    /// The `kind` written into JSON.
    public var kind: String {
        switch self {
        case .nBody: return "n-body"
        case .timeSeries: return "time-series"
        case .mlp: return "mlp"
        case .hybrid: return "hybrid"
        case .equations: return "equations"
        case .custom: return "custom"
        }
    }
}
