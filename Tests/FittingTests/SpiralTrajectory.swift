import Fitting
import Foundation
import Gradients

extension FitData.Trajectory {
    /// Test data for batched fits: trajectory `b` of a decaying spiral, `r = e^{−0.1t}` at angle
    /// `b − 2t`, observed at `times` (both components); trajectory 2 has every fourth entry masked out.
    static func decayingSpiral(_ b: Int, times: [Double]) -> FitData.Trajectory {
        let angle = Double(b)
        var values: [Double] = []
        for t in times {
            let r: Double = exp(-0.1 * t), a: Double = angle - 2 * t
            values.append(r * cos(a))
            values.append(r * sin(a))
        }
        let mask: [Bool]? = b == 2 ? (0..<values.count).map { $0 % 4 != 1 } : nil
        return FitData.Trajectory(index: b, initialState: [cos(angle), sin(angle)],
                                  observations: Observations(times: times, values: values, mask: mask))
    }
}
