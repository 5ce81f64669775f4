/// One network named in `nn(name; inputs…)[k]` terms of an ``EquationModel``: its input and
/// output counts and where its inputs and outputs sit in the model's flat vectors.
///
/// The model itself knows no weights: it computes the networks' inputs from `(t, y; p)`
/// (``EquationModel/evaluateNetworkInputs(t:y:parameters:into:)``) and reads their outputs as
/// pseudo-parameters after the real ones. `Models.UniversalEquationModel` supplies the networks.
public struct EquationNetwork: Sendable, Equatable {
    /// The name written in `nn(name; …)`.
    public let name: String
    /// Number of inputs (every use passes the same ones).
    public let inputCount: Int
    /// Number of outputs: the largest `k` in `nn(name; …)[k]` plus one.
    public let outputCount: Int
    /// Where this network's inputs start in the concatenated input vector.
    public let inputOffset: Int
    /// Where this network's outputs start among the pseudo-parameters (after the real parameters).
    public let outputOffset: Int
}
