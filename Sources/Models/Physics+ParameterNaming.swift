import Physics

extension NBodyGravity: ParameterNaming {
    /// `masses` (n), then `G`.
    public var parameterBlocks: [ParameterBlock] {
        [ParameterBlock(name: "masses", range: 0..<bodyCount, shape: [bodyCount]),
         ParameterBlock(name: "G", range: bodyCount..<(bodyCount + 1), shape: [])]
    }
}

extension LinearSystem: ParameterNaming {
    /// `A` (d×d, row-major).
    public var parameterBlocks: [ParameterBlock] {
        [ParameterBlock(name: "A", range: 0..<(dimension * dimension), shape: [dimension, dimension])]
    }
}

extension LotkaVolterra: ParameterNaming {
    public var parameterBlocks: [ParameterBlock] { ParameterBlock.scalars(["alpha", "beta", "delta", "gamma"]) }
}

extension VanDerPol: ParameterNaming {
    public var parameterBlocks: [ParameterBlock] { ParameterBlock.scalars(["mu"]) }
}

extension Lorenz: ParameterNaming {
    public var parameterBlocks: [ParameterBlock] { ParameterBlock.scalars(["sigma", "rho", "beta"]) }
}

extension DampedPendulum: ParameterNaming {
    public var parameterBlocks: [ParameterBlock] { ParameterBlock.scalars(["b", "g_over_L"]) }
}

extension ParameterBlock {
    /// One scalar block per name, at consecutive indices.
    static func scalars(_ names: [String]) -> [ParameterBlock] {
        names.enumerated().map { ParameterBlock(name: $1, range: $0..<($0 + 1), shape: []) }
    }
}
