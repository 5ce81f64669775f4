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
/// sweeps) all run the same tape on a per-call register file on the stack (``RegisterScratch``, ``TapeProgram``),
/// so evaluation does not allocate and one model may be used from many threads at once.
/// Non-differentiable points get one-sided derivatives (see ``Opcode/partials(_:_:_:)``):
/// `abs'(0) = +1`, `min`/`max` ties differentiate the first argument, `pow(a, b)` has
/// `∂/∂b = 0` where `a ≤ 0`.
///
/// **Networks** (universal differential equations, Rackauckas et al. 2020): a term
/// `nn(U; e1, …, en)[k]` is output `k` (0-based) of a network `U` fed the inputs `e1 … en`.
/// This type knows no weights: each network's outputs are pseudo-parameters after the real
/// ones (``parameterCount`` counts both, ``networks`` says where), and its inputs come from a
/// second tape (``evaluateNetworkInputs(t:y:parameters:into:)``). `Models.UniversalEquationModel`
/// composes the two with multilayer perceptrons into a field whose parameters are the real
/// ones and the weights.
public struct EquationModel: ForwardDifferentiableVectorField, TimeDifferentiableVectorField, Sendable {
    /// The source text, as given.
    public let source: String
    /// State names, in state-vector order.
    public let stateNames: [String]
    /// Names of the (learnable) parameters, in parameter-vector order; fixed ones are not listed
    /// (nor are the networks' outputs, which follow them in the parameter vector).
    public let parameterNames: [String]
    /// Parameters with fixed values, compiled in as constants.
    public let fixedParameters: [String: Double]
    /// Declared parameters that no equation reads.
    public let unusedParameters: [String]
    /// The networks of the `nn(…)` terms, in order of first appearance (empty for plain equations).
    public let networks: [EquationNetwork]
    let program: TapeProgram
    /// `program.kernel`, copied out so that calls touch no reference count.
    let kernel: TapeKernel
    /// The networks' inputs (nil without networks), and its kernel.
    let inputProgram: TapeProgram?
    let inputKernel: TapeKernel?

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
        self.networks = compiled.networks
        self.program = TapeProgram(compiled.tape)
        self.kernel = program.kernel
        self.inputProgram = compiled.inputTape.map(TapeProgram.init)
        self.inputKernel = inputProgram?.kernel
    }

    public var dimension: Int { kernel.stateCount }
    /// The learned parameters plus the networks' outputs (``networkOutputCount``).
    public var parameterCount: Int { kernel.parameterCount }
    /// True iff `t` appears in no equation and no network input (after unused intermediates are dropped).
    public var isAutonomous: Bool { !program.tape.usesTime && !(inputProgram?.tape.usesTime ?? false) }
    /// Number of tape instructions (after sharing, folding and dead-code removal).
    public var instructionCount: Int { kernel.instructionCount }

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
        kernel.evaluate(t: t, y: y.baseAddress!, parameters: p.baseAddress, into: dy.baseAddress!)
    }

    public func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                                      cotangent v: UnsafeBufferPointer<Double>,
                                      stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                                      parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        kernel.vectorJacobianProduct(t: t, y: y.baseAddress!, parameters: p.baseAddress, cotangent: v.baseAddress!,
                                      stateCotangent: gy.baseAddress!, parameterCotangent: gp.baseAddress)
    }

    public func jacobianVectorProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                                      stateTangent: UnsafeBufferPointer<Double>, parameterTangent: UnsafeBufferPointer<Double>,
                                      into out: UnsafeMutableBufferPointer<Double>) {
        kernel.tangent(t: t, y: y.baseAddress!, parameters: p.baseAddress, stateTangent: stateTangent.baseAddress,
                        parameterTangent: parameterTangent.baseAddress, timeTangent: 0, into: out.baseAddress!)
    }

    public func timeDerivative(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                               into out: UnsafeMutableBufferPointer<Double>) {
        kernel.tangent(t: t, y: y.baseAddress!, parameters: p.baseAddress, stateTangent: nil, parameterTangent: nil,
                        timeTangent: 1, into: out.baseAddress!)
    }
}

extension EquationModel: Equatable {
    /// Models are equal when compiled from the same source with the same declarations.
    public static func == (a: EquationModel, b: EquationModel) -> Bool {
        a.source == b.source && a.stateNames == b.stateNames && a.parameterNames == b.parameterNames
            && a.fixedParameters == b.fixedParameters && a.program.tape == b.program.tape
            && a.networks == b.networks && a.inputProgram?.tape == b.inputProgram?.tape
    }
}
