import Synchronization
import Testing
import Foundation
import Equations

/// The tape's shape: shared subexpressions, folded constants, powers, dead code, threads.
@Suite struct TapeTests {
    func count(_ source: String) throws -> Int { try EquationModel(source: source).instructionCount }

    @Test func commonSubexpressionsAreShared() throws {
        #expect(try count("d(x)/dt = x*y + y*x; d(y)/dt = 1") == 2)
        #expect(try count("D = x*y; d(x)/dt = x*y + D; d(y)/dt = sin(x*y)") == 3)
    }

    @Test func constantsAreFolded() throws {
        #expect(try count("d(x)/dt = 2*3 + x") == 1)
        #expect(try count("k = sqrt(4)*exp(0); d(x)/dt = k*x + 0 - (1 - 1)") == 1)
        let model = try EquationModel(source: "d(x)/dt = a*x", fixed: ["a": 2])
        #expect(model.parameterCount == 0 && model.instructionCount == 1)
        #expect(FieldProbe.value(model, t: 0, y: [3], p: []) == [6])
    }

    @Test func powersBecomeMultiplicationsOrSqrt() throws {
        #expect(try count("d(x)/dt = x^2") == 1)
        #expect(try count("d(x)/dt = x^4") == 2)
        #expect(try count("d(x)/dt = x^5") == 3)
        #expect(try count("d(x)/dt = x^-2") == 2)
        #expect(try count("d(x)/dt = x^0.5") == 1)
        #expect(try count("d(x)/dt = pow(x, 1.5)") == 2)
        #expect(try count("d(x)/dt = x^2.7") == 1)
        #expect(try count("d(x)/dt = x^0") == 0)
        let model = try EquationModel(source: "d(x)/dt = x^0.5 + x^2.7 + x^-3 + x^1.5")
        let x = 1.7
        let expected = x.squareRoot() + pow(x, 2.7) + 1 / (x * x * x) + x * x.squareRoot()
        #expect(abs(FieldProbe.value(model, t: 0, y: [x], p: [])[0] - expected) < 1e-14)
    }

    @Test func unusedIntermediatesAreDropped() throws {
        let model = try EquationModel(source: "unused = sin(x)*t; d(x)/dt = x")
        #expect(model.instructionCount == 0)
        #expect(model.isAutonomous)
        #expect(try !EquationModel(source: "d(x)/dt = x*t").isAutonomous)
    }

    @Test func parametersInOrderOfFirstAppearanceAndUnused() throws {
        let model = try EquationModel(source: "k = c*b; d(x)/dt = a*x + k; d(y)/dt = b")
        #expect(model.parameterNames == ["c", "b", "a"])
        let declared = try EquationModel(source: "d(x)/dt = a*x", parameters: ["a", "b"])
        #expect(declared.parameterNames == ["a", "b"] && declared.unusedParameters == ["b"])
    }

    @Test func nonDifferentiablePointsTakeTheDocumentedSide() throws {
        let model = try EquationModel(source: "d(x)/dt = abs(x) + min(x, y) + 2*max(y, x); d(y)/dt = 0")
        let (gy, _) = FieldProbe.vjp(model, t: 0, y: [0, 0], p: [], v: [1, 0])
        // abs'(0) = +1; min tie → first (x); max tie → first (y).
        #expect(gy == [2, 2])
    }

    @Test func sharedAcrossThreads() throws {
        let model = try EquationModel(source: HandWrittenFieldTests.threeBody, parameters: HandWrittenFieldTests.threeBodyParameters)
        let points = (0..<64).map { k in (0..<18).map { i in sin(Double(k * 18 + i)) * 2 } }
        let p = [1.0, 0.95, 1.05, 1]
        let serial = points.map { FieldProbe.vjp(model, t: 0, y: $0, p: p, v: $0).0 }
        let results = Mutex(Array(repeating: [Double](), count: 2 * points.count))
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for _ in 0..<200 {
                for (k, y) in points.enumerated() {
                    let g = FieldProbe.vjp(model, t: 0, y: y, p: p, v: y).0
                    results.withLock { $0[worker * points.count + k] = g }
                }
            }
        }
        let all = results.withLock { $0 }
        #expect(all == serial + serial)
    }
}
