/// A finished ``Tape`` in flat, immutable, manually allocated memory: the owner of the
/// buffers that ``TapeKernel`` reads. Written once in `init`, only read afterwards, so it is
/// safe to share across threads (hence `@unchecked Sendable`).
final class TapeProgram: @unchecked Sendable {
    let tape: Tape
    let kernel: TapeKernel

    init(_ tape: Tape) {
        self.tape = tape
        let code = UnsafeMutablePointer<Instruction>.allocate(capacity: max(1, tape.instructions.count))
        code.initialize(from: tape.instructions, count: tape.instructions.count)
        let constants = UnsafeMutablePointer<Double>.allocate(capacity: max(1, tape.constants.count))
        constants.initialize(from: tape.constants, count: tape.constants.count)
        let outputs = UnsafeMutablePointer<Int>.allocate(capacity: max(1, tape.outputs.count))
        outputs.initialize(from: tape.outputs.map { Int($0) }, count: tape.outputs.count)
        kernel = TapeKernel(code: code, constants: constants, outputs: outputs, outputCount: tape.outputs.count,
                            stateCount: tape.stateCount, parameterCount: tape.parameterCount, timeRegister: tape.timeRegister,
                            constantBase: tape.constantBase, constantCount: tape.constants.count,
                            instructionBase: tape.instructionBase, instructionCount: tape.instructions.count,
                            registerCount: tape.registerCount)
    }

    deinit {
        kernel.code.deallocate()
        kernel.constants.deallocate()
        kernel.outputs.deallocate()
    }
}

/// The tape's interpreter: a plain value of pointers and sizes (no reference counting on the
/// hot path — with a class, retain/release around every loop cost more than a small tape's
/// arithmetic). The memory belongs to a ``TapeProgram`` that must outlive the kernel (an
/// ``EquationModel`` holds both). Each call brings its own register file (``RegisterScratch``),
/// so one kernel serves any number of threads at once.
struct TapeKernel: @unchecked Sendable {
    let code: UnsafeMutablePointer<Instruction>
    let constants: UnsafeMutablePointer<Double>
    let outputs: UnsafeMutablePointer<Int>
    /// Number of outputs: the state derivatives (main tape) or the networks' inputs (input tape).
    let outputCount: Int
    let stateCount: Int, parameterCount: Int, timeRegister: Int, constantBase: Int
    let constantCount: Int, instructionBase: Int, instructionCount: Int, registerCount: Int

    /// Writes `[y | p | t | constants]` into the first ``instructionBase`` registers.
    @inline(__always)
    func load(t: Double, y: UnsafePointer<Double>, parameters p: UnsafePointer<Double>?, into r: UnsafeMutablePointer<Double>) {
        for i in 0..<stateCount { r[i] = y[i] }
        if let p { for j in 0..<parameterCount { r[stateCount + j] = p[j] } }
        r[timeRegister] = t
        for k in 0..<constantCount { r[constantBase + k] = constants[k] }
    }

    /// Runs every instruction on a loaded register file (values only).
    @inline(__always)
    func run(_ r: UnsafeMutablePointer<Double>) {
        let out = r + instructionBase
        for k in 0..<instructionCount {
            let i = code[k]
            out[k] = i.op.apply(r[Int(i.a)], r[Int(i.b)])
        }
    }

    /// Copies the output registers of `r` into `dy`, in output order.
    @inline(__always)
    func store(_ r: UnsafePointer<Double>, into dy: UnsafeMutablePointer<Double>) {
        for i in 0..<outputCount { dy[i] = r[outputs[i]] }
    }

    /// Forward tangents (Griewank & Walther 2008, ch. 3): with values `r` loaded and leaf
    /// tangents `dr[0..<instructionBase]` seeded, fills every instruction's value and tangent
    /// `∂z/∂a·ȧ + ∂z/∂b·ḃ` (partials from ``Opcode/partials(_:_:_:)``).
    @inline(__always)
    func runTangents(_ r: UnsafeMutablePointer<Double>, _ dr: UnsafeMutablePointer<Double>) {
        let base = instructionBase
        for k in 0..<instructionCount {
            let i = code[k]
            let a = Int(i.a), b = Int(i.b)
            let z = i.op.apply(r[a], r[b])
            r[base + k] = z
            let (pa, pb) = i.op.partials(r[a], r[b], z)
            dr[base + k] = i.op.isBinary ? pa * dr[a] + pb * dr[b] : pa * dr[a]
        }
    }

    /// The reverse sweep (Griewank & Walther 2008, ch. 3–4): given forward values in `r` and
    /// zeroed `adjoint`, seeds the outputs with `v` and runs the instructions backwards, each
    /// adding `z̄·∂z/∂a` to `ā` and `z̄·∂z/∂b` to `b̄` (a register read by several instructions —
    /// a shared subexpression — collects all their contributions). Afterwards the state and
    /// parameter registers' adjoints are `vᵀ∂f/∂y` and `vᵀ∂f/∂p`.
    @inline(__always)
    func reverse(_ r: UnsafePointer<Double>, cotangent v: UnsafePointer<Double>, adjoint: UnsafeMutablePointer<Double>) {
        for i in 0..<outputCount { adjoint[outputs[i]] += v[i] }
        let base = instructionBase
        var k = instructionCount - 1
        while k >= 0 {
            let g = adjoint[base + k]
            let i = code[k]
            let a = Int(i.a), b = Int(i.b)
            let (pa, pb) = i.op.partials(r[a], r[b], r[base + k])
            adjoint[a] += g * pa
            if i.op.isBinary { adjoint[b] += g * pb }
            k -= 1
        }
    }

    // MARK: Entry points

    func evaluate(t: Double, y: UnsafePointer<Double>, parameters p: UnsafePointer<Double>?, into dy: UnsafeMutablePointer<Double>) {
        RegisterScratch.withDoubles(registerCount) { r in
            load(t: t, y: y, parameters: p, into: r)
            run(r)
            store(r, into: dy)
        }
    }

    func vectorJacobianProduct(t: Double, y: UnsafePointer<Double>, parameters p: UnsafePointer<Double>?,
                               cotangent v: UnsafePointer<Double>,
                               stateCotangent gy: UnsafeMutablePointer<Double>, parameterCotangent gp: UnsafeMutablePointer<Double>?) {
        RegisterScratch.withDoubles(2 * registerCount) { r in
            let adjoint = r + registerCount
            adjoint.initialize(repeating: 0, count: registerCount)
            load(t: t, y: y, parameters: p, into: r)
            run(r)
            reverse(r, cotangent: v, adjoint: adjoint)
            for i in 0..<stateCount { gy[i] += adjoint[i] }
            if let gp { for j in 0..<parameterCount { gp[j] += adjoint[stateCount + j] } }
        }
    }

    /// One tangent sweep; leaf tangents are the given state and parameter tangents and `timeTangent`.
    func tangent(t: Double, y: UnsafePointer<Double>, parameters p: UnsafePointer<Double>?,
                 stateTangent: UnsafePointer<Double>?, parameterTangent: UnsafePointer<Double>?, timeTangent: Double,
                 into out: UnsafeMutablePointer<Double>) {
        RegisterScratch.withDoubles(2 * registerCount) { r in
            let dr = r + registerCount
            dr.initialize(repeating: 0, count: instructionBase)
            if let stateTangent { for i in 0..<stateCount { dr[i] = stateTangent[i] } }
            if let parameterTangent { for j in 0..<parameterCount { dr[stateCount + j] = parameterTangent[j] } }
            dr[timeRegister] = timeTangent
            load(t: t, y: y, parameters: p, into: r)
            runTangents(r, dr)
            store(dr, into: out)
        }
    }
}
