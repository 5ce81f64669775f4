import Evaluation

/// A line or scatter figure described as data, so the same figure can be drawn
/// as SVG here and redrawn with matplotlib from `results.h5` in the notebook.
public struct Figure: Sendable {
    public enum Style: String, Sendable { case line, dashed, dots }

    public struct Series: Sendable {
        public var label: String
        public var x: [Double]
        public var y: [Double]
        public var style: Style
        public init(label: String, x: [Double], y: [Double], style: Style = .line) {
            self.label = label
            self.x = x
            self.y = y
            self.style = style
        }
    }

    /// File stem of the SVG and group name in results.h5.
    public var name: String
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// Plot log10 of x and/or y (values ≤ 0 are dropped).
    public var logX: Bool
    public var logY: Bool
    public var series: [Series]

    public init(name: String, title: String, xLabel: String, yLabel: String, logX: Bool = false, logY: Bool = false, series: [Series]) {
        self.name = name
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
        self.logY = logY
        self.series = series
    }

    /// The figure as a standalone SVG document.
    public func svg() -> String {
        func transform(_ v: Double, _ log: Bool) -> Double { log ? (v > 0 ? Foundation.log10(v) : .nan) : v }
        let points = series.map { s in zip(s.x, s.y).map { (transform($0, logX), transform($1, logY)) }.filter { $0.0.isFinite && $0.1.isFinite } }
        let xs = points.flatMap { $0.map(\.0) }, ys = points.flatMap { $0.map(\.1) }
        var plot = SVGPlot(title: title, x: Self.padded(xs), y: Self.padded(ys),
                           xLabel: logX ? "log10 " + xLabel : xLabel, yLabel: logY ? "log10 " + yLabel : yLabel)
        plot.width = 640
        plot.height = 420
        for (k, s) in series.enumerated() {
            let color = TrajectoryPlots.palette[k % TrajectoryPlots.palette.count]
            switch s.style {
            case .line, .dashed: plot.addLine(points[k], color: color, dashed: s.style == .dashed, label: s.label)
            case .dots:
                for p in points[k] { plot.addMarker(p.0, p.1, .dot, color: color, size: 5) }
                plot.addLine([], color: color, label: s.label)
            }
        }
        return plot.render()
    }

    static func padded(_ values: [Double]) -> ClosedRange<Double> {
        guard let low = values.min(), let high = values.max() else { return 0...1 }
        let pad = high > low ? 0.05 * (high - low) : max(abs(low) * 0.1, 0.5)
        return (low - pad)...(high + pad)
    }
}

import Foundation
