import Randomness
import Models
import ODE
import Physics
import Testing

@Suite("∂f/∂t and isAutonomous of the built-in models")
struct TimeDerivativeTests {
    /// `∂f/∂t` as an array.
    func timeSlope<F: TimeDifferentiableVectorField>(_ field: F, t: Double, _ y: [Double], _ p: [Double]) -> [Double] {
        var out = [Double](repeating: .nan, count: field.dimension)
        y.withUnsafeBufferPointer { yb in p.withUnsafeBufferPointer { pb in
            out.withUnsafeMutableBufferPointer { field.timeDerivative(t: t, y: yb, parameters: pb, into: $0) }
        } }
        return out
    }

    @Test("MLP with time input: ∂f/∂t matches central differences in t, for every activation and depth",
          arguments: Activation.allCases)
    func mlpTimeSlope(activation: Activation) {
        var random = SeededRandom(seed: 11)
        for hidden in [[], [7], [5, 6]] {
            let field = MLPVectorField(stateDimension: 3, hiddenWidths: hidden, activation: activation, timeInput: true,
                                       outputScale: 0.7)
            #expect(!field.isAutonomous)
            let p = randomizedParameters(field, seed: 3)
            let y = randomVector(3, &random), t = 0.37
            let slope = timeSlope(field, t: t, y, p)
            let h = 1e-5
            for i in 0..<3 {
                let fd = (evaluate(field, t: t + h, y, p)[i] - evaluate(field, t: t - h, y, p)[i]) / (2 * h)
                #expect(abs(slope[i] - fd) < 1e-8 * max(1, abs(fd)), "\(activation) \(hidden) component \(i)")
            }
        }
    }

    @Test("autonomous models say so; an MLP without time input has ∂f/∂t = 0; wrappers forward")
    func autonomy() throws {
        let plain = MLPVectorField(stateDimension: 2, hiddenWidths: [4], activation: .tanh)
        #expect(plain.isAutonomous)
        #expect(timeSlope(plain, t: 1, [0.1, 0.2], plain.initialParameters(seed: 1)) == [0, 0])
        let timed = MLPVectorField(stateDimension: 2, hiddenWidths: [4], activation: .tanh, timeInput: true)
        #expect(HybridVectorField(known: LotkaVolterra(), correction: plain).isAutonomous)
        let hybrid = HybridVectorField(known: LotkaVolterra(), correction: timed)
        #expect(!hybrid.isAutonomous)
        let p = hybrid.initialParameters(known: LotkaVolterra.defaultParameters, seed: 2)
        let mlpOnly = timeSlope(timed, t: 0.5, [0.3, 0.4], Array(p[4...]))
        #expect(timeSlope(hybrid, t: 0.5, [0.3, 0.4], p) == mlpOnly)
        #expect(SubsetParameterField(base: LotkaVolterra(), fullDefaults: LotkaVolterra.defaultParameters, learnableIndices: [0]).isAutonomous)
        for spec in [ModelSpecification.nBody(bodies: 3, learn: [.masses]), .timeSeries(system: .lorenz),
                     .timeSeries(system: .lotkaVolterra, learn: false),
                     .hybrid(known: .timeSeries(system: .vanDerPol), mlp: .mlp(hiddenWidths: [3], activation: .tanh, timeInput: false, stateDimension: 2))] {
            #expect(try spec.makeField().isAutonomous, "\(spec)")
        }
        let timedSpec = ModelSpecification.hybrid(known: .timeSeries(system: .vanDerPol),
                                                  mlp: .mlp(hiddenWidths: [3], activation: .tanh, timeInput: true, stateDimension: 2))
        let field = try timedSpec.makeField()
        #expect(!field.isAutonomous && field is any TimeDifferentiableVectorField)
    }
}
