import Evaluation
import Foundation
import Testing

@Suite("Trajectory plots")
struct TrajectoryPlotsTests {
    private func count(_ needle: String, in svg: String) -> Int { svg.components(separatedBy: needle).count - 1 }

    @Test("components over time: one line per component, a dot per observed value, deterministic bytes")
    func components() {
        let times = [0.0, 1, 2, 3]
        let observed = [0.0, 1, 1, .nan, 2, 3, 3, 5]
        let fine = (0...30).map { Double($0) / 10 }
        let predicted = fine.flatMap { [$0, 1 + 1.3 * $0] }
        let svg = TrajectoryPlots.componentsOverTime(title: "fit", times: times, observed: observed, predictedTimes: fine,
                                                     predicted: predicted, dimension: 2, components: [0, 1], labels: ["a", "b"], fitEnd: 2)
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(count("<polyline", in: svg) == 3) // two components and the fit-end marker
        #expect(count("<circle", in: svg) == 7)   // one observation is missing
        #expect(svg == TrajectoryPlots.componentsOverTime(title: "fit", times: times, observed: observed, predictedTimes: fine,
                                                          predicted: predicted, dimension: 2, components: [0, 1], labels: ["a", "b"], fitEnd: 2))
    }

    @Test("orbits and loss history render")
    func orbitsAndLoss() {
        let ring = (0..<50).flatMap { k -> [Double] in
            let a = Double(k) / 50 * 2 * Double.pi
            return [cos(a), sin(a), 0, -cos(a), -sin(a), 0, 0, 0, 0, 0, 0, 0]
        }
        let svg = TrajectoryPlots.orbits(title: "orbits", observed: ring, predicted: ring, bodies: 2, dimension: 12)
        #expect(count("<polyline", in: svg) == 2 && count("<circle", in: svg) == 100)
        let loss = TrajectoryPlots.lossHistory(title: "loss", loss: [1, 0.1, 0.01], validation: [2, 0.2, 0.05])
        #expect(count("<polyline", in: loss) == 2 && loss.contains("log10 loss"))
    }
}
