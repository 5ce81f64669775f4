import HDF5Kit
import Optimizers

/// Everything needed to evaluate a fit and to resume it exactly where it stopped.
///
/// On disk (schema v1, `kind = "fit"`; see datasets/README.md): the named
/// parameter blocks under `/model/parameters` and `/model/best_parameters`
/// (their order in the flat vector in the `parameter_order` attribute), the
/// optimizer's buffers under `/optimizer/state` with `step` and `optimizer`
/// attributes, the history under `/history`, and the settings as root
/// attributes plus one `config_json` attribute that `--resume` reads back.
public struct FitCheckpoint: Sendable, Equatable {
    /// A named block of the flat parameter vector.
    public struct Block: Sendable, Equatable {
        public var name: String
        public var range: Range<Int>
        public init(name: String, range: Range<Int>) { self.name = name; self.range = range }
    }

    public var blocks: [Block]
    public var parameters: [Double]
    public var bestParameters: [Double]
    public var bestValidationLoss: Double
    public var bestIteration: Int
    /// Completed iterations.
    public var iteration: Int
    public var optimizerState: OptimizerState
    public var history: FitHistory
    /// The fit's settings as JSON (decoded by the fitting code on resume).
    public var configurationJSON: String
    /// Settings and provenance written as root attributes (for people and other tools).
    public var attributes: [String: HDF5AttributeValue]
    /// How the fit ended (``FitStatus``: converged, max-iterations, stalled, diverged, interrupted,
    /// running); files from before these words may say "completed" or "early-stopped".
    public var status: String
    /// Standard errors and correlations at the optimum, when computed (least-squares fits).
    public var uncertainty: FitUncertainty?

    public init(blocks: [Block], parameters: [Double], bestParameters: [Double], bestValidationLoss: Double, bestIteration: Int,
                iteration: Int, optimizerState: OptimizerState, history: FitHistory, configurationJSON: String,
                attributes: [String: HDF5AttributeValue], status: String) {
        self.blocks = blocks
        self.parameters = parameters
        self.bestParameters = bestParameters
        self.bestValidationLoss = bestValidationLoss
        self.bestIteration = bestIteration
        self.iteration = iteration
        self.optimizerState = optimizerState
        self.history = history
        self.configurationJSON = configurationJSON
        self.attributes = attributes
        self.status = status
    }

    /// Writes the checkpoint atomically (temporary file, then rename).
    public func write(to path: String) throws {
        try HDF5File.writeAtomically(to: path) { file in
            let root = try file.root
            try root.setAttribute("schema_version", .integer(1))
            try root.setAttribute("kind", .string("fit"))
            for (name, value) in attributes.sorted(by: { $0.key < $1.key }) { try root.setAttribute(name, value) }
            try root.setAttribute("config_json", .string(configurationJSON))
            try root.setAttribute("iteration", .integer(Int64(iteration)))
            try root.setAttribute("status", .string(status))
            try root.setAttribute("best_iteration", .integer(Int64(bestIteration)))
            try root.setAttribute("best_validation_loss", .double(bestValidationLoss))
            let model = try root.createGroup("model")
            try model.setAttribute("parameter_order", .strings(blocks.map(\.name)))
            for (group, values) in [("parameters", parameters), ("best_parameters", bestParameters)] {
                let g = try model.createGroup(group)
                for block in blocks { try g.write(NDArray(Array(values[block.range])), to: block.name) }
            }
            let optimizer = try root.createGroup("optimizer")
            try optimizer.setAttribute("optimizer", .string(optimizerState.optimizer))
            try optimizer.setAttribute("step", .integer(Int64(optimizerState.step)))
            if let count = optimizerState.parameterCount { try optimizer.setAttribute("parameter_count", .integer(Int64(count))) }
            try optimizer.setAttribute("buffer_order", .strings(optimizerState.buffers.map(\.name)))
            let state = try optimizer.createGroup("state")
            for buffer in optimizerState.buffers { try state.write(NDArray(buffer.values), to: buffer.name) }
            let history = try root.createGroup("history")
            try history.write(NDArray(self.history.loss), to: "loss")
            try history.write(NDArray(self.history.validationLoss), to: "validation_loss")
            try history.write(NDArray(self.history.functionEvaluations), to: "function_evaluations")
            // Wall-clock seconds stay out of the file: the same command gives the same bytes.
            try uncertainty?.write(to: root, blocks: blocks)
        }
    }

    /// Reads a checkpoint written by ``write(to:)`` and validates it (``validate(file:)``).
    public static func read(from path: String) throws -> FitCheckpoint {
        let checkpoint = try readUnchecked(from: path)
        try checkpoint.validate(file: path)
        return checkpoint
    }

    /// A required integer attribute.
    private static func integer(_ object: some HDF5Object, _ name: String) throws -> Int64 {
        guard let value = try object.attribute(name).integerValue else {
            throw HDF5Error.typeMismatch(path: "\(object.path)@\(name)", expected: "an integer", found: "another value")
        }
        return value
    }

    private static func readUnchecked(from path: String) throws -> FitCheckpoint {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        let root = try file.root
        guard root.hasAttribute("kind"), try root.attribute("kind").stringValue == "fit" else {
            throw HDF5Error.typeMismatch(path: path, expected: "an Orrery fit file (kind = \"fit\")", found: "another file")
        }
        let model = try root.group("model")
        let order: [String] = switch try model.attribute("parameter_order") {
        case .strings(let names): names
        case .string(let name): [name]
        default: []
        }
        var blocks: [Block] = [], parameters: [Double] = [], best: [Double] = []
        for name in order {
            let values = try model.read("parameters/" + name, as: Double.self).values
            blocks.append(Block(name: name, range: parameters.count..<(parameters.count + values.count)))
            parameters += values
            best += try model.read("best_parameters/" + name, as: Double.self).values
        }
        let optimizer = try root.group("optimizer")
        let bufferOrder: [String] = switch try optimizer.attribute("buffer_order") {
        case .strings(let names): names
        case .string(let name): [name]
        default: []
        }
        let buffers = try bufferOrder.map { OptimizerState.Buffer(name: $0, values: try optimizer.read("state/" + $0, as: Double.self).values) }
        let parameterCount = optimizer.hasAttribute("parameter_count") ? try optimizer.attribute("parameter_count").integerValue : nil
        let optimizerState = OptimizerState(optimizer: try optimizer.attribute("optimizer").stringValue ?? "",
                                            step: Int(clamping: try integer(optimizer, "step")), buffers: buffers,
                                            parameterCount: parameterCount.map { Int(clamping: $0) })
        var history = FitHistory()
        history.loss = try root.read("history/loss", as: Double.self).values
        history.validationLoss = try root.read("history/validation_loss", as: Double.self).values
        history.functionEvaluations = try root.read("history/function_evaluations", as: Double.self).values
        if root.contains("history/seconds") { history.seconds = try root.read("history/seconds", as: Double.self).values }
        let reserved: Set<String> = ["schema_version", "kind", "config_json", "iteration", "status", "best_iteration", "best_validation_loss"]
        var attributes: [String: HDF5AttributeValue] = [:]
        for (name, value) in try root.attributes() where !reserved.contains(name) { attributes[name] = value }
        var checkpoint = FitCheckpoint(
            blocks: blocks, parameters: parameters, bestParameters: best,
            bestValidationLoss: try root.attribute("best_validation_loss").doubleValue ?? .nan,
            bestIteration: Int(clamping: try integer(root, "best_iteration")),
            iteration: Int(clamping: try integer(root, "iteration")), optimizerState: optimizerState, history: history,
            configurationJSON: try root.attribute("config_json").stringValue ?? "{}", attributes: attributes,
            status: try root.attribute("status").stringValue ?? "unknown")
        checkpoint.uncertainty = try FitUncertainty.read(from: root, parameterCount: parameters.count)
        return checkpoint
    }
}
