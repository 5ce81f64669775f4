extension ParameterNaming {
    /// `parameters` with the blocks named in `values` replaced (`masses=[…]`, `G=[…]`, one value
    /// per element of the block).
    /// - Throws: ``ModelSpecificationError`` naming `BuiltInModel.values` for a block given the wrong
    ///   number of values, a name that is no block, or non-positive masses.
    public func assigning(_ values: [String: [Double]], to parameters: [Double]) throws(ModelSpecificationError) -> [Double] {
        var values = values, p = parameters
        for block in parameterBlocks {
            guard let given = values.removeValue(forKey: block.name) else { continue }
            guard given.count == block.range.count else {
                throw ModelSpecificationError("BuiltInModel.values: \(block.name) takes \(block.range.count) value(s), got \(given.count)")
            }
            for (offset, value) in given.enumerated() { p[block.range.lowerBound + offset] = value }
        }
        if let unknown = values.keys.sorted().first {
            throw ModelSpecificationError("BuiltInModel.values: unknown name '\(unknown)'; this model's parameters are \(parameterBlocks.map(\.name).joined(separator: ", "))")
        }
        if let masses = parameterBlocks.first(where: { $0.name == "masses" }), p[masses.range].contains(where: { $0 <= 0 }) {
            throw ModelSpecificationError("BuiltInModel.values: masses must be positive (got \(Array(p[masses.range])))")
        }
        return p
    }
}
