import ODE

/// A vector field written as equations, compiled once into an instruction tape.
///
///     let model = try EquationModel(source: """
///         d(x)/dt = alpha*x - beta*x*y
///         d(y)/dt = delta*x*y - gamma*y
///         """)
///     model.stateNames      // ["x", "y"]  (the order of the d(·)/dt statements)
///     model.parameterNames  // ["alpha", "beta", "delta", "gamma"]  (order of first appearance)
///
/// The language: statements separated by `;` or newlines, `#` comments; `d(x)/dt = expr`
/// (one per state), intermediates `name = expr` (usable anywhere, cycles are errors);
/// numbers, names, `t`, `+ - * / ^` (`**` too), unary minus, parentheses and the functions
/// of ``BuiltinFunction``. Parameters are the remaining free names in order of first
/// appearance, or a declared list. Errors are ``EquationError`` values with line and column.
///
/// The tape shares common subexpressions, folds constants and turns constant integer and
/// half-integer powers into multiplications and `sqrt` (``TapeBuilder``). Value, exact
/// vector–Jacobian product (reverse sweep), Jacobian–vector product and `∂f/∂t` (forward
/// sweeps) all run the same tape on a per-call register file on the stack (``RegisterScratch``),
/// so evaluation does not allocate and one model may be used from many threads at once.
/// Non-differentiable points get one-sided derivatives (see ``Opcode/partials(_:_:_:)``):
/// `abs'(0) = +1`, `min`/`max` ties differentiate the first argument, `pow(a, b)` has
/// `∂/∂b = 0` where `a ≤ 0`.
public struct EquationModel: ForwardDifferentiableVectorField, TimeDifferentiableVectorField, Sendable, Equatable {
    /// The source text, as given.
    public let source: String
    /// State names, in state-vector order.
    public let stateNames: [String]
    /// Names of the (learnable) parameters, in parameter-vector order; fixed ones are not listed.
    public let parameterNames: [String]
    /// Parameters with fixed values, compiled in as constants.
    public let fixedParameters: [String: Double]
    /// Declared parameters that no equation reads.
    public let unusedParameters: [String]
    let tape: Tape

    /// Compiles `source`. `states`: the state order (each must have one `d(x)/dt`; default:
    /// the order of the `d(x)/dt` statements). `parameters`: the declared parameter names
    /// (any other free name is then an error; default: free names by first appearance).
    /// `fixed`: parameters held at given values (compiled in as constants, not in the vector).
    public init(source: String, states: [String]? = nil, parameters: [String]? = nil,
                fixed: [String: Double] = [:]) throws(EquationError) {
        let compiled = try EquationCompiler.compile(source: source, states: states, parameters: parameters, fixed: fixed)
        self.source = source
        self.stateNames = compiled.stateNames
        self.parameterNames = compiled.parameterNames
        self.fixedParameters = fixed
        self.unusedParameters = compiled.unusedParameters
        self.tape = compiled.tape
    }

    public var dimension: Int { tape.stateCount }
    public var parameterCount: Int { tape.parameterCount }
    /// True iff `t` appears in no equation (after unused intermediates are dropped).
    public var isAutonomous: Bool { !tape.usesTime }
    /// Number of tape instructions (after sharing, folding and dead-code removal).
    public var instructionCount: Int { tape.instructions.count }

    /// The parameter vector for values by name (every parameter needs one).
    /// Throws ``EquationError/Kind/unknownParameter(_:)`` for a name that is not a parameter.
    public func parameterVector(_ values: [String: Double]) throws(EquationError) -> [Double?] {
        for name in values.keys.sorted() where !parameterNames.contains(name) {
            throw EquationError(.unknownParameter(name), line: 0, column: 0)
        }
        return parameterNames.map { values[$0] }
    }

    public func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                         into dy: UnsafeMutableBufferPointer<Double>) {
        let tape = self.tape
        RegisterScratch.withDoubles(tape.registerCount) { r in
            tape.load(t: t, y: y, parameters: p, into: r)
            tape.run(r)
            tape.store(r, into: dy.baseAddress!)
        }
    }

    public func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                                      cotangent v: UnsafeBufferPointer<Double>,
                                      stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                                      parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        let tape = self.tape
        let count = tape.registerCount
        RegisterScratch.withDoubles(2 * count) { r in
            let adjoint = r + count
            adjoint.initialize(repeating: 0, count: count)
            tape.load(t: t, y: y, parameters: p, into: r)
            tape.run(r)
            tape.reverse(r, cotangent: v, adjoint: adjoint)
            for i in 0..<tape.stateCount { gy[i] += adjoint[i] }
            for j in 0..<tape.parameterCount { gp[j] += adjoint[tape.stateCount + j] }
        }
    }

    public func jacobianVectorProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                                      stateTangent: UnsafeBufferPointer<Double>, parameterTangent: UnsafeBufferPointer<Double>,
                                      into out: UnsafeMutableBufferPointer<Double>) {
        tangents(t: t, y: y, parameters: p, into: out) { tape, dr in
            for i in 0..<tape.stateCount { dr[i] = stateTangent[i] }
            for j in 0..<tape.parameterCount { dr[tape.stateCount + j] = parameterTangent[j] }
        }
    }

    public func timeDerivative(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                               into out: UnsafeMutableBufferPointer<Double>) {
        tangents(t: t, y: y, parameters: p, into: out) { tape, dr in dr[tape.timeRegister] = 1 }
    }

    /// One forward tangent sweep; leaf tangents start at 0 and `seed` sets some of them.
    @inline(__always)
    private func tangents(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                          into out: UnsafeMutableBufferPointer<Double>,
                          seed: (Tape, UnsafeMutablePointer<Double>) -> Void) {
        let tape = self.tape
        let count = tape.registerCount
        RegisterScratch.withDoubles(2 * count) { r in
            let dr = r + count
            dr.initialize(repeating: 0, count: tape.instructionBase)
            seed(tape, dr)
            tape.load(t: t, y: y, parameters: p, into: r)
            tape.runTangents(r, dr)
            tape.store(dr, into: out.baseAddress!)
        }
    }
}
