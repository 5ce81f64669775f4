import Foundation

/// Several ``SVGPlot`` panels stacked top to bottom in one SVG document, under a common
/// title and an optional shared legend strip (e.g. what marker shapes and line styles mean).
///
/// Each panel keeps its own axes, ranges and legend (placed right of its frame when the panel
/// asks for ``SVGPlot/LegendPlacement/right``); the document is as wide as the widest panel.
public struct SVGFigure {
    public var title: String
    public var panels: [SVGPlot]
    /// Entries of the shared legend, drawn in one row under the title.
    public var sharedLegend: [SVGPlot.LegendEntry]

    public init(title: String, panels: [SVGPlot], sharedLegend: [SVGPlot.LegendEntry] = []) {
        self.title = title
        self.panels = panels
        self.sharedLegend = sharedLegend
    }

    /// The finished SVG document (deterministic: same panels, same bytes).
    public func render() -> String {
        let header = sharedLegend.isEmpty ? 34.0 : 62.0
        let width = max(panels.map { $0.width + $0.legendColumnWidth }.max() ?? 400, legendRowWidth + 24)
        let height = header + panels.map(\.height).reduce(0, +) + 4
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVGPlot.f(width))\" height=\"\(SVGPlot.f(height))\" "
            + "viewBox=\"0 0 \(SVGPlot.f(width)) \(SVGPlot.f(height))\" font-family=\"Helvetica, Arial, sans-serif\" "
            + "font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(SVGPlot.f(width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">"
            + "\(SVGPlot.escaped(title))</text>\n"
        if !sharedLegend.isEmpty { s += legendRow(centre: width / 2, y: 34) }
        var y = header
        for (k, panel) in panels.enumerated() {
            s += "<g transform=\"translate(0 \(SVGPlot.f(y)))\">\n" + panel.renderBody(clipID: "panel\(k)") + "</g>\n"
            y += panel.height
        }
        return s + "</svg>\n"
    }

    /// Widths of the shared legend's entries (sample plus label) laid out in a row.
    private var entryWidths: [Double] { sharedLegend.map { 40 + 6.6 * Double($0.label.count) + 14 } }
    private var legendRowWidth: Double { entryWidths.reduce(0, +) + 8 }

    /// The shared legend: one framed row centred at `centre`, top at `y`.
    private func legendRow(centre: Double, y: Double) -> String {
        let x0 = centre - legendRowWidth / 2
        var s = "<rect x=\"\(SVGPlot.f(x0))\" y=\"\(SVGPlot.f(y))\" width=\"\(SVGPlot.f(legendRowWidth))\" height=\"22\" "
            + "fill=\"white\" stroke=\"#888\"/>\n"
        var x = x0 + 4
        for (entry, w) in zip(sharedLegend, entryWidths) {
            // Reuse the column legend's drawing for one entry, without its frame.
            let one = SVGPlot.legendSVG([entry], x: x - 4, y: y - 1)
            s += one.split(separator: "\n", omittingEmptySubsequences: true).dropFirst().joined(separator: "\n") + "\n"
            x += w
        }
        return s
    }
}
