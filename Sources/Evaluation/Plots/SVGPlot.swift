import Foundation

/// A small 2-D plot written as standalone SVG: a framed data area with ticks, optional contour lines,
/// polylines, markers and a legend. No dependencies; the output is deterministic (same inputs, same bytes).
///
/// Usage: create with ranges and labels, add layers in drawing order, then ``render()``.
public struct SVGPlot {
    /// A legend entry.
    public struct LegendEntry {
        public var label: String
        public var color: String
        public var dashed: Bool
    }

    /// Marker shapes.
    public enum Marker {
        case cross, dot
    }

    public var width = 560.0
    public var height = 520.0
    public var margin = (left: 56.0, right: 16.0, top: 36.0, bottom: 48.0)
    public let xRange: ClosedRange<Double>
    public let yRange: ClosedRange<Double>
    public let title: String
    public let xLabel: String
    public let yLabel: String
    private var layers: [String] = []
    private var legend: [LegendEntry] = []

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
    public mutating func addLine(_ points: [(Double, Double)], color: String, width: Double = 1.6,
                          dashed: Bool = false, label: String? = nil) {
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
        let dash = dashed ? " stroke-dasharray=\"5 3\"" : ""
        layers.append("<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(color)\" "
            + "stroke-width=\"\(width)\" stroke-linejoin=\"round\" opacity=\"0.9\"\(dash)/>")
        if let label { legend.append(LegendEntry(label: label, color: color, dashed: dashed)) }
    }

    /// A marker at a data point.
    public mutating func addMarker(_ x: Double, _ y: Double, _ shape: Marker, color: String, size: Double = 6) {
        let (px, py) = pixel(x, y)
        switch shape {
        case .cross:
            layers.append("<path d=\"M\(Self.f(px - size)) \(Self.f(py - size))L\(Self.f(px + size)) "
                + "\(Self.f(py + size))M\(Self.f(px - size)) \(Self.f(py + size))L\(Self.f(px + size)) "
                + "\(Self.f(py - size))\" stroke=\"\(color)\" stroke-width=\"2.5\"/>")
        case .dot:
            layers.append("<circle cx=\"\(Self.f(px))\" cy=\"\(Self.f(py))\" r=\"\(Self.f(size / 2))\" "
                + "fill=\"\(color)\"/>")
        }
    }

    /// The finished SVG document.
    public func render() -> String {
        let w = width - margin.left - margin.right, h = height - margin.top - margin.bottom
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.f(width))\" height=\"\(Self.f(height))\" "
            + "viewBox=\"0 0 \(Self.f(width)) \(Self.f(height))\" font-family=\"Helvetica, Arial, sans-serif\" "
            + "font-size=\"12\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<defs><clipPath id=\"area\"><rect x=\"\(Self.f(margin.left))\" y=\"\(Self.f(margin.top))\" "
            + "width=\"\(Self.f(w))\" height=\"\(Self.f(h))\"/></clipPath></defs>\n"
        s += "<text x=\"\(Self.f(width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">"
            + "\(Self.escaped(title))</text>\n"
        s += "<g clip-path=\"url(#area)\">\n" + layers.joined(separator: "\n") + "\n</g>\n"
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
            let boxWidth = 12 + 7.0 * Double(legend.map(\.label.count).max()!) + 34
            let x0 = margin.left + w - boxWidth - 8, y0 = margin.top + 8
            s += "<rect x=\"\(Self.f(x0))\" y=\"\(Self.f(y0))\" width=\"\(Self.f(boxWidth))\" "
                + "height=\"\(Self.f(Double(legend.count) * 18 + 8))\" fill=\"white\" opacity=\"0.85\" "
                + "stroke=\"#888\"/>\n"
            for (k, e) in legend.enumerated() {
                let y = y0 + 16 + Double(k) * 18
                let dash = e.dashed ? " stroke-dasharray=\"5 3\"" : ""
                s += "<line x1=\"\(Self.f(x0 + 8))\" y1=\"\(Self.f(y - 4))\" x2=\"\(Self.f(x0 + 32))\" "
                    + "y2=\"\(Self.f(y - 4))\" stroke=\"\(e.color)\" stroke-width=\"2\"\(dash)/>"
                    + "<text x=\"\(Self.f(x0 + 38))\" y=\"\(Self.f(y))\">\(Self.escaped(e.label))</text>\n"
            }
        }
        return s + "</svg>\n"
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
