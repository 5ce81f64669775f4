import Foundation

/// Which part of a fit's split an observation belongs to: it trained the model, validated it
/// (early stopping, choice of the best parameters), or was never seen by any choice of the fit (test).
public enum ObservationWindow: String, Sendable, CaseIterable {
    case training, validation, test

    /// The marker shape of the window's observations: filled dots, open squares, open triangles.
    public var marker: SVGPlot.Marker {
        switch self {
        case .training: .dot
        case .validation: .square
        case .test: .triangle
        }
    }

    /// Fill of the window's time band (training is left unshaded).
    public var shading: String? {
        switch self {
        case .training: nil
        case .validation: "#fdf0c8"
        case .test: "#e9e9e9"
        }
    }
}

/// One trajectory of a fit, as its figures need it. All state arrays are row-major
/// `[time][component]` with `dimension` components; missing observations are NaN.
public struct TrajectoryFigureData: Sendable {
    public var index: Int
    /// Observation times, the observed values there, the model's prediction there, and the
    /// noise-free states there (when the data have them).
    public var times: [Double]
    public var observed: [Double]
    public var predictedAtTimes: [Double]
    public var truth: [Double]?
    /// The split window of each observation time.
    public var windows: [ObservationWindow]
    /// The prediction on a fine grid, for smooth lines.
    public var fineTimes: [Double]
    public var fine: [Double]
    public var dimension: Int

    public init(index: Int, times: [Double], observed: [Double], predictedAtTimes: [Double], truth: [Double]?,
                windows: [ObservationWindow], fineTimes: [Double], fine: [Double], dimension: Int) {
        self.index = index
        self.times = times
        self.observed = observed
        self.predictedAtTimes = predictedAtTimes
        self.truth = truth
        self.windows = windows
        self.fineTimes = fineTimes
        self.fine = fine
        self.dimension = dimension
    }
}

/// Figures of a fitted trajectory that a scientist reads: data and model over time, residuals over
/// time, one panel per body for N-body states, training / validation / test observations marked by
/// shape and the windows shaded, the noise-free truth where known.
public enum FitFigures {
    /// Where the split's windows end in time: training up to `fitEnd`, validation up to `validateUntil`.
    public struct Windows: Sendable {
        public var fitEnd: Double?
        public var validateUntil: Double?
        public init(fitEnd: Double?, validateUntil: Double?) {
            self.fitEnd = fitEnd
            self.validateUntil = validateUntil
        }
    }

    /// A panel's title and the state components it shows.
    public struct Panel: Sendable, Equatable {
        public var title: String
        public var components: [Int]
    }

    /// One panel per body for N-body states (`dimension` = 6N: positions then velocities), showing that
    /// body's entries of `components`; otherwise a single panel with all of them.
    public static func panels(components: [Int], dimension d: Int) -> [Panel] {
        guard d % 6 == 0, d >= 12 else { return [Panel(title: "", components: components)] }
        let n = d / 6
        return (0..<n).compactMap { b in
            let mine = components.filter { c in (c < 3 * n ? c / 3 : (c - 3 * n) / 3) == b }
            return mine.isEmpty ? nil : Panel(title: "body \(b + 1)", components: mine)
        }
    }

    /// Data (markers shaped by window) and the fitted model (lines) over time, with the noise-free
    /// truth as thin dotted lines where known.
    public static func trajectory(_ data: TrajectoryFigureData, components: [Int], labels: [String], windows: Windows) -> String {
        figure(data, components: components, labels: labels, windows: windows, residuals: false)
    }

    /// Residuals `observed − predicted` over time (markers shaped by window) around a zero line, with
    /// `truth − predicted` (the model's own error) as thin dotted lines where the truth is known.
    public static func residuals(_ data: TrajectoryFigureData, components: [Int], labels: [String], windows: Windows) -> String {
        figure(data, components: components, labels: labels, windows: windows, residuals: true)
    }

    private static func figure(_ data: TrajectoryFigureData, components: [Int], labels: [String], windows: Windows,
                               residuals: Bool) -> String {
        let d = data.dimension
        // A trajectory held out whole (validation) or never used (test) has no windows in time.
        let windows = data.windows.contains(.training) ? windows : Windows(fitEnd: nil, validateUntil: nil)
        let layout = panels(components: components, dimension: d)
        let tRange = TrajectoryPlots.range((data.times + data.fineTimes).filter(\.isFinite), pad: 0.02)
        let dataEnd = (data.times + data.fineTimes).filter(\.isFinite).max() ?? 0
        func name(_ c: Int) -> String { c < labels.count ? labels[c] : "y\(c)" }
        func value(_ array: [Double], _ k: Int, _ c: Int) -> Double {
            residuals ? array[k * d + c] - data.predictedAtTimes[k * d + c] : array[k * d + c]
        }
        var plots: [SVGPlot] = []
        for (p, panel) in layout.enumerated() {
            var values = [Double]()
            for c in panel.components {
                values += data.times.indices.map { value(data.observed, $0, c) }
                if let truth = data.truth { values += data.times.indices.map { value(truth, $0, c) } }
                if !residuals { values += data.fineTimes.indices.map { data.fine[$0 * d + c] } }
            }
            if residuals { values.append(0) }
            var yRange = TrajectoryPlots.range(values.filter(\.isFinite))
            if p == 0, !bands(windows, end: dataEnd).isEmpty {
                // Headroom for the windows' names.
                yRange = yRange.lowerBound...(yRange.upperBound + 0.1 * (yRange.upperBound - yRange.lowerBound))
            }
            var plot = SVGPlot(title: panel.title, x: tRange, y: yRange, xLabel: p == layout.count - 1 ? "t" : "",
                               yLabel: residuals ? "observed − predicted" : quantity(panel.components, dimension: d))
            plot.width = 780
            plot.height = layout.count > 1 ? 250 : 400
            plot.margin = (left: 72, right: 16, top: layout.count > 1 ? 30 : 16, bottom: 44)
            plot.legendPlacement = .right
            shadeWindows(&plot, windows: windows, end: dataEnd, labelled: p == 0)
            if residuals { plot.addLine([(tRange.lowerBound, 0), (tRange.upperBound, 0)], color: "#333333", width: 0.8) }
            for c in panel.components {
                let slot = components.firstIndex(of: c) ?? c
                let style = TrajectoryPlots.style(slot)
                if !residuals {
                    plot.addLine(data.fineTimes.indices.map { (data.fineTimes[$0], data.fine[$0 * d + c]) }, color: style.color,
                                 dash: style.dash, label: name(c), cssClass: "prediction")
                } else {
                    plot.addLegendEntry(.init(label: name(c), color: style.color, dash: style.dash, line: false, marker: .dot))
                }
                if let truth = data.truth {
                    plot.addLine(data.times.indices.map { (data.times[$0], value(truth, $0, c)) }.filter { $0.1.isFinite },
                                 color: style.color, width: 1.1, dash: "1.5 2.5", cssClass: "truth")
                }
                for (k, t) in data.times.enumerated() {
                    let v = value(data.observed, k, c)
                    guard v.isFinite else { continue }
                    let window = data.windows[k]
                    plot.addMarker(t, v, window.marker, color: style.color, size: window == .training ? 5 : 6.5,
                                   cssClass: "obs-\(window.rawValue)")
                }
            }
            plots.append(plot)
        }
        let what = residuals ? "residuals (observed − predicted)" : "data and fitted model"
        return SVGFigure(title: "Trajectory \(data.index): \(what)", panels: plots,
                         sharedLegend: sharedLegend(data, windows: windows, residuals: residuals)).render()
    }

    /// The y label of a panel: "position" or "velocity" when an N-body panel shows only one of them.
    static func quantity(_ components: [Int], dimension d: Int) -> String {
        guard d % 6 == 0, d >= 12 else { return "state" }
        if components.allSatisfy({ $0 < d / 2 }) { return "position" }
        return components.allSatisfy { $0 >= d / 2 } ? "velocity" : "state"
    }

    /// What the shapes, lines and bands mean (only those that appear).
    static func sharedLegend(_ data: TrajectoryFigureData, windows: Windows, residuals: Bool) -> [SVGPlot.LegendEntry] {
        let present = Set(data.windows)
        var entries = ObservationWindow.allCases.filter(present.contains).map {
            SVGPlot.LegendEntry(label: "\($0.rawValue) data", color: "#444444", line: false, marker: $0.marker)
        }
        if !residuals { entries.append(.init(label: "fitted model", color: "#444444")) }
        if data.truth != nil {
            entries.append(.init(label: residuals ? "truth − predicted" : "noise-free truth", color: "#444444", dash: "1.5 2.5"))
        }
        let end = (data.times + data.fineTimes).filter(\.isFinite).max() ?? 0
        for (window, _) in bands(windows, end: end) {
            guard let fill = window.shading else { continue }
            entries.append(.init(label: "\(window.rawValue) window", color: "#444444", fill: fill))
        }
        return entries
    }

    /// The windows after training that start before `end` (the data's last time), with their starts:
    /// validation (fitEnd, validateUntil], then test.
    static func bands(_ windows: Windows, end: Double) -> [(ObservationWindow, Double)] {
        guard let fitEnd = windows.fitEnd else { return [] }
        let all: [(ObservationWindow, Double)] = if let until = windows.validateUntil, until > fitEnd {
            [(.validation, fitEnd), (.test, until)]
        } else {
            [(.test, fitEnd)]
        }
        return all.filter { $0.1 < end }
    }

    /// Shades the validation and test windows, draws their boundaries, and names the windows at the top.
    static func shadeWindows(_ plot: inout SVGPlot, windows: Windows, end: Double, labelled: Bool) {
        let x = plot.xRange, y = plot.yRange
        let bands = bands(windows, end: end)
        guard !bands.isEmpty else { return }
        var starts = [x.lowerBound] + bands.map { max($0.1, x.lowerBound) }
        let names = [ObservationWindow.training] + bands.map(\.0)
        starts.append(x.upperBound)
        for (k, band) in bands.enumerated() {
            let upper = k + 1 < bands.count ? bands[k + 1].1 : x.upperBound
            if let fill = band.0.shading { plot.addBand(x: max(band.1, x.lowerBound)...min(upper, x.upperBound), color: fill) }
            plot.addVerticalLine(x: band.1, color: "#777777", dash: "4 3")
        }
        guard labelled else { return }
        let top = y.upperBound - 0.06 * (y.upperBound - y.lowerBound)
        for (k, name) in names.enumerated() where starts[k + 1] - starts[k] > 0.08 * (x.upperBound - x.lowerBound) {
            plot.addText(name.rawValue, x: (starts[k] + starts[k + 1]) / 2, y: top)
        }
    }
}
