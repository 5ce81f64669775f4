import ArgumentParser
import Datasets
import Fitting
import Foundation
import Models
import Optimizers
import Physics

/// Where the data come from: `--data`, and for foreign files `--time`/`--state`.
struct DataOptions: ParsableArguments {
    @Option(help: "The data: a schema-v1 HDF5 file, any HDF5 file with --time and --state, or a CSV (or tab- or space-separated .tsv/.txt) file.") var data: String?
    @Option(help: "HDF5: the time dataset's path (e.g. /sim/t). CSV: the time column (default: t or time, any case).") var time: String?
    @Option(help: "HDF5: the state dataset's path (e.g. /sim/y).") var state: String?


    /// Reads the dataset, whatever its format, and warns on stderr about initial states it had to fill in.
    static func load(path: String, timePath: String?, statePath: String?) throws -> TrajectoryDataset {
        guard (timePath == nil) == (statePath == nil) || TrajectoryDataset.isTextTable(path) else {
            throw ValidationError("give both --time and --state (the time and state dataset paths), or neither for a schema-v1 file")
        }
        let dataset = try TrajectoryDataset.load(path: path, timePath: timePath, statePath: statePath)
        let notes = dataset.filledInitialStateNotes.map { "orrery: warning: \(path): \($0)\n" }
        if !notes.isEmpty { FileHandle.standardError.write(Data(notes.joined().utf8)) }
        return dataset
    }
}

/// What to learn.
struct ModelOptions: ParsableArguments {
    @Option(help: "three-body | n-body | mlp | hybrid | spiral | linear | lotka-volterra | van-der-pol | lorenz | damped-pendulum.")
    var model = "three-body"
    @Option(help: "Bodies for n-body.") var bodies = 3
    @Option(help: """
        What to learn (comma-separated). N-body: masses, G, initial-state (default masses). Time-series systems: \
        parameters and/or initial-state (default parameters). MLP and hybrid: initial-state to learn y0 too.
        """)
    var learn: String?
    @Option(help: """
        Starting (or fixed) values by name. N-body: masses=1,1,1,G=1. Time series: \
        \(KnownSystem.modelNames.map { "\($0): \(SystemCatalog.named($0)?.parameterNames.joined(separator: ",") ?? "")" }.joined(separator: "; ")); \
        linear: A=a11,a12,…; any system also takes parameters=v1,v2,… in order.
        """)
    var parameters: String?
    @Option(help: "MLP hidden widths, comma-separated.") var hidden = "64,64"
    @Option(help: "MLP activation: tanh | softplus | silu.") var activation = "tanh"
    @Flag(help: "Feed time to the MLP as an extra input.") var timeInput = false
    @Option(help: "Scale of the MLP's output layer.") var outputScale = 1.0
    @Option(help: "Hybrid: the known part (three-body, n-body or a time-series system).") var known = "three-body"

    var learnsInitialState: Bool { builtIn(values: [:]).learnsInitialState }

    /// `--parameters` by name (`masses=1,1,1,G=1`).
    func parsedParameters() throws -> [String: [Double]] {
        guard let parameters else { return [:] }
        return try BuiltInModel.parseValues(parameters)
    }

    /// The flags as the library's built-in model choice.
    func builtIn(values: [String: [Double]], hiddenWidths: [Int] = [], activation: Activation = .tanh) -> BuiltInModel {
        BuiltInModel(name: model, bodies: bodies, learn: learn.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
                     values: values, hiddenWidths: hiddenWidths, activation: activation, timeInput: timeInput, outputScale: outputScale, known: known)
    }

    /// The model for `dataset` (for N-body models G defaults to the data's own: ``BuiltInModel/specification(for:)``).
    func specification(for dataset: TrajectoryDataset) throws -> ModelSpecification {
        let networks = try networkSettings()
        return try builtIn(values: parsedParameters(), hiddenWidths: networks.hiddenWidths, activation: networks.activation).specification(for: dataset)
    }
}

/// The optimizer and its hyperparameters.
struct OptimizerOptions: ParsableArguments {
    @Option(help: """
        auto (default: Levenberg–Marquardt for models with ≤ 200 parameters, else AdaBelief then L-BFGS; the choice is \
        printed and recorded) | lm | lbfgs | adabelief (adabelief-pytorch 0.2.x defaults) | adabelief-paper | adam | adamw | sgd | radam.
        """) var optimizer = "auto"
    @Option(help: "Learning rate.") var lr = 1e-2
    @Option(help: "β1 (Adam family) / momentum (sgd).") var beta1: Double?
    @Option(help: "β2 (Adam family).") var beta2: Double?
    @Option(help: "ε (Adam family).") var eps: Double?
    @Option(help: "Weight decay.") var weightDecay = 0.0
    @Flag(help: "Nesterov momentum (sgd).") var nesterov = false
    @Option(help: "Learning-rate schedule: constant | exponential:γ | step:N:γ | cosine:MIN.") var schedule = "constant"
    @Option(help: "Clip the gradient's global norm to this.") var clipNorm: Double?

    /// The optimizer family and the first-order optimizer (for auto, lm and lbfgs: AdaBelief, used by auto's neural phase).
    func choice() throws -> (strategy: OptimizationStrategy, optimizer: OptimizerSpecification) {
        try flagged { try OptimizationStrategy.named(optimizer, learningRate: lr, beta1: beta1, beta2: beta2, epsilon: eps,
                                                     weightDecay: weightDecay, nesterov: nesterov) }
    }

    /// The schedule named by `--schedule`, validated (cosine's length is the fit's iterations, set later).
    func parsedSchedule() throws -> LearningRateSchedule {
        try flagged { try LearningRateSchedule(parsing: schedule, learningRate: lr) }
    }
}
