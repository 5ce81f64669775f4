import Datasets
import Foundation
import HDF5Kit
import TestSupport
import Testing

@Suite("orrery simulate")
struct SimulateCommandTests {
    /// Runs orrery in `directory`, expecting success.
    @discardableResult
    func orrery(_ arguments: [String], in directory: URL) throws -> TestSupport.ProcessResult {
        let result = try TestSupport.orrery(arguments, currentDirectory: directory)
        #expect(result.status == 0, "orrery \(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    /// h5py's reading of a file: datasets and attributes.
    func h5py(_ path: URL) throws -> (datasets: [String: [String: Any]], attributes: [String: Any]) {
        let read = try JSONSerialization.jsonObject(with: Data(try TestSupport.runPython("h5py_read.py", [path.path]).utf8)) as! [String: Any]
        return (read["datasets"] as! [String: [String: Any]], read["attributes"] as! [String: Any])
    }

    /// Hex floats (h5py_read.py's encoding) to Doubles.
    func doubles(_ value: Any?) -> [Double] { (value as? [String] ?? []).compactMap { Double($0) } }

    @Test("a built-in model by name, parameters and initial state by label: h5py reads the schema-v1 layout bit for bit; CSV and HDF5 agree")
    func roundTrip() throws {
        let directory = try TestSupport.temporaryDirectory()
        let common = ["simulate", "--model", "lotka-volterra", "--parameters", "alpha=1.2,gamma=2.5",
                      "--initial-state", "predator=0.5,prey=1", "--t-end", "4", "--samples", "9"]
        try orrery(common + ["--output", "lv.h5"], in: directory)
        try orrery(common + ["--output", "lv.csv"], in: directory)
        let (datasets, attributes) = try h5py(directory.appendingPathComponent("lv.h5"))
        #expect(datasets["/t"]?["shape"] as? [Int] == [1, 9])
        #expect(datasets["/state"]?["shape"] as? [Int] == [1, 9, 2])
        #expect(doubles(datasets["/initial_state"]?["values"]) == [1, 0.5])
        #expect(doubles(datasets["/parameters/alpha"]?["values"]) == [1.2])
        #expect(doubles(datasets["/parameters/beta"]?["values"]) == [1.0], "unnamed parameters keep their defaults")
        #expect(doubles(datasets["/parameters/gamma"]?["values"]) == [2.5])
        #expect(attributes["schema_version"] as? Int == 1)
        #expect(attributes["state_labels"] as? [String] == ["prey", "predator"])
        #expect(attributes["integrator"] as? String == "dop853")
        #expect((attributes["command"] as? String)?.hasPrefix("orrery simulate --model lotka-volterra") == true)
        let swift = try TrajectoryDataset.read(from: directory.appendingPathComponent("lv.h5").path)
        #expect(doubles(datasets["/state"]?["values"]).map(\.bitPattern) == swift.states.values.map(\.bitPattern))
        let csv = try TrajectoryDataset.readCSV(from: directory.appendingPathComponent("lv.csv").path)
        #expect(csv.states.values == swift.states.values && csv.times.values == swift.times.values)
        #expect(csv.metadata.stateLabels == ["prey", "predator"])
    }

    @Test("many initial states from a CSV (with start times) and sample times from a file; noise and missing values as in generate")
    func manyStatesAndTimes() throws {
        let directory = try TestSupport.temporaryDirectory()
        try "v,x,t0\n0,1,0\n0.5,0.5,1\n2,-1,0\n".write(to: directory.appendingPathComponent("starts.csv"), atomically: true, encoding: .utf8)
        try "t\n1\n1.5\n2\n3\n".write(to: directory.appendingPathComponent("times.csv"), atomically: true, encoding: .utf8)
        try orrery(["simulate", "--model", "van-der-pol", "--initial-state", "starts.csv", "--times", "times.csv",
                    "--noise", "0.01", "--missing", "0.25", "--seed", "3", "--output", "vdp.h5"], in: directory)
        let dataset = try TrajectoryDataset.read(from: directory.appendingPathComponent("vdp.h5").path)
        #expect(dataset.trajectoryCount == 3 && dataset.sampleCount == 4)
        #expect(dataset.initialTimes == [0, 1, 0])
        #expect(dataset.times.values == [1, 1.5, 2, 3, 1, 1.5, 2, 3, 1, 1.5, 2, 3])
        #expect(dataset.states.values[4] == 1.0 || dataset.mask != nil, "trajectory 2 starts at t0 = 1 from its own state")
        let clean = try #require(dataset.trueStates)
        #expect(clean.values[8] == 0.5 && clean.values[9] == 0.5, "t = 1 is trajectory 2's start: its state unchanged")
        #expect(dataset.mask != nil && dataset.mask!.values.contains(0))
        // The same seed gives the same bytes.
        try orrery(["simulate", "--model", "van-der-pol", "--initial-state", "starts.csv", "--times", "times.csv",
                    "--noise", "0.01", "--missing", "0.25", "--seed", "3", "--output", "again.h5"], in: directory)
        let again = try TrajectoryDataset.read(from: directory.appendingPathComponent("again.h5").path)
        #expect(again.states.values.map(\.bitPattern) == dataset.states.values.map(\.bitPattern))
        // A schema-v1 file as the initial states: its /initial_state and /t0, matched by label.
        try orrery(["simulate", "--model", "van-der-pol", "--initial-state", "vdp.h5", "--t-end", "1", "--samples", "2", "--output", "from-h5.h5"], in: directory)
        let fromFile = try TrajectoryDataset.read(from: directory.appendingPathComponent("from-h5.h5").path)
        #expect(fromFile.initialStates.values == dataset.initialStates.values && fromFile.initialTimes == [0, 1, 0])
        #expect(fromFile.times.values == [0, 1, 1, 2, 0, 1])
    }

    /// The Pleiades problem (Hairer, Nørsett & Wanner, Solving ODEs I, §II.10; Mazzia & Magherini, Test Set for IVP
    /// Solvers, release 2.4, problem PLEI): seven bodies in the plane, G = 1, masses mᵢ = i, on [0, 3].
    static let pleiades = """
        {"G": 1, "bodies": [
          {"name": "m1", "mass": 1, "position": [3, 3, 0], "velocity": [0, 0, 0]},
          {"name": "m2", "mass": 2, "position": [3, -3, 0], "velocity": [0, 0, 0]},
          {"name": "m3", "mass": 3, "position": [-1, 2, 0], "velocity": [0, 0, 0]},
          {"name": "m4", "mass": 4, "position": [-3, 0, 0], "velocity": [0, -1.25, 0]},
          {"name": "m5", "mass": 5, "position": [2, 0, 0], "velocity": [0, 1, 0]},
          {"name": "m6", "mass": 6, "position": [-2, -4, 0], "velocity": [1.75, 0, 0]},
          {"name": "m7", "mass": 7, "position": [2, 4, 0], "velocity": [-1.5, 0, 0]}]}
        """
    /// The published reference at t = 3 (the test set's plei.f): x₁…x₇, y₁…y₇, x′₁…x′₇, y′₁…y′₇.
    static let pleiadesReference: [Double] = [
        0.3706139143970502, 3.237284092057233, -3.222559032418324, 0.6597091455775310, 0.3425581707156584, 1.562172101400631, -0.7003092922212495,
        -3.943437585517392, -3.271380973972550, 5.225081843456543, -2.590612434977470, 1.198213693392275, -0.2429682344935824, 1.091449240428980,
        3.417003806314313, 1.354584501625501, -2.590065597810775, 2.025053734714242, -1.155815100160448, -0.8072988170223021, 0.5952396354208710,
        -3.741244961234010, 0.3773459685750630, 0.9386858869551073, 0.3667922227200571, -0.3474046353808490, 2.344915448180937, -1.947020434263292,
    ]

    @Test("the Pleiades problem through simulate --bodies matches the IVP test set's reference at t = 3 to 11 significant digits")
    func pleiades() throws {
        let directory = try TestSupport.temporaryDirectory()
        try Self.pleiades.write(to: directory.appendingPathComponent("pleiades.json"), atomically: true, encoding: .utf8)
        try "0\n3\n".write(to: directory.appendingPathComponent("times.txt"), atomically: true, encoding: .utf8)
        try orrery(["simulate", "--bodies", "pleiades.json", "--times", "times.txt", "--rtol", "1e-14", "--atol", "1e-14",
                    "--output", "pleiades.h5"], in: directory)
        let dataset = try TrajectoryDataset.read(from: directory.appendingPathComponent("pleiades.h5").path)
        #expect(dataset.metadata.stateLabels.prefix(4) == ["x_m1", "y_m1", "z_m1", "x_m2"])
        #expect(dataset.parameters["masses"]?.values == [1, 2, 3, 4, 5, 6, 7] && dataset.parameters["G"]?.values == [1])
        let end = Array(dataset.states.values[42..<84])
        // Our layout: positions (x, y, z) per body, then velocities; the reference: all x, all y, all x′, all y′.
        var ours: [Double] = []
        for offset in [0, 1, 21, 22] { for body in 0..<7 { ours.append(end[offset + 3 * body]) } }
        var worst = 0.0
        for (value, reference) in zip(ours, Self.pleiadesReference) { worst = max(worst, abs(value - reference) / abs(reference)) }
        print("Pleiades at t = 3, DOP853 rtol = atol = 1e-14: worst relative error \(worst) (\(-log10(worst)) significant digits)")
        #expect(worst < 1e-11)
        #expect((0..<7).allSatisfy { end[3 * $0 + 2] == 0 && end[21 + 3 * $0 + 2] == 0 }, "the plane stays the plane")
    }

    @Test("bad bodies files and flags are one line on stderr naming the body and field", arguments: [
        (#"{"bodies": [{"name": "a", "mass": -1, "position": [0,0,0], "velocity": [0,0,0]}]}"#, "body 1 (a): mass must be positive"),
        (#"{"bodies": [{"mass": 0, "position": [0,0,0], "velocity": [0,0,0]}]}"#, "body 1: mass must be positive"),
        (#"{"bodies": [{"mass": 1, "position": [0,0], "velocity": [0,0,0]}]}"#, "position needs 3 numbers"),
        (#"{"bodies": [{"mass": 1, "position": [0,0,1e999], "velocity": [0,0,0]}]}"#, "not representable"),  // JSON has no NaN/∞; an overflowing number is the only way in
        (#"{"bodies": [{"name": "a", "mass": 1, "position": [0,0,0], "velocity": [0,0,0]}, {"name": "a", "mass": 1, "position": [1,0,0], "velocity": [0,0,0]}]}"#, "duplicate name \"a\""),
        (#"{"bodies": [{"mass": 1, "position": [0,0,0], "velocity": [0,"x",0]}]}"#, "velocity[1] must be a number"),
        (#"{"bodies": []}"#, "give at least one body"),
        (#"{"G": -2, "bodies": [{"mass": 1, "position": [0,0,0], "velocity": [0,0,0]}]}"#, "G must be positive"),
        (#"{"bodies": [{"mass": 1, "position": [0,0,0], "velocity": [0,0,0], "radius": 2}]}"#, "unknown key \"radius\""),
        (#"not json"#, "not valid JSON"),
    ])
    func bodiesErrors(json: String, message: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        try json.write(to: directory.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
        let result = try TestSupport.orrery(["simulate", "--bodies", "bad.json", "--t-end", "1", "--output", "out.h5"], currentDirectory: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.h5").path))
    }

    @Test("flag errors: unknown state or parameter, G twice, output onto an input — one line each")
    func flagErrors() throws {
        let directory = try TestSupport.temporaryDirectory()
        try Self.pleiades.write(to: directory.appendingPathComponent("p.json"), atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--model", "lorenz", "--initial-state", "x=1,y=1,w=1", "--t-end", "1", "--output", "o.h5"], "unknown state 'w'"),
            (["--model", "lorenz", "--initial-state", "x=1,y=1", "--t-end", "1", "--output", "o.h5"], "missing z"),
            (["--model", "lorenz", "--parameters", "sigma=10,kappa=2", "--initial-state", "1,1,1", "--t-end", "1", "--output", "o.h5"], "unknown name 'kappa'"),
            (["--bodies", "p.json", "--units", "au,yr,msun", "--t-end", "1", "--output", "o.h5"], "remove one"),
            (["--model", "three-body", "--units", "au,parsec,msun", "--initial-state", "p.json", "--t-end", "1", "--output", "o.h5"], "'parsec'"),
            (["--bodies", "p.json", "--t-end", "1", "--output", "./p.json"], "is an input"),
            (["--model", "lorenz", "--initial-state", "1,1,1", "--output", "o.h5"], "give the sample times: --t-end T"),
            (["--model", "lorenz", "--initial-state", "1,1,1", "--t-end", "1", "--times", "t.txt", "--output", "o.h5"], "not both"),
        ]
        for (arguments, message) in cases {
            let result = try TestSupport.orrery(["simulate"] + arguments, currentDirectory: directory)
            #expect(result.status != 0 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }

    @Test("--units sets G (recorded with the units) for simulate and generate three-body; without units G = 1 is recorded")
    func units() throws {
        let directory = try TestSupport.temporaryDirectory()
        try #"{"bodies": [{"name": "sun", "mass": 1, "position": [0,0,0], "velocity": [0,0,0]}, {"name": "earth", "mass": 3.0e-6, "position": [1,0,0], "velocity": [0,6.283,0]}]}"#
            .write(to: directory.appendingPathComponent("sun.json"), atomically: true, encoding: .utf8)
        try orrery(["simulate", "--bodies", "sun.json", "--units", "au,yr,msun", "--t-end", "1", "--samples", "3", "--output", "au.h5"], in: directory)
        try orrery(["simulate", "--bodies", "sun.json", "--t-end", "1", "--samples", "3", "--output", "plain.h5"], in: directory)
        let au = try h5py(directory.appendingPathComponent("au.h5"))
        let G = try #require(doubles([au.attributes["G"] as? String ?? ""]).first)
        #expect(abs(G / 39.476926421373 - 1) < 1e-13)
        #expect(au.attributes["units"] as? String == "au,yr,msun")
        #expect(doubles(au.datasets["/parameters/G"]?["values"]) == [G])
        let plain = try h5py(directory.appendingPathComponent("plain.h5"))
        #expect(doubles([plain.attributes["G"] as? String ?? ""]).first == 1)
        #expect((plain.attributes["units"] as? String)?.contains("G = 1.0") == true)
        // The Earth goes once around the Sun in a year (v = 2π au/yr): back near x = 1 after t = 1.
        let earth = try TrajectoryDataset.read(from: directory.appendingPathComponent("au.h5").path)
        #expect(abs(earth.states.values[2 * 12 + 3] - 1) < 0.01)
        try orrery(["generate", "three-body", "--preset", "figure-eight", "--count", "1", "--t-end", "1", "--samples", "3",
                    "--units", "m,s,kg", "--output", "si.h5"], in: directory)
        let si = try TrajectoryDataset.read(from: directory.appendingPathComponent("si.h5").path)
        #expect(si.parameters["G"]?.values == [6.67408e-11])
        #expect(si.metadata.attributes["units"] == .string("m,s,kg"))
        // fit: --units sets the model's G (one line in FitCommand); a model without G refuses it.
        try orrery(["fit", "--data", "si.h5", "--model", "three-body", "--units", "m,s,kg", "--iterations", "0", "--output", "fit.h5"], in: directory)
        let fit = try HDF5File.open(directory.appendingPathComponent("fit.h5").path)
        let modelJSON = try fit.root.attribute("model_json").stringValue ?? ""
        try fit.close()
        #expect(modelJSON.contains("\"G\":6.67408e-11"), "\(modelJSON)")
        let refused = try TestSupport.orrery(["fit", "--data", "si.h5", "--model", "mlp", "--units", "m,s,kg", "--iterations", "0",
                                              "--output", "fit2.h5"], currentDirectory: directory)
        #expect(refused.status != 0 && refused.stderr.contains("no gravitational constant"), "\(refused.stderr)")
        let help = try TestSupport.orrery(["simulate", "--help"])
        #expect(help.stdout.contains("G = 1"))
    }
}
