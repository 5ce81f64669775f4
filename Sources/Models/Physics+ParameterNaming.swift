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

// The named systems take their parameter names from `SystemCatalog`, the one list that the
// dataset writer uses too, so a fit reports each parameter under the name the data file has.

extension LotkaVolterra: ParameterNaming {
    public var parameterBlocks: [ParameterBlock] { ParameterBlock.scalars(SystemCatalog.named("lotka-volterra")!.parameterNames) }
}

extension VanDerPol: ParameterNaming {
    public var parameterBlocks: [ParameterBlock] { ParameterBlock.scalars(SystemCatalog.named("van-der-pol")!.parameterNames) }
}

extension Lorenz: ParameterNaming {
    public var parameterBlocks: [ParameterBlock] { ParameterBlock.scalars(SystemCatalog.named("lorenz")!.parameterNames) }
}

extension DampedPendulum: ParameterNaming {
    public var parameterBlocks: [ParameterBlock] { ParameterBlock.scalars(SystemCatalog.named("damped-pendulum")!.parameterNames) }
}

extension ParameterBlock {
    /// One scalar block per name, at consecutive indices.
    static func scalars(_ names: [String]) -> [ParameterBlock] {
        names.enumerated().map { ParameterBlock(name: $1, range: $0..<($0 + 1), shape: []) }
    }
}
