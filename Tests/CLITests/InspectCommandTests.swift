import Foundation
import TestSupport
import Testing

@Suite("orrery inspect, generate example, --help")
struct InspectCommandTests {
    @Test("inspect prints groups, chunked compressed datasets and string attributes of an h5py file")
    func inspectH5pyFile() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("py.h5").path
        _ = try TestSupport.runPython("h5py_write.py", [path, directory.appendingPathComponent("py.json").path])
        let text = try TestSupport.orrery(["inspect", path])
        #expect(text.status == 0)
        #expect(text.stdout.contains("/parameters  group (1 member)"))
        #expect(text.stdout.contains("/parameters/masses  dataset float64 (3, 3)"))
        #expect(text.stdout.contains("/state  dataset float64 (3, 7, 6), chunks (1, 7, 6), shuffle, deflate(4)"))
        #expect(text.stdout.contains("@system (string) = \"three-body\""))
        #expect(text.stdout.contains("@unicode_note (string) = \"Δt ≥ 0 — ünïcode\""))
        #expect(text.stdout.contains("@fixed_note (string) = \"fixed-length ascii\""))
        #expect(text.stderr.isEmpty)

        let json = try TestSupport.orrery(["inspect", path, "--json"])
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let root = try #require(object?["root"] as? [String: Any])
        let children = try #require(root["children"] as? [[String: Any]])
        let state = try #require(children.first { $0["name"] as? String == "state" })
        #expect(state["shape"] as? [Int] == [3, 7, 6])
        #expect(state["chunks"] as? [Int] == [1, 7, 6])
        #expect(state["filters"] as? [String] == ["shuffle", "deflate(4)"])
        let attributes = try #require(root["attributes"] as? [[String: Any]])
        #expect(attributes.first { $0["name"] as? String == "state_labels" }?["value"] as? [String] == ["x1", "y1", "z1", "x2", "y2", "z2"])
    }

    @Test("corrupt inputs: one clear line on stderr and exit code 1",
          arguments: ["empty", "random", "truncated", "missing", "directory", "string heap object", "string heap free space"])
    func corruptInputs(kind: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("\(kind).h5")
        switch kind {
        case "empty": try Data().write(to: path)
        case "random": try Data((0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }).write(to: path)
        case "truncated":
            let whole = directory.appendingPathComponent("whole.h5").path
            #expect(try TestSupport.orrery(["generate", "example", "--output", whole, "--count", "20"]).status == 0)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: whole))
            try bytes.prefix(bytes.count / 3).write(to: path)
        case "directory": try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        case "string heap object", "string heap free space":
            // The global heap of the variable-length strings (signature GCOL; objects of 16-byte header —
            // index, reference count, reserved, size — and data padded to 8 bytes, the free space last):
            // an object's size far too large, or the free space's 0. HDF5 1.10 then reads past the heap
            // (a crash, or a corrupt malloc arena) or walks the free space forever.
            let whole = directory.appendingPathComponent("whole.h5").path
            #expect(try TestSupport.orrery(["generate", "example", "--output", whole, "--count", "2"]).status == 0)
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: whole)))
            let heap = try #require(bytes.indices.first { bytes[$0..<min($0 + 4, bytes.count)].elementsEqual("GCOL".utf8) })
            func field(_ at: Int, _ width: Int) -> Int { (0..<width).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
            var object = heap + 16
            while field(object, 2) != 0 && kind == "string heap free space" { object += 16 + (field(object + 8, 8) + 7) / 8 * 8 }
            let size: [UInt8] = kind == "string heap free space" ? [0, 0, 0, 0] : [0xEF, 0xCD, 0xAB, 0x00]
            bytes.replaceSubrange((object + 8)..<(object + 12), with: size)
            try Data(bytes).write(to: path)
        default: break
        }
        let result = try TestSupport.orrery(["inspect", path.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("orrery: error: ") == true)
        #expect(lines.first?.contains(path.path) == true)
        if kind.hasPrefix("string heap") { #expect(lines.first?.contains("damaged") == true, "\(lines)") }
    }

    @Test("generate example writes a schema-v1 file h5py reads, with the same bytes for the same seed")
    func generateExample() throws {
        let first = try TestSupport.temporaryDirectory(), second = try TestSupport.temporaryDirectory()
        let arguments = ["generate", "example", "--output", "ex.h5", "--count", "3", "--samples", "20", "--seed", "9", "--json"]
        let run = try TestSupport.orrery(arguments, currentDirectory: first)
        #expect(run.status == 0)
        let summary = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(summary?["trajectories"] as? Int == 3)
        #expect(try TestSupport.orrery(arguments, currentDirectory: second).status == 0)
        let a = try Data(contentsOf: first.appendingPathComponent("ex.h5"))
        let b = try Data(contentsOf: second.appendingPathComponent("ex.h5"))
        #expect(a == b)
        let read = try JSONSerialization.jsonObject(with: Data(
            try TestSupport.runPython("h5py_read.py", [first.appendingPathComponent("ex.h5").path]).utf8)) as! [String: Any]
        let datasets = read["datasets"] as! [String: [String: Any]]
        #expect(datasets["/t"]?["shape"] as? [Int] == [3, 20])
        #expect(datasets["/state"]?["shape"] as? [Int] == [3, 20, 2])
        // 320 bytes per trajectory: all 3 in one chunk (TrajectoryDataset.trajectoriesPerChunk).
        #expect(datasets["/state"]?["chunks"] as? [Int] == [3, 20, 2])
        let attributes = read["attributes"] as! [String: Any]
        #expect(attributes["schema_version"] as? Int == 1)
        #expect((attributes["command"] as? String)?.hasPrefix("orrery generate example --output ex.h5") == true)
    }

    @Test("bad arguments to generate are refused and leave no file", arguments: [
        ["--count", "-1"], ["--noise", "-0.5"], ["--t-end", "0"], ["--samples", "0"],
    ])
    func badArguments(extra: [String]) throws {
        let directory = try TestSupport.temporaryDirectory()
        let result = try TestSupport.orrery(["generate", "example", "--output", "x.h5"] + extra, currentDirectory: directory)
        #expect(result.status != 0)
        #expect(result.stderr.contains(extra[0]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("an unwritable output path is a clear error")
    func unwritableOutput() throws {
        let result = try TestSupport.orrery(["generate", "example", "--output", "/nonexistent-dir/x.h5"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("does not exist"))
    }

    @Test("--help and --version")
    func helpAndVersion() throws {
        let help = try TestSupport.orrery(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("inspect"))
        #expect(help.stdout.contains("generate"))
        let version = try TestSupport.orrery(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test("inspect on a CSV file prints what fit reads from it: semicolons, quotes and a time column named Time [s]")
    func inspectCSV() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("lab.csv")
        try Data("\u{FEFF}\"Time [s]\";\"x\";\"v\"\r\n0;1;0\r\n0.5;0.8;\r\n1.5;0.2;-0.9\r\n".utf8).write(to: path)
        let result = try TestSupport.orrery(["inspect", path.path])
        #expect(result.status == 0 && result.stderr.isEmpty)
        #expect(result.stdout == "lab.csv: 1 trajectory × 3 samples; 2 components (state order): x, v; t ∈ [0, 1.5] (column \"Time [s]\"); 16.7 % missing\n")
        let json = try TestSupport.orrery(["inspect", path.path, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: String]
        #expect(object?["file"] == path.path && object?["line"] == String(result.stdout.dropLast()))
    }
}
