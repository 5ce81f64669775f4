import Randomness
import Equations
import ODE

/// Equations with learned terms: a universal differential equation (Rackauckas et al. 2020,
/// "Universal Differential Equations for Scientific Machine Learning") written as text, e.g.
/// Lotka–Volterra with the interaction terms replaced by a network:
///
///     let model = try UniversalEquationModel(source: """
///         d(x)/dt = alpha*x + nn(U; x, y)[0]
///         d(y)/dt = -delta*y + nn(U; x, y)[1]
///         """, networks: ["U": NetworkSettings(hiddenWidths: [32, 32])])
///     model.parameterCount  // 2 + (2·32+32) + (32·32+32) + (32·2+2)
///
/// `nn(U; e1, …, en)[k]` is output `k` (0-based) of the multilayer perceptron `U`
/// (``MultilayerPerceptron``) fed `e1 … en`; every use of `U` passes the same inputs and `U`
/// has as many outputs as the largest `k` plus one. **Parameters**: the equations' learned
/// parameters (``EquationModel/parameterNames``), then each network's weights in order of
/// first appearance (blocks `nn.U`, one per network, so reports list a network as one block).
///
/// **Evaluation** is a composition that leaves the equation tapes as they are: the input
/// tape gives the networks' inputs from `(t, y; p)`, the networks give their outputs, and the
/// main tape reads them as pseudo-parameters. The **VJP** runs it backwards (main tape reverse
/// → output cotangents → network VJP → input tape reverse); the **JVP** and `∂f/∂t` run it
/// forwards (input tangents → network JVP → main tape tangents), so forward sensitivities
/// (Levenberg–Marquardt) and the naive gradient of time-dependent equations work unchanged.
/// Per-call scratch lives on the stack (``Scratch``): no allocation, safe from many threads.
public struct UniversalEquationModel: ForwardDifferentiableVectorField, TimeDifferentiableVectorField, Sendable {
    /// The compiled equations (network outputs as pseudo-parameters).
    public let equations: EquationModel
    /// One network per ``EquationModel/networks`` entry, same order.
    public let networks: [MultilayerPerceptron]
    /// Where each network's weights start in the flat parameter vector.
    public let weightOffsets: [Int]
    public let parameterCount: Int

    /// Pairs the compiled equations with their networks' settings (every network needs an entry).
    public init(equations: EquationModel, networks settings: [String: NetworkSettings]) throws(ModelSpecificationError) {
        var networks: [MultilayerPerceptron] = [], offsets: [Int] = [], offset = equations.equationParameterCount
        for network in equations.networks {
            guard let s = settings[network.name] else {
                throw ModelSpecificationError("equations: network \(network.name) has no settings (give its hidden widths and activation, e.g. [networks.\(network.name)] in a model file, or NetworkSettings for every network)")
            }
            guard s.hiddenWidths.allSatisfy({ $0 >= 1 && $0 <= 100_000 }) else {
                throw ModelSpecificationError("equations: network \(network.name) needs hidden widths from 1 to 100000 (got \(s.hiddenWidths))")
            }
            let mlp = MultilayerPerceptron(inputCount: network.inputCount, outputCount: network.outputCount,
                                           hiddenWidths: s.hiddenWidths, activation: s.activation)
            networks.append(mlp)
            offsets.append(offset)
            offset += mlp.parameterCount
        }
        for name in settings.keys.sorted() where !equations.networks.contains(where: { $0.name == name }) {
            throw ModelSpecificationError("equations: settings are given for a network \(name), but no nn(\(name); …)[k] term uses it")
        }
        self.equations = equations
        self.networks = networks
        self.weightOffsets = offsets
        self.parameterCount = offset
    }

    /// Compiles `source` (see ``EquationModel/init(source:states:parameters:fixed:)``) and pairs it
    /// with the networks' settings; a network not in `networks` gets `defaults`.
    public init(source: String, networks settings: [String: NetworkSettings] = [:], defaults: NetworkSettings = .standard,
                states: [String]? = nil, parameters: [String]? = nil, fixed: [String: Double] = [:]) throws {
        let equations = try EquationModel(source: source, states: states, parameters: parameters, fixed: fixed)
        var all = settings
        for network in equations.networks where all[network.name] == nil { all[network.name] = defaults }
        try self.init(equations: equations, networks: all)
    }

    public var dimension: Int { equations.dimension }
    public var isAutonomous: Bool { equations.isAutonomous }
    /// Number of learned parameters of the equations (the weights follow them).
    public var equationParameterCount: Int { equations.equationParameterCount }

    /// `equationParameters` followed by each network's initial weights, network `i` drawn from
    /// `SeededRandom(seed: seed, stream: i)` (see ``MultilayerPerceptron/initialParameters(random:)``).
    public func initialParameters(equationParameters: [Double], seed: UInt64) -> [Double] {
        precondition(equationParameters.count == equationParameterCount,
                     "UniversalEquationModel: \(equationParameters.count) equation parameters, expected \(equationParameterCount)")
        var p = equationParameters
        for (i, network) in networks.enumerated() {
            var random = SeededRandom(seed: seed, stream: UInt64(i))
            p += network.initialParameters(random: &random)
        }
        return p
    }

    /// Scratch layout shared by the sweeps: `[real parameters | network outputs]` (what the main
    /// tape reads as its parameters), then the network inputs.
    @usableFromInline var extendedCount: Int { equations.parameterCount }

    public func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                         into dy: UnsafeMutableBufferPointer<Double>) {
        let e = extendedCount
        Scratch.withDoubles(e + equations.networkInputCount) { extended in
            let inputs = extended + e
            forwardNetworks(t: t, y: y.baseAddress!, parameters: p.baseAddress!, extended: extended, inputs: inputs)
            equations.evaluate(t: t, y: y, parameters: UnsafeBufferPointer(start: extended, count: e), into: dy)
        }
    }

    /// Fills `extended` (`[p_real | network outputs]`) and `inputs` (the networks' inputs).
    @inline(__always)
    func forwardNetworks(t: Double, y: UnsafePointer<Double>, parameters p: UnsafePointer<Double>,
                         extended: UnsafeMutablePointer<Double>, inputs: UnsafeMutablePointer<Double>) {
        let m = equationParameterCount
        for j in 0..<m { extended[j] = p[j] }
        equations.evaluateNetworkInputs(t: t, y: y, parameters: p, into: inputs)
        for (i, network) in equations.networks.enumerated() {
            networks[i].evaluate(inputs + network.inputOffset, parameters: p + weightOffsets[i],
                                 into: extended + m + network.outputOffset)
        }
    }

    public func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                                      cotangent v: UnsafeBufferPointer<Double>,
                                      stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                                      parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        let m = equationParameterCount, e = extendedCount, n = equations.networkInputCount
        // Scratch: extended values | inputs | extended cotangent | input cotangent.
        Scratch.withDoubles(2 * (e + n)) { extended in
            let inputs = extended + e, gExtended = inputs + n, gInputs = gExtended + e
            let y0 = y.baseAddress!, p0 = p.baseAddress!, gp0 = gp.baseAddress!
            forwardNetworks(t: t, y: y0, parameters: p0, extended: extended, inputs: inputs)
            gExtended.initialize(repeating: 0, count: e + n)
            equations.vectorJacobianProduct(t: t, y: y, parameters: UnsafeBufferPointer(start: extended, count: e), cotangent: v,
                                            stateCotangent: gy, parameterCotangent: UnsafeMutableBufferPointer(start: gExtended, count: e))
            for j in 0..<m { gp0[j] += gExtended[j] }
            for (i, network) in equations.networks.enumerated() {
                networks[i].vectorJacobianProduct(inputs + network.inputOffset, parameters: p0 + weightOffsets[i],
                                                  cotangent: gExtended + m + network.outputOffset,
                                                  inputCotangent: gInputs + network.inputOffset,
                                                  parameterCotangent: gp0 + weightOffsets[i])
            }
            equations.networkInputsVectorJacobianProduct(t: t, y: y0, parameters: p0, cotangent: gInputs,
                                                         stateCotangent: gy.baseAddress!, parameterCotangent: gp0)
        }
    }
}

extension UniversalEquationModel: Equatable {
    public static func == (a: UniversalEquationModel, b: UniversalEquationModel) -> Bool {
        a.equations == b.equations && a.networks == b.networks
    }
}

extension UniversalEquationModel: ParameterNaming {
    /// The equations' parameters by name, then one block `nn.U` per network (its flat weights,
    /// laid out as ``MultilayerPerceptron`` documents).
    public var parameterBlocks: [ParameterBlock] {
        ParameterBlock.scalars(equations.parameterNames) + zip(equations.networks, zip(networks, weightOffsets)).map { network, pair in
            ParameterBlock(name: "nn.\(network.name)", range: pair.1..<(pair.1 + pair.0.parameterCount), shape: [pair.0.parameterCount])
        }
    }
}
