import Evaluation
import Foundation
import Testing

@Suite("Fit figures")
struct FitFiguresTests {
    private func count(_ needle: String, in svg: String) -> Int { svg.components(separatedBy: needle).count - 1 }

    /// The `stroke` colours of the polylines of class `cssClass`, in order.
    private func strokes(_ cssClass: String, in svg: String) -> [String] {
        svg.components(separatedBy: "<polyline class=\"\(cssClass)\"").dropFirst().map { rest in
            let after = rest.components(separatedBy: "stroke=\"")[1]
            return String(after.prefix { $0 != "\"" })
        }
    }

    /// Point counts of the polylines of class `cssClass`.
    private func pointCounts(_ cssClass: String, in svg: String) -> [Int] {
        svg.components(separatedBy: "<polyline class=\"\(cssClass)\" points=\"").dropFirst().map { rest in
            rest.prefix { $0 != "\"" }.split(separator: " ").count
        }
    }

    /// A three-body trajectory (18 components) sampled at 12 times, with truth, windows split 6 / 3 / 3.
    private func threeBody() -> TrajectoryFigureData {
        let times = (0..<12).map { Double($0) / 4 }, fineTimes = (0...60).map { Double($0) / 20 }
        func state(_ t: Double) -> [Double] { (0..<18).map { c in sin(t + Double(c)) * Double(1 + c % 3) } }
        let truth = times.flatMap(state)
        let observed = truth.enumerated().map { k, v in v + 0.01 * sin(Double(k * 7)) }
        let windows = times.map { t -> ObservationWindow in t <= 1.25 ? .training : t <= 2 ? .validation : .test }
        return TrajectoryFigureData(index: 0, times: times, observed: observed, predictedAtTimes: truth.map { $0 * 1.01 }, truth: truth,
                                    windows: windows, fineTimes: fineTimes, fine: fineTimes.flatMap(state), dimension: 18)
    }

    @Test("the validation loss is a line through all its computed (non-NaN) points")
    func validationLossLine() {
        let loss = (0..<40).map { pow(0.9, Double($0)) }
        let validation = (0..<40).map { $0 % 5 == 0 ? 2 * pow(0.92, Double($0)) : .nan }
        let svg = TrajectoryPlots.lossHistory(title: "loss", loss: loss, validation: validation)
        #expect(pointCounts("validation-loss", in: svg) == [8])
        #expect(count("class=\"validation-point\"", in: svg) == 8)
        #expect(pointCounts("training-loss", in: svg).count == 1)
        #expect(svg.contains(">validation</text>") && svg.contains(">training</text>"))
        // Without validation, no validation line.
        let plain = TrajectoryPlots.lossHistory(title: "loss", loss: loss, validation: loss.map { _ in .nan })
        #expect(!plain.contains("validation-loss"))
    }

    @Test("styles: ten distinct colours, then dash patterns; nine components never share a colour")
    func styles() {
        #expect(Set((0..<10).map { TrajectoryPlots.style($0).color }).count == 10)
        #expect(Set((0..<40).map { "\(TrajectoryPlots.style($0))" }).count == 40)
        let times = [0.0, 1], fine = (0...10).map { Double($0) / 10 }
        let svg = TrajectoryPlots.componentsOverTime(title: "nine", times: times, observed: [Double](repeating: 0, count: 18),
                                                     predictedTimes: fine, predicted: fine.flatMap { t in (0..<9).map { t * Double($0) } },
                                                     dimension: 9, components: Array(0..<9), labels: [])
        #expect(Set(strokes("prediction", in: svg)).count == 9)
    }

    @Test("N-body states: one panel per body, nine positions in nine distinct colours")
    func panelsPerBody() {
        #expect(FitFigures.panels(components: Array(0..<9), dimension: 18).map(\.title) == ["body 1", "body 2", "body 3"])
        #expect(FitFigures.panels(components: [0, 1, 2, 9, 10, 11], dimension: 18)[0].components == [0, 1, 2, 9, 10, 11])
        #expect(FitFigures.panels(components: [0, 1], dimension: 2).count == 1)
        let labels = (1...3).flatMap { b in ["x\(b)", "y\(b)", "z\(b)"] } + (1...3).flatMap { b in ["vx\(b)", "vy\(b)", "vz\(b)"] }
        let windows = FitFigures.Windows(fitEnd: 1.25, validateUntil: 2)
        let svg = FitFigures.trajectory(threeBody(), components: Array(0..<9), labels: labels, windows: windows)
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(count("clip-path=\"url(#panel", in: svg) == 3)
        #expect(svg.contains(">body 1</text>") && svg.contains(">body 3</text>") && svg.contains(">z3</text>"))
        #expect(strokes("prediction", in: svg).count == 9 && Set(strokes("prediction", in: svg)).count == 9)
        #expect(strokes("truth", in: svg).count == 9)
        #expect(svg == FitFigures.trajectory(threeBody(), components: Array(0..<9), labels: labels, windows: windows))
    }

    @Test("training, validation and test observations are marked differently, their windows shaded and named")
    func windowsMarked() {
        let data = threeBody()
        let windows = FitFigures.Windows(fitEnd: 1.25, validateUntil: 2)
        for svg in [FitFigures.trajectory(data, components: Array(0..<9), labels: [], windows: windows),
                    FitFigures.residuals(data, components: Array(0..<9), labels: [], windows: windows)] {
            #expect(count("class=\"obs-training\"", in: svg) == 6 * 9)
            #expect(count("class=\"obs-validation\"", in: svg) == 3 * 9)
            #expect(count("class=\"obs-test\"", in: svg) == 3 * 9)
            #expect(count("<circle class=\"obs-training\"", in: svg) == 54 && count("<rect class=\"obs-validation\"", in: svg) == 27)
            for label in ["training data", "validation data", "test data", "validation window", "test window"] {
                #expect(svg.contains(">\(label)</text>"), "\(label)")
            }
            #expect(svg.contains("fill=\"#fdf0c8\"") && svg.contains("fill=\"#e9e9e9\""))
            #expect(count("stroke-dasharray=\"4 3\"", in: svg) == 6) // two boundaries in each of three panels
        }
        // A training window that ends with the data: nothing to shade.
        let allTraining = FitFigures.trajectory(data, components: [0], labels: [], windows: .init(fitEnd: 3, validateUntil: nil))
        #expect(!allTraining.contains("fill=\"#e9e9e9\"") && !allTraining.contains(">test window</text>"))
        // Held-out trajectories: no time split, so no windows shaded; only the markers that occur are explained.
        var heldOut = data
        heldOut.windows = data.times.map { _ in .validation }
        let svg = FitFigures.trajectory(heldOut, components: [0, 1, 2], labels: [], windows: .init(fitEnd: 1, validateUntil: nil))
        #expect(!svg.contains("fill=\"#e9e9e9\"") && !svg.contains(">training</text>") && !svg.contains(">training data</text>") && svg.contains(">validation data</text>"))
    }

    @Test("residuals: observed − predicted around a zero line, truth − predicted where known")
    func residuals() {
        var data = threeBody()
        let svg = FitFigures.residuals(data, components: [0], labels: ["x1"], windows: .init(fitEnd: nil, validateUntil: nil))
        #expect(svg.contains("observed − predicted") && svg.contains(">truth − predicted</text>"))
        #expect(strokes("truth", in: svg).count == 1 && count("stroke=\"#333333\" stroke-width=\"0.8\"", in: svg) == 1)
        data.truth = nil
        let noTruth = FitFigures.residuals(data, components: [0], labels: ["x1"], windows: .init(fitEnd: nil, validateUntil: nil))
        #expect(!noTruth.contains("class=\"truth\"") && !noTruth.contains("truth − predicted"))
    }
}
