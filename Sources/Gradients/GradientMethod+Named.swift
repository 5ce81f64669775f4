extension GradientMethod {
    /// The method whose ``name`` is `name` (`"naive"`, `"naive-frozen"`, `"adjoint"`, `"aca"`, `"mali"`), with these
    /// backward tolerances where it has any (the continuous adjoint's, Chen et al. 2018); nil for any other name.
    /// The one map from names to methods, for command lines and settings files.
    public init?(named name: String, adjointRtol: Double = defaultAdjointTolerance, adjointAtol: Double = defaultAdjointTolerance) {
        guard let kind = Kind.allCases.first(where: { GradientMethod($0).name == name }) else { return nil }
        self.init(kind, adjointRtol: adjointRtol, adjointAtol: adjointAtol)
    }
}
