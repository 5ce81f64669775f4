import Testing
import Equations

/// Each class of error, with the line and column it reports.
@Suite struct ParseErrorTests {
    func error(_ source: String, states: [String]? = nil, parameters: [String]? = nil,
               fixed: [String: Double] = [:]) -> EquationError? {
        do {
            _ = try EquationModel(source: source, states: states, parameters: parameters, fixed: fixed)
            return nil
        } catch {
            return error
        }
    }

    @Test func badCharacter() {
        let e = error("d(x)/dt = x $ 2")
        #expect(e == EquationError(.badCharacter("$"), line: 1, column: 13))
        #expect(e?.description == "line 1, column 13: unexpected character \"$\"")
    }

    @Test func badNumber() {
        #expect(error("d(x)/dt = 1.2.3*x") == EquationError(.badNumber("1.2.3"), line: 1, column: 11))
        #expect(error("d(x)/dt = 2x") == EquationError(.badNumber("2x"), line: 1, column: 11))
        #expect(error("d(x)/dt = 1e") == EquationError(.badNumber("1e"), line: 1, column: 11))
    }

    @Test func unexpectedToken() {
        #expect(error("d(x)/dt = (x + 1\n") == EquationError(.unexpectedToken(found: "end of input", expected: "\")\""), line: 2, column: 1))
        #expect(error("d(x)/dt = x +\nd(y)/dt = 1")?.kind == .unexpectedToken(found: "end of line", expected: "a number, a name or \"(\""))
        #expect(error("d(x)/dx = 1") == EquationError(.unexpectedToken(found: "\"dx\"", expected: "\"dt\" in d(x)/dt"), line: 1, column: 6))
        #expect(error("d(x)/dt = x y")?.line == 1)
        #expect(error("d(x)/dt = x y")?.column == 13)
    }

    @Test func unknownFunctionAndArity() {
        #expect(error("d(x)/dt = foo(x)") == EquationError(.unknownFunction("foo"), line: 1, column: 11))
        #expect(error("d(x)/dt = 1\nd(y)/dt = pow(x)") == EquationError(.wrongArgumentCount(function: "pow", expected: 2, found: 1), line: 2, column: 11))
        #expect(error("d(x)/dt = sin(x, 2)")?.kind == .wrongArgumentCount(function: "sin", expected: 1, found: 2))
    }

    @Test func unknownName() {
        let e = error("d(x)/dt = a*x\nd(y)/dt = a - bb*y", parameters: ["a"])
        #expect(e == EquationError(.unknownName("bb"), line: 2, column: 15))
        #expect(e?.description.contains("unknown name \"bb\"") == true)
    }

    @Test func undeclaredAndMissingStates() {
        #expect(error("d(x)/dt = 1; d(y)/dt = 2", states: ["x"]) == EquationError(.undeclaredState("y"), line: 1, column: 16))
        #expect(error("d(x)/dt = 1", states: ["x", "y"])?.kind == .missingDerivative("y"))
    }

    @Test func duplicates() {
        #expect(error("d(x)/dt = 1\nd(x)/dt = 2") == EquationError(.duplicateDerivative("x"), line: 2, column: 3))
        #expect(error("a = 1; a = 2; d(x)/dt = a") == EquationError(.duplicateDefinition("a"), line: 1, column: 8))
        #expect(error("x = 1; d(x)/dt = x")?.kind == .duplicateDefinition("x"))
    }

    @Test func cycleAmongIntermediates() {
        let e = error("a = b + 1\nb = 2*c\nc = a\nd(x)/dt = a")
        #expect(e == EquationError(.cycle(["a", "b", "c", "a"]), line: 1, column: 1))
        #expect(e?.description == "line 1, column 1: intermediates depend on each other in a cycle: a → b → c → a")
        // Intermediates may be used before their definition when there is no cycle.
        #expect(error("d(x)/dt = k*x\nk = 2*c\nc = 3") == nil)
    }

    @Test func reservedUnknownParameterAndEmpty() {
        #expect(error("t = 1; d(x)/dt = t")?.kind == .reservedName("t"))
        #expect(error("d(x)/dt = a*x", fixed: ["q": 1])?.kind == .unknownParameter("q"))
        #expect(error("# only a comment\n;;") == EquationError(.noEquations, line: 0, column: 0))
    }

    @Test func acceptedSyntax() throws {
        let model = try EquationModel(source: """
            # comments, ';' and newlines, ** and ^, unary minus, and a multi-line parenthesis
            d(x)/dt = -x**2 + 2^-1 * (
                y + 1)   # trailing comment
            d(y)/dt = +x; d(z)/dt = -(-z) + .5e1
            """)
        #expect(model.stateNames == ["x", "y", "z"])
        #expect(model.parameterNames.isEmpty)
        #expect(FieldProbe.value(model, t: 0, y: [3, 4, 1], p: []) == [-9 + 2.5, 3, 6])
    }
}
