import Foundation

/// Ready-made figures for fits: trajectories over time, planar orbits, loss curves.
public enum TrajectoryPlots {
    /// A qualitative palette (colour-blind friendly, Okabe–Ito).
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

    /// Ten distinct categorical colours (matplotlib's tab10), for series that must not share a colour.
    public static let categorical = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                     "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
    /// Dash patterns for the 11th series on (nil: solid), so 40 series stay distinguishable.
    public static let dashes: [String?] = [nil, "6 3", "2 2", "8 3 2 3"]

    /// The colour and dash pattern of series `k`: ten colours, then the same colours with the next dash pattern.
    public static func style(_ k: Int) -> (color: String, dash: String?) {
        (categorical[k % categorical.count], dashes[(k / categorical.count) % dashes.count])
    }

    /// Components over time: observed values as dots, the prediction as lines; a
    /// dashed vertical line marks where the fitted span ends (extrapolation beyond).
    public static func componentsOverTime(
        title: String, times: [Double], observed: [Double], predictedTimes: [Double], predicted: [Double],
        dimension d: Int, components: [Int], labels: [String], fitEnd: Double? = nil
    ) -> String {
        let values = components.flatMap { c in
            (observed.indices.filter { $0 % d == c }.map { observed[$0] } + predicted.indices.filter { $0 % d == c }.map { predicted[$0] })
        }.filter(\.isFinite)
        let allTimes = (times + predictedTimes).filter(\.isFinite)
        var plot = SVGPlot(title: title, x: range(allTimes), y: range(values), xLabel: "t", yLabel: "state")
        plot.width = 720
        plot.height = 420
        for (k, c) in components.enumerated() {
            let (color, dash) = style(k)
            plot.addLine(predictedTimes.indices.map { (predictedTimes[$0], predicted[$0 * d + c]) }, color: color,
                         dash: dash, label: c < labels.count ? labels[c] : "y\(c)", cssClass: "prediction")
            for (n, t) in times.enumerated() where observed[n * d + c].isFinite {
                plot.addMarker(t, observed[n * d + c], .dot, color: color, size: 3.5)
            }
        }
        if let fitEnd {
            let yr = range(values)
            plot.addLine([(fitEnd, yr.lowerBound), (fitEnd, yr.upperBound)], color: "#777777", width: 1, dashed: true)
        }
        return plot.render()
    }

    /// Orbits in the x–y plane for N bodies (state `[r_1 … r_n, v_1 … v_n]`):
    /// predicted as lines, observed positions as dots (or, given `windows` — one per observation —,
    /// shaped by their split window as in ``FitFigures``).
    public static func orbits(title: String, observed: [Double], predicted: [Double], bodies n: Int, dimension d: Int,
                              windows: [ObservationWindow]? = nil) -> String {
        func column(_ values: [Double], _ c: Int) -> [Double] {
            stride(from: c, to: values.count, by: d).map { values[$0] }
        }
        var xs: [Double] = [], ys: [Double] = []
        for b in 0..<n {
            xs += column(observed, 3 * b) + column(predicted, 3 * b)
            ys += column(observed, 3 * b + 1) + column(predicted, 3 * b + 1)
        }
        // Equal scales on both axes: orbits keep their shape.
        let xr = range(xs.filter { $0.isFinite }), yr = range(ys.filter { $0.isFinite })
        let half: Double = max(xr.upperBound - xr.lowerBound, yr.upperBound - yr.lowerBound) / 2
        let cx: Double = (xr.lowerBound + xr.upperBound) / 2, cy: Double = (yr.lowerBound + yr.upperBound) / 2
        var plot = SVGPlot(title: title, x: (cx - half)...(cx + half), y: (cy - half)...(cy + half), xLabel: "x", yLabel: "y")
        for b in 0..<n {
            let color = style(b).color
            let px = column(predicted, 3 * b), py = column(predicted, 3 * b + 1)
            plot.addLine(Array(zip(px, py)), color: color, label: "body \(b + 1)")
            let ox = column(observed, 3 * b), oy = column(observed, 3 * b + 1)
            for (k, (x, y)) in zip(ox, oy).enumerated() where x.isFinite && y.isFinite {
                if let window = windows?[k] {
                    plot.addMarker(x, y, window.marker, color: color, size: window == .training ? 4 : 5.5, cssClass: "obs-\(window.rawValue)")
                } else {
                    plot.addMarker(x, y, .dot, color: color, size: 3)
                }
            }
        }
        if let windows {
            plot.legendPlacement = .right
            for window in ObservationWindow.allCases where windows.contains(window) {
                plot.addLegendEntry(.init(label: "\(window.rawValue) data", color: "#444444", line: false, marker: window.marker))
            }
        }
        return plot.render()
    }

    /// Training (and validation) loss per iteration on a log10 scale. The validation loss is NaN at
    /// iterations where it was not computed: it is drawn as a line through its computed points, each marked.
    public static func lossHistory(title: String, loss: [Double], validation: [Double]? = nil) -> String {
        let logLoss = loss.map { $0 > 0 ? log10($0) : .nan }
        let validationPoints = (validation ?? []).enumerated().compactMap { k, v in
            v > 0 && v.isFinite ? (Double(k), log10(v)) : nil
        }
        let iterations = Double(max(1, loss.count - 1))
        var plot = SVGPlot(title: title, x: 0...iterations, y: range(logLoss.filter(\.isFinite) + validationPoints.map(\.1)),
                           xLabel: "iteration", yLabel: "log10 loss")
        plot.width = 640
        plot.height = 400
        plot.legendPlacement = .right
        plot.addLine(logLoss.indices.map { (Double($0), logLoss[$0]) }.filter { $0.1.isFinite }, color: categorical[0],
                     label: "training", cssClass: "training-loss")
        if !validationPoints.isEmpty {
            plot.addLine(validationPoints, color: categorical[1], dashed: true, cssClass: "validation-loss")
            for (x, y) in validationPoints { plot.addMarker(x, y, .circle, color: categorical[1], size: 6, cssClass: "validation-point") }
            plot.addLegendEntry(.init(label: "validation", color: categorical[1], dashed: true, marker: .circle))
        }
        return plot.render()
    }

    /// A padded range around `values` (a unit range when empty or flat).
    static func range(_ values: [Double], pad fraction: Double = 0.05) -> ClosedRange<Double> {
        guard let low = values.min(), let high = values.max() else { return 0...1 }
        let pad = high > low ? fraction * (high - low) : max(abs(low) * 0.1, 0.5)
        return (low - pad)...(high + pad)
    }
}


