/// The flat parameter layout shared by ``MLPVectorField`` and ``MultilayerPerceptron`` (and the
/// CKernels MLP kernels that read it): for each layer `l` in order, `W_l` row-major
/// (`out × in`), then `b_l` (`out`).
enum DenseLayerLayout {
    /// Offset of each layer's `W` (its `b` follows it) for `layerSizes = [in] + hidden + [out]`,
    /// and the total parameter count.
    static func offsets(layerSizes sizes: [Int]) -> (offsets: [Int], parameterCount: Int) {
        var offsets: [Int] = [], offset = 0
        for l in 0..<(sizes.count - 1) {
            offsets.append(offset)
            offset += sizes[l + 1] * sizes[l] + sizes[l + 1]
        }
        return (offsets, offset)
    }
}
