import ODE

/// A base field with only some of its parameters learnable; the others stay at fixed values.
///
/// Holds the base's full parameter vector (``fullDefaults``) and the sorted list of
/// learnable indices. Its own `parameters` are the learnable values only, in index order.
/// `evaluate` copies the defaults into per-call stack scratch (`Scratch`), scatters the learnable
/// values over them and calls the base; the VJP runs the base's VJP into a zeroed
/// scratch cotangent and gathers it at the learnable indices (the state cotangent goes
/// straight through). This is how `--learn masses` on a three-body model keeps `G` fixed:
/// `NBodyGravity`'s parameters are `[m_1 … m_n, G]` and only `0..<n` are learnable.
public struct SubsetParameterField<Base: DifferentiableVectorField>: DifferentiableVectorField {
    public let base: Base
    /// The base's full parameter vector; entries at ``learnableIndices`` are overridden per call.
    public let fullDefaults: [Double]
    /// Indices into the base's parameter vector, strictly increasing.
    public let learnableIndices: [Int]

    public init(base: Base, fullDefaults: [Double], learnableIndices: [Int]) {
        precondition(fullDefaults.count == base.parameterCount,
                     "SubsetParameterField: \(fullDefaults.count) defaults for \(base.parameterCount) parameters")
        precondition(zip(learnableIndices, learnableIndices.dropFirst()).allSatisfy { $0 < $1 },
                     "SubsetParameterField: learnable indices must be strictly increasing")
        precondition(learnableIndices.allSatisfy { fullDefaults.indices.contains($0) },
                     "SubsetParameterField: learnable index out of range")
        self.base = base
        self.fullDefaults = fullDefaults
        self.learnableIndices = learnableIndices
    }

    public var dimension: Int { base.dimension }
    public var parameterCount: Int { learnableIndices.count }

    /// The defaults at the learnable indices: the natural starting point of a fit.
    public var initialParameters: [Double] { learnableIndices.map { fullDefaults[$0] } }

    /// The base's full parameter vector for given learnable values.
    public func fullParameters(_ learnable: [Double]) -> [Double] {
        precondition(learnable.count == parameterCount, "SubsetParameterField: \(learnable.count) values for \(parameterCount) learnable parameters")
        var full = fullDefaults
        for (k, index) in learnableIndices.enumerated() { full[index] = learnable[k] }
        return full
    }

    @inlinable
    public func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                         into dy: UnsafeMutableBufferPointer<Double>) {
        let m = fullDefaults.count
        Scratch.withDoubles(m) { pointer in
            let full = UnsafeMutableBufferPointer(start: pointer, count: m)
            scatter(p, into: full)
            base.evaluate(t: t, y: y, parameters: UnsafeBufferPointer(full), into: dy)
        }
    }

    @inlinable
    public func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                                      cotangent v: UnsafeBufferPointer<Double>,
                                      stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                                      parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        let m = fullDefaults.count
        Scratch.withDoubles(2 * m) { pointer in
            let scratch = UnsafeMutableBufferPointer(start: pointer, count: 2 * m)
            let full = UnsafeMutableBufferPointer(rebasing: scratch[0..<m])
            let gFull = UnsafeMutableBufferPointer(rebasing: scratch[m..<(2 * m)])
            scatter(p, into: full)
            for k in 0..<m { gFull[k] = 0 }
            base.vectorJacobianProduct(t: t, y: y, parameters: UnsafeBufferPointer(full), cotangent: v,
                                       stateCotangent: gy, parameterCotangent: gFull)
            learnableIndices.withUnsafeBufferPointer { indices in
                for k in 0..<indices.count { gp[k] += gFull[indices[k]] }
            }
        }
    }

    /// `full = fullDefaults` with `p` written at the learnable indices.
    @inlinable
    func scatter(_ p: UnsafeBufferPointer<Double>, into full: UnsafeMutableBufferPointer<Double>) {
        fullDefaults.withUnsafeBufferPointer { defaults in
            for k in 0..<defaults.count { full[k] = defaults[k] }
        }
        learnableIndices.withUnsafeBufferPointer { indices in
            for k in 0..<indices.count { full[indices[k]] = p[k] }
        }
    }
}

extension SubsetParameterField: Sendable where Base: Sendable {}

extension SubsetParameterField: ParameterNaming where Base: ParameterNaming {
    /// The base's blocks restricted to the learnable indices: a block whose elements are
    /// all learnable keeps its name and shape; otherwise each learnable element is its own
    /// scalar block named as in ``ParameterBlock/elementNames`` (`masses[1]`).
    public var parameterBlocks: [ParameterBlock] {
        let position = Dictionary(uniqueKeysWithValues: learnableIndices.enumerated().map { ($1, $0) })
        var blocks: [ParameterBlock] = []
        for block in base.parameterBlocks {
            let learnable = block.range.filter { position[$0] != nil }
            if learnable.isEmpty { continue }
            if learnable.count == block.range.count {
                let start = position[block.range.lowerBound]!
                blocks.append(ParameterBlock(name: block.name, range: start..<(start + block.range.count), shape: block.shape))
            } else {
                let names = block.elementNames
                for index in learnable {
                    let k = position[index]!
                    blocks.append(ParameterBlock(name: names[index - block.range.lowerBound], range: k..<(k + 1), shape: []))
                }
            }
        }
        return blocks
    }
}

extension SubsetParameterField {
    /// The base's answer: fixing parameters does not introduce time dependence.
    public var isAutonomous: Bool { base.isAutonomous }
}

extension SubsetParameterField: TimeDifferentiableVectorField where Base: TimeDifferentiableVectorField {
    /// The base's `∂f/∂t` at the full parameter vector.
    @inlinable
    public func timeDerivative(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                               into out: UnsafeMutableBufferPointer<Double>) {
        let m = fullDefaults.count
        Scratch.withDoubles(m) { pointer in
            let full = UnsafeMutableBufferPointer(start: pointer, count: m)
            scatter(p, into: full)
            base.timeDerivative(t: t, y: y, parameters: UnsafeBufferPointer(full), into: out)
        }
    }
}
