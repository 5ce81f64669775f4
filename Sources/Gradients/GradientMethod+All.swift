extension GradientMethod: CaseIterable {
    /// A method without its settings: what `allCases` enumerates. A new method is one case
    /// here and one in ``GradientMethod``; `kind` and `init(_:adjointRtol:adjointAtol:)` switch
    /// over both exhaustively, so the compiler points at every place to extend, and the
    /// tests that iterate `allCases` then cover it.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case naive, naiveFrozenSteps, adjoint, aca
    }

    /// The default backward tolerances of ``GradientMethod/adjoint(rtol:atol:)`` in `allCases`.
    public static let defaultAdjointTolerance = 1e-8

    /// Every method, the adjoint with ``defaultAdjointTolerance``.
    public static var allCases: [GradientMethod] { Kind.allCases.map { GradientMethod($0) } }

    /// The method of this kind, with these backward tolerances where it has any.
    public init(_ kind: Kind, adjointRtol: Double = defaultAdjointTolerance, adjointAtol: Double = defaultAdjointTolerance) {
        switch kind {
        case .naive: self = .naive
        case .naiveFrozenSteps: self = .naiveFrozenSteps
        case .adjoint: self = .adjoint(rtol: adjointRtol, atol: adjointAtol)
        case .aca: self = .aca
        }
    }

    public var kind: Kind {
        switch self {
        case .naive: .naive
        case .naiveFrozenSteps: .naiveFrozenSteps
        case .adjoint: .adjoint
        case .aca: .aca
        }
    }

    /// This method with its backward tolerances (if it has any) set to `rtol`, `atol`.
    public func withBackwardTolerances(rtol: Double, atol: Double) -> GradientMethod {
        GradientMethod(kind, adjointRtol: rtol, adjointAtol: atol)
    }
}
