/// Forward sweeps over the tape: values, and values with tangents (forward-mode automatic
/// differentiation, Griewank & Walther, *Evaluating Derivatives*, 2nd ed., 2008, ch. 3:
/// each instruction's tangent is `∂z/∂a·ȧ + ∂z/∂b·ḃ`, from ``Opcode/partials(_:_:_:)``).
extension Tape {
    /// Writes `[y | p | t | constants]` into the first ``instructionBase`` registers.
    @inline(__always)
    func load(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
              into r: UnsafeMutablePointer<Double>) {
        for i in 0..<stateCount { r[i] = y[i] }
        for j in 0..<parameterCount { r[stateCount + j] = p[j] }
        r[timeRegister] = t
        constants.withUnsafeBufferPointer { c in
            for k in 0..<c.count { r[constantBase + k] = c[k] }
        }
    }

    /// Runs every instruction on a loaded register file.
    @inline(__always)
    func run(_ r: UnsafeMutablePointer<Double>) {
        instructions.withUnsafeBufferPointer { code in
            let out = r + instructionBase
            for k in 0..<code.count {
                let i = code[k]
                out[k] = i.op.apply(r[Int(i.a)], r[Int(i.b)])
            }
        }
    }

    /// Copies the output registers into `dy`, in state order.
    @inline(__always)
    func store(_ r: UnsafeMutablePointer<Double>, into dy: UnsafeMutablePointer<Double>) {
        outputs.withUnsafeBufferPointer { o in
            for i in 0..<o.count { dy[i] = r[Int(o[i])] }
        }
    }

    /// Runs every instruction on loaded values `r` and seeded leaf tangents `dr`
    /// (`dr[0..<instructionBase]`), filling the instructions' values and tangents.
    @inline(__always)
    func runTangents(_ r: UnsafeMutablePointer<Double>, _ dr: UnsafeMutablePointer<Double>) {
        instructions.withUnsafeBufferPointer { code in
            let base = instructionBase
            for k in 0..<code.count {
                let i = code[k]
                let a = Int(i.a), b = Int(i.b)
                let z = i.op.apply(r[a], r[b])
                r[base + k] = z
                let (pa, pb) = i.op.partials(r[a], r[b], z)
                dr[base + k] = i.op.isBinary ? pa * dr[a] + pb * dr[b] : pa * dr[a]
            }
        }
    }
}
