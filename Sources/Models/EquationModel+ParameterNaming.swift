import Equations

extension EquationModel: ParameterNaming {
    /// One scalar block per learned parameter, named by its name in the equations.
    public var parameterBlocks: [ParameterBlock] { ParameterBlock.scalars(parameterNames) }
}
