import Randomness
import ODE
import Physics
import TestSupport
import Testing

@Suite("Physics vector fields: VJPs against finite differences")
struct VectorFieldVJPTests {
    private func randomVector(_ count: Int, _ random: inout SeededRandom, scale: Double = 1) -> [Double] {
        (0..<count).map { _ in scale * random.uniform(-1, 1) }
    }

    @Test("N-body gravity: state, masses and G", arguments: [(2, 0.0), (3, 0.0), (3, 0.05), (5, 0.0)])
    func nBody(bodies: Int, softening: Double) {
        var random = SeededRandom(seed: 42, stream: UInt64(bodies))
        let field = NBodyGravity(bodyCount: bodies, softening: softening)
        for _ in 0..<5 {
            let y = randomVector(6 * bodies, &random, scale: 2)
            let p = (0..<bodies).map { _ in random.uniform(0.5, 1.5) } + [random.uniform(0.5, 2)]
            let v = randomVector(6 * bodies, &random)
            #expect(VJPChecker.maxRelativeError(field, y: y, parameters: p, cotangent: v) < 1e-7)
        }
    }

    @Test("time-series systems")
    func timeSeriesSystems() {
        var random = SeededRandom(seed: 7)
        let cases: [(any DifferentiableVectorField, [Double])] = [
            (LinearSystem(dimension: 2), LinearSystem.spiralMatrix),
            (LinearSystem(dimension: 4), randomVector(16, &random)),
            (LotkaVolterra(), LotkaVolterra.defaultParameters),
            (VanDerPol(), [2.5]),
            (Lorenz(), Lorenz.defaultParameters),
            (DampedPendulum(), DampedPendulum.defaultParameters),
        ]
        for (field, p) in cases {
            for _ in 0..<3 {
                let y = randomVector(field.dimension, &random, scale: 2)
                let v = randomVector(field.dimension, &random)
                let error = VJPChecker.maxRelativeError(field, y: y, parameters: p, cotangent: v)
                #expect(error < 1e-7, "\(type(of: field)): \(error)")
            }
        }
    }

    @Test("the checker catches a wrong VJP")
    func checkerCatchesMistakes() {
        struct WrongSign: DifferentiableVectorField {
            var dimension: Int { 1 }
            var parameterCount: Int { 1 }
            func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                          into dy: UnsafeMutableBufferPointer<Double>) { dy[0] = parameters[0] * y[0] * y[0] }
            func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                                       cotangent v: UnsafeBufferPointer<Double>, stateCotangent: UnsafeMutableBufferPointer<Double>,
                                       parameterCotangent: UnsafeMutableBufferPointer<Double>) {
                stateCotangent[0] += 2 * parameters[0] * y[0] * v[0]
                parameterCotangent[0] = y[0] * y[0] * v[0] // overwrites instead of accumulating
            }
        }
        #expect(VJPChecker.maxRelativeError(WrongSign(), y: [1.3], parameters: [0.7], cotangent: [1]) > 0.1)
    }
}
