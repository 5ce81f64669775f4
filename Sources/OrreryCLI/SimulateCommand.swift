import Generation
import ArgumentParser
import Datasets
import Foundation
import Models

/// `orrery simulate`: integrate one model from chosen initial states and parameters.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Integrate a model from given initial states and parameters into a dataset (HDF5 schema v1, or CSV).",
        discussion: """
            The model is a built-in system (--model) or an N-body system from a JSON bodies file (--bodies), whose \
            names become state labels (x_NAME, …, then vx_NAME, …: all positions, then all velocities, as in the \
            N-body datasets; masses in /parameters/masses, G in /parameters/G and the root attributes). \
            Gravity uses G = 1 unless --units (or the bodies file's "G") says otherwise; the output records G and units. \
            Default integrator: DOP853 at rtol = atol = 1e-13.
            Examples:
              orrery simulate --model lotka-volterra --parameters alpha=1.2 --initial-state x=1,y=0.5 --t-end 10 --samples 200 --output lv.h5
              orrery simulate --bodies solar.json --units au,yr,msun --t-end 10 --samples 1000 --output solar.h5
              orrery simulate --model van-der-pol --initial-state starts.csv --times times.txt --noise 0.01 --output vdp.csv
            """
    )

    @OptionGroup var model: ModelChoiceOptions
    @OptionGroup var equationOptions: EquationModelOptions
    @OptionGroup var units: UnitsOptions
    @Option(help: ArgumentHelp("The initial state by label (x=1,y=0.5), as a plain list in state order, or a CSV/HDF5 file of many (CSV: one column per state label, optional t0).",
                               valueName: "x=…,y=…|FILE"))
    var initialState: String?
    @OptionGroup var options: SimulationOptions

    /// Bad input found while running is one line on stderr (like every other failure), not a usage dump.
    func run() throws { try reportingErrors { try execute() } }

    func execute() throws {
        let resolved = try model.resolve(unitsG: try units.gravitationalConstant(), equations: equationOptions)
        let (states, starts) = try initialStates(resolved)
        try options.refuseOverwriting([model.bodies, equationOptions.modelFile, options.times,
                                       initialState.map(InitialStateTable.namesFile) == true ? initialState : nil].compactMap { $0 })
        var request = try options.request(
            system: model.bodies != nil ? "n-body" : equationOptions.isGiven ? "equations" : model.model!,
            labels: resolved.stateLabels, initialStates: states, initialTimes: starts, defaultSolver: "dop853",
            defaultRtol: 1e-13, defaultAtol: 1e-13, named: resolved.namedParameters)
        request.attributes["model"] = .string(resolved.specification.description)
        request.attributes["model_json"] = .string((try? resolved.specification.jsonString()) ?? "")
        if resolved.isGravity, let g = resolved.namedParameters["G"]?.first {
            request.attributes.merge(try units.attributes(G: g)) { $1 }
        }
        let started = Date()
        let dataset = try reportingErrors { try request.run(resolved.field, parameters: resolved.parameters, threads: options.threads) }
        try options.write(dataset, seconds: Date().timeIntervalSince(started))
    }

    /// The initial states and start times: from --initial-state, else the model's own (a bodies file).
    func initialStates(_ resolved: SimulationModel) throws -> ([[Double]], [Double]) {
        let labels = resolved.stateLabels
        guard let initialState else {
            guard let own = resolved.initialState else {
                throw ValidationError("give the initial state with --initial-state \(labels.prefix(3).map { "\($0)=…" }.joined(separator: ",")) (states: \(labels.joined(separator: ", "))) or a CSV/HDF5 file")
            }
            return ([own], [0])
        }
        return try SimulationOptions.initialStates(initialState, labels: labels)
    }
}
