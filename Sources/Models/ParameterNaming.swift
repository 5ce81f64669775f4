/// A field whose flat parameter vector is described by named blocks.
///
/// Conforming types promise that the blocks cover `0..<parameterCount` exactly once,
/// in order (the tests check this for every model).
public protocol ParameterNaming {
    var parameterBlocks: [ParameterBlock] { get }
}

extension ParameterNaming {
    /// One name per parameter, in flat order (`layers.0.weight[3,1]`, `masses[0]`, `G`).
    public var parameterNames: [String] { parameterBlocks.flatMap(\.elementNames) }
}
