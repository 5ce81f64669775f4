/// The architecture of one network in a universal differential equation
/// (`nn(name; inputs…)[k]` in ``EquationSpecification``): hidden widths and activation.
/// Its input and output counts come from the equations.
///
/// JSON: `{"activation":"tanh","hiddenWidths":[32,32]}`.
public struct NetworkSettings: Codable, Sendable, Equatable, CustomStringConvertible {
    /// Widths of the hidden layers (empty: an affine map).
    public var hiddenWidths: [Int]
    /// The hidden layers' activation.
    public var activation: Activation

    public init(hiddenWidths: [Int], activation: Activation = .tanh) {
        self.hiddenWidths = hiddenWidths
        self.activation = activation
    }

    /// What `orrery fit` uses without `--hidden`/`--activation`: two hidden layers of 64, tanh
    /// (the built-in neural model's defaults).
    public static let standard = NetworkSettings(hiddenWidths: [64, 64], activation: .tanh)

    /// `hidden 32,32 tanh`.
    public var description: String { "hidden \(hiddenWidths.map(String.init).joined(separator: ",")) \(activation)" }
}
