import Datasets
import Foundation

// Writes a CSV of `trajectories × 1000` rows (trajectory, t and four states with 17 significant digits,
// the layout of Tests/DatasetsTests/CSVLargeFileTests), reads it `repeats` times with
// `TrajectoryDataset.readCSV` and prints the best and median throughput.
// Usage: CSVBenchmark [trajectories (default 120: ~10 MB)] [repeats (default 5)]
let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let trajectories = arguments.first ?? 120, repeats = arguments.dropFirst().first ?? 5
/// A fixed linear congruential sequence: the same file every run.
struct Sequence64 {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    mutating func next(_ scale: Double) -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return scale * (Double(state >> 11) / Double(1 << 53) * 2 - 1)
    }
}
var random = Sequence64()
var text = "trajectory,t,x,y,z,w\n"
for b in 0..<trajectories {
    for k in 0..<1000 {
        let row = [random.next(100), random.next(100), random.next(1), random.next(1)]
        text += "\(b),\(Double(k) * 0.01),\(row[0]),\(row[1]),\(row[2]),\(row[3])\n"
    }
}
let path = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-csv-bench-\(getpid()).csv").path
try text.write(toFile: path, atomically: false, encoding: .utf8)
defer { try? FileManager.default.removeItem(atPath: path) }
let megabytes = Double(text.utf8.count) / 1e6
var seconds: [Double] = []
for _ in 0..<repeats {
    let start = DispatchTime.now().uptimeNanoseconds
    let dataset = try TrajectoryDataset.readCSV(from: path)
    seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    precondition(dataset.trajectoryCount == trajectories && dataset.sampleCount == 1000)
}
seconds.sort()
let best = seconds[0], median = seconds[seconds.count / 2]
print(String(format: "%.1f MB, %d rows: best %.3f s = %.0f MB/s, median %.3f s = %.0f MB/s (%d reads)",
             megabytes, trajectories * 1000, best, megabytes / best, median, megabytes / median, repeats))
