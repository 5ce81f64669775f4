import Foundation

/// A small 2-D plot written as standalone SVG: a framed data area with ticks, optional contour lines,
/// polylines, markers and a legend. No dependencies; the output is deterministic (same inputs, same bytes).
///
/// Usage: create with ranges and labels, add layers in drawing order, then ``render()``.
public struct SVGPlot {
    /// A legend entry: a line sample (`line`), a marker sample (`marker`), or both.
    public struct LegendEntry {
        public var label: String
        public var color: String
        public var dashed: Bool
        /// An explicit SVG dash pattern (overrides `dashed`).
        public var dash: String?
        /// Draw a line sample.
        public var line: Bool
        /// Draw this marker in the middle of the sample.
        public var marker: Marker?
        /// A filled area sample of this colour instead of a line (window shading).
        public var fill: String?

        public init(label: String, color: String, dashed: Bool = false, dash: String? = nil, line: Bool = true,
                    marker: Marker? = nil, fill: String? = nil) {
            self.label = label
            self.color = color
            self.dashed = dashed
            self.dash = dash
            self.line = line
            self.marker = marker
            self.fill = fill
        }
    }

    /// Marker shapes: `cross` and `dot` (filled circle) plus open `circle`, `square`, `triangle`, `diamond`.
    public enum Marker: Sendable {
        case cross, dot, circle, square, triangle, diamond
    }

    /// Where the legend goes: inside the data area's top right corner, or in a column right of the frame
    /// (the canvas grows by the legend's width, so the legend never covers data).
    public enum LegendPlacement: Sendable {
        case inside, right
    }

    public var width = 560.0
    public var height = 520.0
    public var margin = (left: 56.0, right: 16.0, top: 36.0, bottom: 48.0)
    public let xRange: ClosedRange<Double>
    public let yRange: ClosedRange<Double>
    public let title: String
    public let xLabel: String
    public let yLabel: String
    /// Where ``render()`` puts the legend.
    public var legendPlacement = LegendPlacement.inside
    var layers: [String] = []
    var legend: [LegendEntry] = []

    public init(title: String, x xRange: ClosedRange<Double>, y yRange: ClosedRange<Double>,
         xLabel: String = "x", yLabel: String = "y") {
        self.title = title
        self.xRange = xRange
        self.yRange = yRange
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// Pixel coordinates of a data point.
    public func pixel(_ x: Double, _ y: Double) -> (Double, Double) {
        let w = width - margin.left - margin.right, h = height - margin.top - margin.bottom
        let px = margin.left + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * w
        let py = margin.top + (1 - (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound)) * h
        return (px, py)
    }

    /// Contour lines of `contours` at `levels`, in light grey (one path per level).
    public mutating func addContours(_ contours: ContourLines, levels: [Double], color: String = "#b8b8b8") {
        for level in levels {
            var d = ""
            for s in contours.segments(at: level) {
                let a = pixel(s.x0, s.y0), b = pixel(s.x1, s.y1)
                d += "M\(Self.f(a.0)) \(Self.f(a.1))L\(Self.f(b.0)) \(Self.f(b.1))"
            }
            if !d.isEmpty {
                layers.append("<path d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"0.7\"/>")
            }
        }
    }

    /// A polyline through `points` (non-finite points end the line), with a legend entry if `label` is given.
    /// `dash` is an SVG dash pattern (overrides `dashed`); `cssClass` names the polyline (for tests and styling).
    public mutating func addLine(_ points: [(Double, Double)], color: String, width: Double = 1.6,
                          dashed: Bool = false, dash: String? = nil, label: String? = nil, cssClass: String? = nil) {
        let finite = points.prefix { $0.0.isFinite && $0.1.isFinite }
        guard !finite.isEmpty else { return }
        // Points closer than half a pixel to the last one kept add nothing visible; drop them.
        var kept: [(Double, Double)] = []
        for (k, p) in finite.enumerated() {
            let q = pixel(p.0, p.1)
            if let last = kept.last, k != finite.count - 1,
               abs(q.0 - last.0) < 0.5 && abs(q.1 - last.1) < 0.5 { continue }
            kept.append(q)
        }
        let coordinates = kept.map { "\(Self.f($0.0)),\(Self.f($0.1))" }.joined(separator: " ")
        let pattern = dash ?? (dashed ? "5 3" : nil)
        let dashAttribute = pattern.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        let classAttribute = cssClass.map { "class=\"\($0)\" " } ?? ""
        layers.append("<polyline \(classAttribute)points=\"\(coordinates)\" fill=\"none\" stroke=\"\(color)\" "
            + "stroke-width=\"\(width)\" stroke-linejoin=\"round\" opacity=\"0.9\"\(dashAttribute)/>")
        if let label { legend.append(LegendEntry(label: label, color: color, dashed: dashed, dash: dash)) }
    }

    /// A marker at a data point.
    /// `cssClass` names the marker's element (for tests and styling).
    public mutating func addMarker(_ x: Double, _ y: Double, _ shape: Marker, color: String, size: Double = 6,
                                   cssClass: String? = nil) {
        let (px, py) = pixel(x, y)
        layers.append(Self.markerSVG(px, py, shape, color: color, size: size, cssClass: cssClass))
    }

    /// A shaded vertical band over `x` (the full height of the data area), e.g. a validation or test window.
    public mutating func addBand(x: ClosedRange<Double>, color: String, opacity: Double = 1) {
        let a = pixel(x.lowerBound, yRange.upperBound), b = pixel(x.upperBound, yRange.lowerBound)
        layers.append("<rect x=\"\(Self.f(a.0))\" y=\"\(Self.f(a.1))\" width=\"\(Self.f(max(0, b.0 - a.0)))\" "
            + "height=\"\(Self.f(b.1 - a.1))\" fill=\"\(color)\" opacity=\"\(opacity)\"/>")
    }

    /// A vertical line at `x` across the data area, optionally dashed.
    public mutating func addVerticalLine(x: Double, color: String, width: Double = 1, dash: String? = nil) {
        let a = pixel(x, yRange.upperBound), b = pixel(x, yRange.lowerBound)
        let dashAttribute = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        layers.append("<line x1=\"\(Self.f(a.0))\" y1=\"\(Self.f(a.1))\" x2=\"\(Self.f(b.0))\" y2=\"\(Self.f(b.1))\" "
            + "stroke=\"\(color)\" stroke-width=\"\(width)\"\(dashAttribute)/>")
    }

    /// Text at a data point (`anchor`: start, middle or end), e.g. the name of a time window.
    public mutating func addText(_ text: String, x: Double, y: Double, anchor: String = "middle", color: String = "#555555",
                                 size: Double = 11) {
        let (px, py) = pixel(x, y)
        layers.append("<text x=\"\(Self.f(px))\" y=\"\(Self.f(py))\" text-anchor=\"\(anchor)\" fill=\"\(color)\" "
            + "font-size=\"\(Self.f(size))\">\(Self.escaped(text))</text>")
    }

    /// A legend entry without a drawn series (e.g. a marker shape's meaning).
    public mutating func addLegendEntry(_ entry: LegendEntry) { legend.append(entry) }

    /// Width of the legend column for ``LegendPlacement/right`` (0 without a legend or when inside).
    public var legendColumnWidth: Double {
        guard legendPlacement == .right, !legend.isEmpty else { return 0 }
        return Self.legendBoxWidth(legend) + 16
    }

    /// The finished SVG document.
    public func render() -> String {
        let total = width + legendColumnWidth
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.f(total))\" height=\"\(Self.f(height))\" "
            + "viewBox=\"0 0 \(Self.f(total)) \(Self.f(height))\" font-family=\"Helvetica, Arial, sans-serif\" "
            + "font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
            + renderBody(clipID: "area") + "</svg>\n"
    }

    /// The plot's elements without the enclosing `<svg>` (for figures of several panels);
    /// `clipID` must be unique within the document.
    public func renderBody(clipID: String) -> String {
        let w = width - margin.left - margin.right, h = height - margin.top - margin.bottom
        var s = "<defs><clipPath id=\"\(clipID)\"><rect x=\"\(Self.f(margin.left))\" y=\"\(Self.f(margin.top))\" "
            + "width=\"\(Self.f(w))\" height=\"\(Self.f(h))\"/></clipPath></defs>\n"
        s += "<text x=\"\(Self.f(width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">"
            + "\(Self.escaped(title))</text>\n"
        s += "<g clip-path=\"url(#\(clipID))\">\n" + layers.joined(separator: "\n") + "\n</g>\n"
        s += "<rect x=\"\(Self.f(margin.left))\" y=\"\(Self.f(margin.top))\" width=\"\(Self.f(w))\" "
            + "height=\"\(Self.f(h))\" fill=\"none\" stroke=\"black\"/>\n"
        for t in Self.ticks(xRange) {
            let (px, py) = pixel(t, yRange.lowerBound)
            s += "<line x1=\"\(Self.f(px))\" y1=\"\(Self.f(py))\" x2=\"\(Self.f(px))\" y2=\"\(Self.f(py + 5))\" "
                + "stroke=\"black\"/><text x=\"\(Self.f(px))\" y=\"\(Self.f(py + 18))\" text-anchor=\"middle\">"
                + "\(Self.label(t))</text>\n"
        }
        for t in Self.ticks(yRange) {
            let (px, py) = pixel(xRange.lowerBound, t)
            s += "<line x1=\"\(Self.f(px - 5))\" y1=\"\(Self.f(py))\" x2=\"\(Self.f(px))\" y2=\"\(Self.f(py))\" "
                + "stroke=\"black\"/><text x=\"\(Self.f(px - 8))\" y=\"\(Self.f(py + 4))\" text-anchor=\"end\">"
                + "\(Self.label(t))</text>\n"
        }
        s += "<text x=\"\(Self.f(margin.left + w / 2))\" y=\"\(Self.f(height - 10))\" text-anchor=\"middle\">"
            + "\(Self.escaped(xLabel))</text>\n"
        s += "<text x=\"14\" y=\"\(Self.f(margin.top + h / 2))\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 14 \(Self.f(margin.top + h / 2)))\">\(Self.escaped(yLabel))</text>\n"
        if !legend.isEmpty {
            let boxWidth = Self.legendBoxWidth(legend)
            let x0 = legendPlacement == .right ? width - margin.right + 12 : margin.left + w - boxWidth - 8
            s += Self.legendSVG(legend, x: x0, y: margin.top + (legendPlacement == .right ? 0 : 8))
        }
        return s
    }

    /// Width of a legend box holding `entries`.
    static func legendBoxWidth(_ entries: [LegendEntry]) -> Double {
        12 + 7.0 * Double(entries.map(\.label.count).max() ?? 0) + 34
    }

    /// A framed legend with its top left corner at (x, y).
    static func legendSVG(_ entries: [LegendEntry], x x0: Double, y y0: Double) -> String {
        var s = "<rect x=\"\(f(x0))\" y=\"\(f(y0))\" width=\"\(f(legendBoxWidth(entries)))\" "
            + "height=\"\(f(Double(entries.count) * 18 + 8))\" fill=\"white\" opacity=\"0.85\" stroke=\"#888\"/>\n"
        for (k, e) in entries.enumerated() {
            let y = y0 + 16 + Double(k) * 18
            if let fill = e.fill {
                s += "<rect x=\"\(f(x0 + 8))\" y=\"\(f(y - 10))\" width=\"24\" height=\"12\" fill=\"\(fill)\" stroke=\"#bbb\"/>"
            } else if e.line {
                let pattern = e.dash ?? (e.dashed ? "5 3" : nil)
                let dash = pattern.map { " stroke-dasharray=\"\($0)\"" } ?? ""
                s += "<line x1=\"\(f(x0 + 8))\" y1=\"\(f(y - 4))\" x2=\"\(f(x0 + 32))\" "
                    + "y2=\"\(f(y - 4))\" stroke=\"\(e.color)\" stroke-width=\"2\"\(dash)/>"
            }
            if let marker = e.marker { s += markerSVG(x0 + 20, y - 4, marker, color: e.color, size: 7) }
            s += "<text x=\"\(f(x0 + 38))\" y=\"\(f(y))\">\(escaped(e.label))</text>\n"
        }
        return s
    }

    /// One marker centred at pixel (px, py); `size` is the cross's half-width or the other shapes' full width.
    static func markerSVG(_ px: Double, _ py: Double, _ shape: Marker, color: String, size: Double,
                          cssClass: String? = nil) -> String {
        let r = size / 2
        let c = cssClass.map { "class=\"\($0)\" " } ?? ""
        let open = "fill=\"white\" fill-opacity=\"0.6\" stroke=\"\(color)\" stroke-width=\"1.4\""
        switch shape {
        case .cross:
            return "<path \(c)d=\"M\(f(px - size)) \(f(py - size))L\(f(px + size)) "
                + "\(f(py + size))M\(f(px - size)) \(f(py + size))L\(f(px + size)) "
                + "\(f(py - size))\" stroke=\"\(color)\" stroke-width=\"2.5\"/>"
        case .dot:
            return "<circle \(c)cx=\"\(f(px))\" cy=\"\(f(py))\" r=\"\(f(r))\" fill=\"\(color)\"/>"
        case .circle:
            return "<circle \(c)cx=\"\(f(px))\" cy=\"\(f(py))\" r=\"\(f(r))\" \(open)/>"
        case .square:
            return "<rect \(c)x=\"\(f(px - r))\" y=\"\(f(py - r))\" width=\"\(f(size))\" height=\"\(f(size))\" \(open)/>"
        case .triangle:
            return "<path \(c)d=\"M\(f(px)) \(f(py - 1.15 * r))L\(f(px + r)) \(f(py + 0.75 * r))L\(f(px - r)) "
                + "\(f(py + 0.75 * r))Z\" \(open)/>"
        case .diamond:
            return "<path \(c)d=\"M\(f(px)) \(f(py - 1.2 * r))L\(f(px + r)) \(f(py))L\(f(px)) \(f(py + 1.2 * r))L\(f(px - r)) "
                + "\(f(py))Z\" \(open)/>"
        }
    }

    /// About six round tick values inside `range`.
    public static func ticks(_ range: ClosedRange<Double>) -> [Double] {
        let span = range.upperBound - range.lowerBound
        let raw = span / 6
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var t = (range.lowerBound / step).rounded(.up) * step
        var out: [Double] = []
        while t <= range.upperBound + 1e-9 * span {
            out.append(abs(t) < 1e-12 * span ? 0 : t)
            t += step
        }
        return out
    }

    /// Pixel coordinates with two decimals (keeps files small and deterministic).
    public static func f(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    public static func label(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String((x * 1e6).rounded() / 1e6)
    }

    public static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
