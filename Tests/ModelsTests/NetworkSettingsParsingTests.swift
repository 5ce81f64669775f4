import Models
import Testing

/// `NetworkSettings(parsingWidths:activation:)`: `--hidden`/`--activation` text as network settings.
@Suite("Network settings from text")
struct NetworkSettingsParsingTests {
    @Test("widths and activation parse; spaces and empty fields are ignored; empty text is an affine map")
    func parses() throws {
        #expect(try NetworkSettings(parsingWidths: "32,32", activation: "tanh") == NetworkSettings(hiddenWidths: [32, 32], activation: .tanh))
        #expect(try NetworkSettings(parsingWidths: " 8 , 16", activation: "silu") == NetworkSettings(hiddenWidths: [8, 16], activation: .silu))
        #expect(try NetworkSettings(parsingWidths: "4,,5", activation: "softplus").hiddenWidths == [4, 5])
        #expect(try NetworkSettings(parsingWidths: "", activation: "tanh").hiddenWidths.isEmpty)
        // Every activation is reachable by its name.
        for activation in Activation.allCases {
            #expect(try NetworkSettings(parsingWidths: "3", activation: activation.rawValue).activation == activation)
        }
    }

    @Test("non-positive or non-integer widths and unknown activations are refused, naming the knob and the text")
    func refuses() {
        for widths in ["0", "-1,4", "3.5", "a", "64,x"] {
            #expect(throws: NetworkSettings.ParseError.widths(widths)) { try NetworkSettings(parsingWidths: widths, activation: "tanh") }
        }
        #expect(throws: NetworkSettings.ParseError.activation("relu")) { try NetworkSettings(parsingWidths: "4", activation: "relu") }
        #expect(NetworkSettings.ParseError.activation("relu").description
            == "NetworkSettings(parsingWidths:)'s activation must be tanh, softplus or silu (got relu)")
        #expect(NetworkSettings.ParseError.widths("0").description.hasPrefix("NetworkSettings(parsingWidths:)'s widths must be positive integers"))
    }
}
