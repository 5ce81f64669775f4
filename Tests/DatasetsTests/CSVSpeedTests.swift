import Datasets
import Foundation
import TestSupport
import Testing

@Suite("CSV reading speed")
struct CSVSpeedTests {
    /// Issue 11 measured 52 MB / 840k rows in 14 s (3.7 MB/s). The streaming reader must stay far above that;
    /// the bar here is low (20 MB/s) because CI machines are shared; the measured number is in the message.
    @Test("a 10 MB, 120k-row CSV reads at ≥ 20 MB/s")
    func speed() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("speed.csv").path
        var random = SystemRandomNumberGenerator()
        var text = "trajectory,t,x,y,z,w\n"
        text.reserveCapacity(9_000_000)
        for b in 0..<120 {
            for k in 0..<1000 {
                text += "\(b),\(Double(k) * 0.01),\(Double.random(in: -100...100, using: &random)),\(Double.random(in: -100...100, using: &random)),"
                text += "\(Double.random(in: -1...1, using: &random)),\(Double.random(in: -1...1, using: &random))\n"
            }
        }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let bytes = Double(text.utf8.count)
        var best = Double.infinity
        for _ in 0..<3 {
            let start = Date()
            let dataset = try TrajectoryDataset.readCSV(from: path)
            best = min(best, Date().timeIntervalSince(start))
            #expect(dataset.trajectoryCount == 120 && dataset.sampleCount == 1000 && dataset.stateDimension == 4)
        }
        let rate = bytes / best / 1e6
        print("CSV reading: \(String(format: "%.1f", bytes / 1e6)) MB in \(String(format: "%.3f", best)) s = \(String(format: "%.0f", rate)) MB/s")
        #expect(rate >= 20, "\(rate) MB/s")
    }
}
