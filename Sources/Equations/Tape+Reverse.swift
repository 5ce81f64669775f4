/// The reverse sweep (reverse-mode automatic differentiation, Griewank & Walther,
/// *Evaluating Derivatives*, 2nd ed., 2008, ch. 3–4): after a forward sweep has filled every
/// register, adjoints flow from the outputs back through the instructions in reverse order,
/// each adding `z̄·∂z/∂a` to `ā` and `z̄·∂z/∂b` to `b̄`. A register read by several instructions
/// (a shared subexpression) collects all of their contributions.
extension Tape {
    /// Given forward values in `r` and zero adjoints in `adjoint`, seeds the outputs with `v`
    /// and sweeps back; afterwards `adjoint[0..<stateCount]` and
    /// `adjoint[stateCount..<stateCount + parameterCount]` hold `vᵀ∂f/∂y` and `vᵀ∂f/∂p`.
    @inline(__always)
    func reverse(_ r: UnsafeMutablePointer<Double>, cotangent v: UnsafeBufferPointer<Double>,
                 adjoint: UnsafeMutablePointer<Double>) {
        outputs.withUnsafeBufferPointer { o in
            for i in 0..<o.count { adjoint[Int(o[i])] += v[i] }
        }
        instructions.withUnsafeBufferPointer { code in
            let base = instructionBase
            var k = code.count - 1
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
    }
}
