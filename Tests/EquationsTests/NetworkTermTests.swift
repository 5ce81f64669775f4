import Equations
import Testing

/// `nn(name; inputs…)[k]` terms: what the compiler makes of them (networks, input and output
/// counts, pseudo-parameters) and the errors it reports, each with its line and column.
@Suite struct NetworkTermTests {
    func error(_ source: String) -> EquationError? {
        do {
            _ = try EquationModel(source: source)
            return nil
        } catch {
            return error
        }
    }

    @Test("networks in order of first appearance; outputs = largest index + 1; inputs shared after simplification")
    func signatures() throws {
        let model = try EquationModel(source: """
            d(x)/dt = a*x + nn(U; x, x*y)[0]
            d(y)/dt = -b*y + nn(U; x, y*x)[2] + nn(V; t)[0]
            """)
        #expect(model.parameterNames == ["a", "b"])
        #expect(model.networks.map(\.name) == ["U", "V"])
        #expect(model.networks.map(\.inputCount) == [2, 1])
        #expect(model.networks.map(\.outputCount) == [3, 1])
        #expect(model.networks.map(\.inputOffset) == [0, 2])
        #expect(model.networks.map(\.outputOffset) == [0, 3])
        #expect(model.networkInputCount == 3)
        #expect(model.networkOutputCount == 4)
        #expect(model.parameterCount == 6)
        #expect(!model.isAutonomous)  // t reaches the equations through V's input only

        // The inputs: [x, x·y, t]; the equations read outputs 0 and 2 of U and 0 of V after a, b.
        let y = [2.0, 3.0], t = 0.5
        var inputs = [Double](repeating: .nan, count: 3)
        y.withUnsafeBufferPointer { yb in
            inputs.withUnsafeMutableBufferPointer { model.evaluateNetworkInputs(t: t, y: yb.baseAddress!, parameters: [1.0, 2.0], into: $0.baseAddress!) }
        }
        #expect(inputs == [2, 6, 0.5])
        let p = [1.0, 2.0, 10, 20, 30, 40]  // a, b, U[0], U[1], U[2], V[0]
        var dy = [0.0, 0.0]
        y.withUnsafeBufferPointer { yb in p.withUnsafeBufferPointer { pb in
            dy.withUnsafeMutableBufferPointer { model.evaluate(t: t, y: yb, parameters: pb, into: $0) }
        } }
        let expected: [Double] = [12, 64]  // [a·x + U₀, −b·y + U₂ + V₀]
        #expect(dy == expected)
    }

    @Test("nested networks are errors at the inner nn, directly or through an intermediate")
    func nesting() {
        #expect(error("d(x)/dt = nn(U; nn(V; x)[0])[0]") == EquationError(.nestedNetwork(outer: "U"), line: 1, column: 17))
        let e = error("h = nn(V; x)[0]\nd(x)/dt = nn(U; x, h)[0]")
        #expect(e == EquationError(.nestedNetwork(outer: "U"), line: 1, column: 5))
        #expect(e?.description.contains("inside the inputs of nn(U; …)") == true)
    }

    @Test("every use of a network must pass the same inputs; the second use is reported")
    func inconsistentInputs() {
        let e = error("d(x)/dt = nn(U; x, y)[0]\nd(y)/dt = nn(U; y, x)[1]")
        #expect(e == EquationError(.networkInputsDiffer("U"), line: 2, column: 11))
        #expect(error("d(x)/dt = nn(U; x)[0]; d(y)/dt = nn(U; x, y)[1]") == EquationError(.networkInputsDiffer("U"), line: 1, column: 34))
    }

    @Test("output indices are non-negative integers; a missing index, name or ';' is a parse error")
    func malformedTerms() {
        #expect(error("d(x)/dt = nn(U; x)[1.5]") == EquationError(.badNetworkOutput(name: "U", index: "1.5"), line: 1, column: 20))
        #expect(error("d(x)/dt = nn(U; x)[-1]") == EquationError(.badNetworkOutput(name: "U", index: "-"), line: 1, column: 20))
        #expect(error("d(x)/dt = nn(U; x)")?.kind == .unexpectedToken(found: "end of input", expected: "\"[\" and an output index after nn(U; …), e.g. nn(U; …)[0]"))
        #expect(error("d(x)/dt = nn(U, x)[0]") == EquationError(.unexpectedToken(found: "\",\"", expected: "\";\" after the network name in nn(U; inputs…)"), line: 1, column: 15))
        #expect(error("d(x)/dt = nn(2; x)[0]")?.column == 14)
        #expect(error("d(x)/dt = nn(U; x)[0")?.kind == .unexpectedToken(found: "end of input", expected: "\"]\""))
    }

    @Test("the input tape's reverse and forward sweeps agree with each other (⟨w, J u⟩ both ways)")
    func inputTapeSweeps() throws {
        let model = try EquationModel(source: "d(x)/dt = a*x + nn(U; sin(x*y) + a*t, exp(-y)/a)[0]; d(y)/dt = nn(U; sin(x*y) + a*t, exp(-y)/a)[1]")
        let y = [0.7, -0.4], p = [1.3], t = 0.9
        let u = [0.3, -1.1], pDot = [0.8], w = [1.7, -0.6]
        var gy = [0.0, 0.0], gp = [0.0], ju = [0.0, 0.0]
        y.withUnsafeBufferPointer { yb in
            model.networkInputsVectorJacobianProduct(t: t, y: yb.baseAddress!, parameters: p, cotangent: w,
                                                     stateCotangent: &gy, parameterCotangent: &gp)
            model.networkInputsTangent(t: t, y: yb.baseAddress!, parameters: p, stateTangent: u, parameterTangent: pDot,
                                       timeTangent: 0, into: &ju)
        }
        let forward = zip(w, ju).reduce(0) { $0 + $1.0 * $1.1 }
        let reverse = zip(gy, u).reduce(0) { $0 + $1.0 * $1.1 } + gp[0] * pDot[0]
        #expect(abs(forward - reverse) < 1e-14 * max(1, abs(forward)))
        // ∂inputs/∂t = [a, 0], exactly.
        var dt = [0.0, 0.0]
        y.withUnsafeBufferPointer { yb in
            model.networkInputsTangent(t: t, y: yb.baseAddress!, parameters: p, stateTangent: nil, parameterTangent: nil, timeTangent: 1, into: &dt)
        }
        #expect(dt == [1.3, 0])
    }

    @Test("equations without nn are unchanged: no networks, no input tape")
    func plainEquations() throws {
        let model = try EquationModel(source: "d(x)/dt = -k*x")
        #expect(model.networks.isEmpty && model.networkInputCount == 0 && model.networkOutputCount == 0)
        #expect(model.parameterCount == 1 && model.isAutonomous)
    }
}
