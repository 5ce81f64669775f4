import Datasets
import Foundation
import TestSupport
import Testing

@Suite("orrery generate three-body / time-series, orrery merge")
struct GenerateCommandTests {
    private let common = ["--count", "6", "--t-end", "2", "--samples", "15", "--sampling", "irregular", "--noise", "0.01",
                          "--missing", "0.1", "--seed", "7"]

    @Test("1 and 2 threads write identical bytes; h5py finds the documented layout")
    func threadsAndLayout() throws {
        let one = try TestSupport.temporaryDirectory(), two = try TestSupport.temporaryDirectory()
        let arguments = ["generate", "three-body", "--preset", "random", "--output", "r.h5"] + common
        let first = try TestSupport.orrery(arguments + ["--threads", "1"], currentDirectory: one)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try TestSupport.orrery(arguments + ["--threads", "2"], currentDirectory: two).status == 0)
        #expect(try Data(contentsOf: one.appendingPathComponent("r.h5")) == Data(contentsOf: two.appendingPathComponent("r.h5")))

        let read = try JSONSerialization.jsonObject(with: Data(
            try TestSupport.runPython("h5py_read.py", [one.appendingPathComponent("r.h5").path]).utf8)) as! [String: Any]
        let datasets = read["datasets"] as! [String: [String: Any]]
        #expect(datasets["/t"]?["shape"] as? [Int] == [6, 15])
        #expect(datasets["/state"]?["shape"] as? [Int] == [6, 15, 18])
        #expect(datasets["/state_true"]?["shape"] as? [Int] == [6, 15, 18])
        #expect(datasets["/mask"]?["dtype"] as? String == "uint8")
        #expect(datasets["/initial_state"]?["shape"] as? [Int] == [6, 18])
        #expect(datasets["/parameters/masses"]?["shape"] as? [Int] == [6, 3])
        #expect(datasets["/trajectory_id"]?["values"] as? [Int] == [0, 1, 2, 3, 4, 5])
        let attributes = read["attributes"] as! [String: Any]
        #expect(attributes["schema_version"] as? Int == 1)
        #expect(attributes["system"] as? String == "three-body")
        #expect(attributes["preset"] as? String == "random")
        #expect(attributes["integrator"] as? String == "dop853")
        #expect(attributes["seed"] as? Int == 7)
        #expect((attributes["state_labels"] as? [String])?.count == 18)
        let command = try #require(attributes["command"] as? String)
        #expect(command.hasPrefix("orrery generate three-body --preset random --output r.h5"))
        #expect(!command.contains("--threads"))
    }

    @Test("--time-transformation sundman: 1 and 2 threads write identical bytes, the file records it, states within 1e-9 of physical time on the figure-eight")
    func sundmanTime() throws {
        let directory = try TestSupport.temporaryDirectory(), other = try TestSupport.temporaryDirectory()
        let arguments = ["generate", "three-body", "--preset", "figure-eight", "--t-end", "3", "--samples", "30"]
        for (place, name, extra) in [(directory, "one.h5", ["--time-transformation", "sundman", "--threads", "1"]),
                                     (other, "one.h5", ["--time-transformation", "sundman", "--threads", "2"]),
                                     (directory, "none.h5", ["--time-transformation", "none"])] {
            let run = try TestSupport.orrery(arguments + ["--output", name] + extra, currentDirectory: place)
            #expect(run.status == 0, "\(run.stderr)")
        }
        #expect(try Data(contentsOf: directory.appendingPathComponent("one.h5")) == Data(contentsOf: other.appendingPathComponent("one.h5")))
        let read = try JSONSerialization.jsonObject(with: Data(
            try TestSupport.runPython("h5py_read.py", [directory.appendingPathComponent("one.h5").path]).utf8)) as! [String: Any]
        let attributes = read["attributes"] as! [String: Any]
        #expect((attributes["time_transformation"] as? String)?.hasPrefix("sundman") == true)
        let plain = try JSONSerialization.jsonObject(with: Data(
            try TestSupport.runPython("h5py_read.py", [directory.appendingPathComponent("none.h5").path]).utf8)) as! [String: Any]
        #expect((plain["attributes"] as! [String: Any])["time_transformation"] == nil)
        let a = try TrajectoryDataset.read(from: directory.appendingPathComponent("one.h5").path)
        let b = try TrajectoryDataset.read(from: directory.appendingPathComponent("none.h5").path)
        #expect(a.states.shape == b.states.shape)
        #expect(zip(a.states.values, b.states.values).map { abs($0 - $1) }.max()! < 1e-9)
    }

    @Test("shards merged (virtual and copied) equal the unsharded dataset bit for bit")
    func shardAndMerge() throws {
        let directory = try TestSupport.temporaryDirectory()
        let base = ["generate", "time-series", "--system", "lotka-volterra"] + common
        #expect(try TestSupport.orrery(base + ["--output", "all.h5"], currentDirectory: directory).status == 0)
        for k in 1...3 {
            let run = try TestSupport.orrery(base + ["--shard", "\(k)/3", "--output", "part\(k).h5"], currentDirectory: directory)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let merged = try TestSupport.orrery(["merge", "part3.h5", "part1.h5", "part2.h5", "--output", "merged.h5"], currentDirectory: directory)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try TestSupport.orrery(["merge", "part1.h5", "part2.h5", "part3.h5", "--copy", "--output", "copied.h5"],
                                       currentDirectory: directory).status == 0)
        let whole = try TrajectoryDataset.read(from: directory.appendingPathComponent("all.h5").path)
        for name in ["merged.h5", "copied.h5"] {
            let joined = try TrajectoryDataset.read(from: directory.appendingPathComponent(name).path)
            #expect(joined.trajectoryIDs == whole.trajectoryIDs)
            #expect(joined.states.values.map(\.bitPattern) == whole.states.values.map(\.bitPattern), "\(name)")
            #expect(joined.times == whole.times && joined.mask == whole.mask && joined.parameters == whole.parameters)
        }
        let inspect = try TestSupport.orrery(["inspect", "merged.h5"], currentDirectory: directory)
        #expect(inspect.stdout.contains("virtual"))
        let overlap = try TestSupport.orrery(["merge", "part1.h5", "part1.h5", "--output", "bad.h5"], currentDirectory: directory)
        #expect(overlap.status == 1)
        #expect(overlap.stderr.contains("appears in more than one shard"))
    }

    @Test("bad arguments are refused with the flag named, and no file is left", arguments: [
        ["three-body", "--count", "-1"], ["three-body", "--noise", "-0.5"], ["three-body", "--t-end", "0"],
        ["three-body", "--preset", "four-body"], ["time-series", "--system", "weather"], ["three-body", "--solver", "rk99"],
        ["three-body", "--missing", "1.5"], ["three-body", "--shard", "4/3"], ["three-body", "--solver", "rk4"],
        ["time-series", "--parameters", "1,2"], ["three-body", "--time-transformation", "kepler"], ["three-body", "--atol", "0"],
    ])
    func badArguments(arguments: [String]) throws {
        let directory = try TestSupport.temporaryDirectory()
        let result = try TestSupport.orrery(["generate"] + arguments + ["--output", "x.h5"], currentDirectory: directory)
        #expect(result.status != 0)
        let flag = arguments.count > 1 ? (arguments[1] == "--solver" && arguments[2] == "rk4" ? "--dt" : arguments[1]) : ""
        #expect(result.stderr.contains(flag), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("an unwritable output path fails cleanly after simulating")
    func unwritable() throws {
        let result = try TestSupport.orrery(["generate", "three-body", "--preset", "lagrange", "--count", "1",
                                             "--output", "/nonexistent-dir/x.h5"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent-dir"))
    }
}
