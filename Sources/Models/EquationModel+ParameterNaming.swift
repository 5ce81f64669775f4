import Equations

extension EquationModel: ParameterNaming {
    /// One scalar block per learned parameter, named by its name in the equations; then, for
    /// equations with `nn(…)` terms, one block `nn.U.outputs` per network (its outputs, which
    /// this type reads as pseudo-parameters; ``UniversalEquationModel`` replaces them by weights).
    public var parameterBlocks: [ParameterBlock] {
        let m = equationParameterCount
        return ParameterBlock.scalars(parameterNames) + networks.map { network in
            ParameterBlock(name: "nn.\(network.name).outputs", range: (m + network.outputOffset)..<(m + network.outputOffset + network.outputCount),
                           shape: [network.outputCount])
        }
    }
}
