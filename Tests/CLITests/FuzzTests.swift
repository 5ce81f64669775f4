import Dispatch
import Foundation
import HDF5Kit
import Synchronization
import TestSupport
import Testing

/// Issue 11's fuzz suite: seeded, bounded (about half a minute on two cores), run in CI.
///
/// Random bytes, truncations and byte flips of files Orrery wrote (a dataset and a fit file),
/// fit files with edited settings, CSV edge cases and argument abuse, each fed to the built
/// binary in its own folder. Every run must end by itself within the limit, never by a
/// signal, with exit 0 or exit 1 and one error line, and leave its input files byte-identical.
/// `ORRERY_FUZZ_SEED` and `ORRERY_FUZZ_SCALE` (cases ×) explore beyond the CI run.
@Suite("Fuzz: no signal, no hang, one-line errors, inputs untouched")
struct FuzzTests {
    struct Case: Sendable {
        let name: String
        let files: [String: Data]
        let arguments: [String]
    }

    @Test("seeded fuzz cases over files and arguments keep the failure contract")
    func fuzz() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["ORRERY_FUZZ_SEED"].flatMap(UInt64.init) ?? 11
        let scale = environment["ORRERY_FUZZ_SCALE"].flatMap(Int.init) ?? 1
        let base = try TestSupport.temporaryDirectory("orrery-fuzz")
        #expect(try TestSupport.orrery(["generate", "example", "--count", "2", "--samples", "12", "--output", "d.h5"], currentDirectory: base).status == 0)
        #expect(try TestSupport.orrery(["fit", "--data", "d.h5", "--model", "spiral", "--iterations", "3", "--output", "f.h5"],
                                       currentDirectory: base).status == 0)
        let dataset = try Data(contentsOf: base.appendingPathComponent("d.h5"))
        let fit = try Data(contentsOf: base.appendingPathComponent("f.h5"))
        var random = FuzzRandom(state: seed)
        var cases: [Case] = []
        for _ in 0..<scale {
            cases += Self.fileCases(dataset: dataset, fit: fit, random: &random)
            cases += try Self.fitFileCases(fit: fit, dataset: dataset, in: base, random: &random)
            cases += Self.csvCases()
            cases += Self.argumentCases(dataset: dataset, random: &random)
        }
        let binary = TestSupport.orreryBinary, all = cases
        let results = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: all.count) { index in
            if let problem = Self.check(all[index], index: index, binary: binary, base: base) { results.withLock { $0.append(problem) } }
        }
        let problems = results.withLock { $0 }.sorted()
        #expect(cases.count >= 100 * scale)
        #expect(problems.isEmpty, "seed \(seed): \(problems.count) of \(cases.count) cases broke the contract:\n\(problems.prefix(10).joined(separator: "\n"))")
    }

    /// Runs one case in its own folder; a description of what went wrong, or nil.
    static func check(_ item: Case, index: Int, binary: URL, base: URL) -> String? {
        let folder = base.appendingPathComponent("case-\(index)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, data) in item.files { try data.write(to: folder.appendingPathComponent(name)) }
            let run = try FuzzRun.run(binary, item.arguments, in: folder)
            if let problem = run.problem { return "\(item.name) \(item.arguments.joined(separator: " ")): \(problem)" }
            for (name, data) in item.files where (try? Data(contentsOf: folder.appendingPathComponent(name))) != data {
                return "\(item.name) \(item.arguments.joined(separator: " ")): input \(name) changed"
            }
            try? FileManager.default.removeItem(at: folder)
            return nil
        } catch {
            return "\(item.name): \(error)"
        }
    }

    private static func datasetCommands(_ name: String) -> [[String]] {
        [["inspect", name], ["inspect", name, "--json"], ["fit", "--data", name, "--model", "spiral", "--iterations", "2", "--output", "out.h5"],
         ["merge", name, "--copy", "--output", "out.h5"]]
    }

    /// Random bytes, truncations and byte flips of a dataset and a fit file.
    static func fileCases(dataset: Data, fit: Data, random: inout FuzzRandom) -> [Case] {
        var cases: [Case] = []
        for k in 0..<8 {
            let bytes = random.bytes(random.below(3000))
            cases.append(Case(name: "random bytes", files: ["r.h5": bytes], arguments: random.pick(datasetCommands("r.h5"))))
            if k < 3 { cases.append(Case(name: "random bytes", files: ["r.csv": bytes], arguments: ["fit", "--data", "r.csv", "--model", "mlp"])) }
        }
        for _ in 0..<12 {
            let cut = dataset.prefix(random.below(dataset.count))
            cases.append(Case(name: "truncated dataset", files: ["d.h5": Data(cut)], arguments: random.pick(datasetCommands("d.h5"))))
        }
        for _ in 0..<30 {
            var bytes = dataset
            for _ in 0...random.below(4) { bytes[random.below(bytes.count)] ^= UInt8(1 << random.below(8)) }
            cases.append(Case(name: "flipped dataset", files: ["d.h5": bytes], arguments: random.pick(datasetCommands("d.h5"))))
        }
        for _ in 0..<15 {
            var bytes = fit
            for _ in 0...random.below(4) { bytes[random.below(bytes.count)] ^= UInt8(1 << random.below(8)) }
            cases.append(Case(name: "flipped fit file", files: ["f.h5": bytes, "d.h5": dataset], arguments: ["evaluate", "--fit", "f.h5"]))
        }
        return cases
    }

    /// Fit files whose settings or parameter blocks were edited (a malformed file, not a damaged one).
    static func fitFileCases(fit: Data, dataset: Data, in base: URL, random: inout FuzzRandom) throws -> [Case] {
        var cases: [Case] = []
        let edits: [(String, (HDF5Group) throws -> Void)] = [
            ("empty parameter_order", { try $0.group("model").setAttribute("parameter_order", .strings([])) }),
            ("unknown block", { try $0.group("model").setAttribute("parameter_order", .strings(["nope"])) }),
            ("short best", { let g = try $0.group("model/best_parameters"); let n = try g.members()[0].name; try g.remove(n); try g.write(NDArray<Double>(shape: [0], values: []), to: n) }),
            ("no optimizer", { try $0.remove("optimizer") }),
            ("negative iteration", { try $0.setAttribute("iteration", .integer(-5)) }),
            ("string iteration", { try $0.setAttribute("iteration", .string("many")) }),
        ]
        let json = try HDF5File.open(base.appendingPathComponent("f.h5").path).root.attribute("config_json").stringValue ?? "{}"
        let mlp: [String: Any] = ["kind": "mlp", "hiddenWidths": [100_000_000], "activation": "tanh", "timeInput": false, "stateDimension": 2, "outputScale": 1]
        let jsonEdits: [(String, String, Any)] = [("batchSize", "batch size 0", 0), ("observedComponents", "component out of range", [7]),
                                                  ("model", "absurd widths", mlp), ("rtol", "negative rtol", -1), ("iterations", "negative iterations", -1),
                                                  ("solver", "fixed solver", "rk4"), ("schedule", "bad schedule", ["step": ["stepSize": 0, "gamma": 0.5]])]
        var all = edits
        for (key, name, value) in jsonEdits {
            var object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
            object[key] = value
            let edited = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            all.append((name, { try $0.setAttribute("config_json", .string(edited)) }))
        }
        for (name, edit) in all {
            let path = base.appendingPathComponent("edit-\(random.next()).h5")
            try fit.write(to: path)
            let file = try HDF5File.open(path.path, mode: .readWrite)
            try edit(try file.root)
            try file.close()
            let edited = try Data(contentsOf: path)
            try FileManager.default.removeItem(at: path)
            cases.append(Case(name: "fit file: \(name)", files: ["f.h5": edited, "d.h5": dataset], arguments: ["evaluate", "--fit", "f.h5"]))
            cases.append(Case(name: "fit file: \(name)", files: ["g.h5": edited, "d.h5": dataset], arguments: ["fit", "--resume", "g.h5"]))
        }
        return cases
    }

    /// CSV edge cases.
    static func csvCases() -> [Case] {
        let texts = ["", "\n", "t,x\n", "t,x\n0,1", "\u{FEFF}t,x\n0,1\n1,2\n", "t,x\r\n0,1\r\n1,2\r\n", "t,x\r0,1\r1,2\r",
                     "t,x\n0,1\n1,2\n1,3\n", "t,x\n0,1e400\n1,2\n", "t,x\n0,inf\n1,2\n", "t,x\n0,\"1\"\n1,2\n", "t,x,\n0,1,\n1,2,\n",
                     "t,x\n0,1\n1,2\u{0}\n", "t,t\n0,1\n1,2\n", "x,y\n0,1\n", "t,x\n-0,1\nnan,2\n", "t,x\n0,1\n1e308,2\n",
                     "trajectory,t,x\na,0,1\nb,0,2\na,1,3\n", "t,x\n0," + String(repeating: "9", count: 5000) + "\n1,2\n",
                     "t,x\n0,0x1p3\n1,+2\n", "t,ü\n0,1\n1,2\n", "t,x\n0,,\n"]
        return texts.enumerated().map { index, text in
            Case(name: "csv \(index)", files: ["c.csv": Data(text.utf8)],
                 arguments: ["fit", "--data", "c.csv", "--model", "mlp", "--hidden", "4", "--iterations", "1", "--output", "out.h5"])
        }
    }

    /// Random options with hostile values on every command.
    static func argumentCases(dataset: Data, random: inout FuzzRandom) -> [Case] {
        let commands: [[String]] = [
            ["generate", "example", "--count", "2", "--samples", "5", "--output", "out.h5"],
            ["generate", "three-body", "--count", "2", "--samples", "5", "--t-end", "1", "--output", "out.h5"],
            ["generate", "time-series", "--system", "lotka-volterra", "--count", "2", "--samples", "5", "--output", "out.h5"],
            ["fit", "--data", "d.h5", "--model", "spiral", "--iterations", "2", "--output", "out.h5"],
            ["gradient", "--data", "d.h5"], ["merge", "d.h5", "--output", "out.h5"], ["inspect", "d.h5"],
        ]
        let options = ["--count", "--samples", "--t-end", "--noise", "--missing", "--seed", "--threads", "--shard", "--dt", "--solver",
                       "--rtol", "--atol", "--iterations", "--lr", "--schedule", "--batch-size", "--hidden", "--observe", "--train-until",
                       "--validation-fraction", "--clip-norm", "--beta1", "--parameters", "--preset", "--system", "--max-values", "--output",
                       "--trajectory", "--method", "--rate", "--sampling", "--on-failure", "--validate-every", "--time", "--state"]
        let values = ["-1", "0", "1e309", "nan", "inf", "-inf", "9223372036854775807", "-9223372036854775808", "", "abc", "1e-300",
                      "2", "0/0", "1/0", "3/2", "step:0:0", "cosine:-1", "masses=0,0,0", "G=-1", "d.h5", "/", ".", "rk4", "all",
                      "--", "-", "%n%s", String(repeating: "7", count: 400)]
        var cases: [Case] = []
        for _ in 0..<45 {
            var arguments = random.pick(commands)
            for _ in 0...random.below(3) { arguments += [random.pick(options), random.pick(values)] }
            cases.append(Case(name: "arguments", files: ["d.h5": dataset], arguments: arguments))
        }
        return cases
    }
}
