import Foundation
import Models

/// The map between a parameter `θ` as the model sees it and the variable `u` the optimizer moves.
///
/// Transforms keep constrained parameters feasible whatever step the optimizer takes and put
/// parameters of very different magnitudes on one footing:
/// - `scaled(s)`: `θ = s·u` (unconstrained; `s` the starting magnitude, so `u` starts near ±1),
/// - `log`: `θ = exp(u)` (positive; a step in `u` is a relative change of `θ`),
/// - `lowerBound(lo)`: `θ = lo + exp(u)`, `upperBound(hi)`: `θ = hi − exp(u)`,
/// - `interval(lo, hi)`: `θ = lo + (hi − lo)·σ(u)` with the logistic `σ`.
public enum ParameterTransform: Sendable, Equatable, Codable {
    case scaled(Double)
    case log
    case lowerBound(Double)
    case upperBound(Double)
    case interval(Double, Double)

    /// `θ(u)`.
    @inlinable public func external(_ u: Double) -> Double {
        switch self {
        case .scaled(let s): s * u
        case .log: Foundation.exp(u)
        case .lowerBound(let lo): lo + Foundation.exp(u)
        case .upperBound(let hi): hi - Foundation.exp(u)
        case .interval(let lo, let hi): lo + (hi - lo) / (1 + Foundation.exp(-u))
        }
    }

    /// `u(θ)`; `θ` must be feasible (strictly inside the bounds).
    @inlinable public func `internal`(_ theta: Double) -> Double {
        switch self {
        case .scaled(let s): theta / s
        case .log: Foundation.log(theta)
        case .lowerBound(let lo): Foundation.log(theta - lo)
        case .upperBound(let hi): Foundation.log(hi - theta)
        case .interval(let lo, let hi):
            Foundation.log((theta - lo) / (hi - theta))
        }
    }

    /// `dθ/du` at `u`.
    @inlinable public func derivative(_ u: Double) -> Double {
        switch self {
        case .scaled(let s): s
        case .log: Foundation.exp(u)
        case .lowerBound: Foundation.exp(u)
        case .upperBound: -Foundation.exp(u)
        case .interval(let lo, let hi):
            (hi - lo) * (1 / (1 + Foundation.exp(-u))) * (1 / (1 + Foundation.exp(u)))
        }
    }

    /// Whether `θ` lies strictly inside the transform's range (where `internal` is defined).
    public func isFeasible(_ theta: Double) -> Bool {
        guard theta.isFinite else { return false }
        switch self {
        case .scaled: return true
        case .log: return theta > 0
        case .lowerBound(let lo): return theta > lo
        case .upperBound(let hi): return theta < hi
        case .interval(let lo, let hi): return theta > lo && theta < hi
        }
    }

    /// One line for logs: `log`, `scaled ×2.5`, `(0, 3)`.
    public var summary: String {
        switch self {
        case .scaled(let s): s == 1 ? "identity" : "scaled ×\(s)"
        case .log: "log (positive)"
        case .lowerBound(let lo): "(\(lo), ∞)"
        case .upperBound(let hi): "(−∞, \(hi))"
        case .interval(let lo, let hi): "(\(lo), \(hi))"
        }
    }
}

/// Lower and upper bounds for one named parameter (`--bounds name=lo:hi`; either may be infinite).
public struct ParameterBounds: Codable, Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public init(lower: Double, upper: Double) { self.lower = lower; self.upper = upper }
}

/// The transforms of a whole parameter vector and the maps between the two spaces.
public struct ParameterTransforms: Sendable, Equatable {
    public let transforms: [ParameterTransform]

    public init(_ transforms: [ParameterTransform]) { self.transforms = transforms }

    /// One transform per parameter: bounds where given (by element name, e.g. `masses[1]`, or by
    /// block name for the whole block), else `log` for positive parameters (when `positivity` is on),
    /// else scaling by the starting magnitude (`|θ₀|`, or 1 at 0) when `scale` is on.
    /// Throws ``FitError`` when a start is outside its bounds or bounds are inverted.
    public static func make(names: [String], blockNames: [String], domains: [ParameterDomain], start: [Double],
                            bounds: [String: ParameterBounds], positivity: Bool, scale: Bool) throws -> ParameterTransforms {
        var result: [ParameterTransform] = []
        for (i, name) in names.enumerated() {
            let domain = i < domains.count ? domains[i] : .real
            let theta = start[i]
            var transform: ParameterTransform
            if let b = bounds[name] ?? bounds[blockNames[i]] {
                var lower = b.lower, upper = b.upper
                if domain == .positive && positivity { lower = max(lower, 0) }
                guard lower < upper else { throw FitError("bounds for \(name) are empty (\(lower) ≥ \(upper)); give it a lower bound below the upper one (FitConfiguration.bounds)") }
                switch (lower.isFinite, upper.isFinite) {
                case (true, true): transform = .interval(lower, upper)
                case (true, false): transform = lower == 0 ? .log : .lowerBound(lower)
                case (false, true): transform = .upperBound(upper)
                case (false, false): transform = .scaled(scale && theta != 0 ? abs(theta) : 1)
                }
            } else if domain == .positive && positivity {
                transform = .log
            } else {
                transform = .scaled(scale && theta != 0 && theta.isFinite ? abs(theta) : 1)
            }
            guard transform.isFeasible(theta) else {
                let reason = domain == .positive && positivity ? "must be positive" : "lies outside its bounds \(transform.summary)"
                throw FitError("the starting value of \(name) (\(theta)) \(reason); change it (Trainer.fit's initialParameters) or the bounds (FitConfiguration.bounds)")
            }
            result.append(transform)
        }
        return ParameterTransforms(result)
    }

    /// The identity (no constraints, no scaling) for `count` parameters.
    public static func identity(_ count: Int) -> ParameterTransforms {
        ParameterTransforms([ParameterTransform](repeating: .scaled(1), count: count))
    }

    public var count: Int { transforms.count }
    public func external(_ u: [Double]) -> [Double] { zip(transforms, u).map { $0.external($1) } }
    public func `internal`(_ theta: [Double]) -> [Double] { zip(transforms, theta).map { $0.internal($1) } }
    public func derivatives(_ u: [Double]) -> [Double] { zip(transforms, u).map { $0.derivative($1) } }
}
