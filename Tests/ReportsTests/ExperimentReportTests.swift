import Foundation
import HDF5Kit
import Reports
import TestSupport
import Testing

@Suite("Experiment reports")
struct ExperimentReportTests {
    private func sample() -> ExperimentReport {
        let errors = Table(name: "errors", headers: ["method", "relative error"], columns: [.text(["aca", "adjoint"]), .numbers([1.5e-9, 2e-4])])
        let figure = Figure(name: "error-vs-time", title: "Gradient error", xLabel: "T", yLabel: "relative error", logY: true, series: [
            .init(label: "aca", x: [1, 2, 4], y: [1e-9, 2e-9, 3e-9]),
            .init(label: "adjoint", x: [1, 2, 4], y: [1e-5, 1e-4, 1e-2], style: .dashed),
            .init(label: "points", x: [1, 2], y: [1e-3, 1e-3], style: .dots),
        ])
        return ExperimentReport(
            name: "demo", title: "Demo", summary: "A demonstration.", command: "orrery reproduce demo",
            settings: [("rtol", "1e-9")], sections: [.init(heading: "Results", text: "Numbers.", tables: [errors], figures: [figure])],
            comparison: "Agrees.", arrays: ["raw/x": NDArray([1.0, 2.0])], attributes: ["orrery_version": "0.1.0"])
    }

    @Test("README, SVG, results.h5 and a valid notebook that executes and redraws the figure")
    func writesEverything() throws {
        let directory = try TestSupport.temporaryDirectory()
        try sample().write(to: directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == ["README.md", "demo.ipynb", "error-vs-time.svg", "results.h5"])
        let readme = try String(contentsOf: directory.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("| aca | 1.5e-09 |"))
        #expect(readme.contains("![Gradient error](error-vs-time.svg)"))
        #expect(readme.contains("orrery reproduce demo"))
        let root = try HDF5File.open(directory.appendingPathComponent("results.h5").path).root
        #expect(try root.read("tables/errors/relative error", as: Double.self).values == [1.5e-9, 2e-4])
        #expect(try root.dataset("tables/errors/method").readStrings() == ["aca", "adjoint"])
        #expect(try root.read("figures/error-vs-time/series_1/y", as: Double.self).values == [1e-5, 1e-4, 1e-2])
        #expect(try root.read("data/raw/x", as: Double.self).values == [1, 2])
        let output = try TestSupport.runPython("check_notebook.py", [directory.appendingPathComponent("demo.ipynb").path, "--execute"])
        #expect(output.contains("executed 4 code cells, 1 figures"))
    }

    @Test("the same report writes the same bytes")
    func deterministic() throws {
        let a = try TestSupport.temporaryDirectory(), b = try TestSupport.temporaryDirectory()
        try sample().write(to: a)
        try sample().write(to: b)
        for file in ["README.md", "demo.ipynb", "error-vs-time.svg", "results.h5"] {
            #expect(try Data(contentsOf: a.appendingPathComponent(file)) == Data(contentsOf: b.appendingPathComponent(file)), "\(file)")
        }
    }

    @Test("custom SVG figures are embedded and written as given; extra notebook cells run after the standard ones")
    func customFiguresAndCells() throws {
        var report = sample()
        report.sections.append(.init(heading: "Paths", tables: [
            Table(name: "functions", headers: ["function"], columns: [.text(["|x| + |y|"])]),
        ], customFigures: [.init(name: "paths", title: "Paths", svg: "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n")]))
        report.notebookCells = [.init(title: "Paths", code: """
            x = results["data/raw/x"][()]
            fig, ax = plt.subplots()
            ax.plot(x, x * x)
            """)]
        let directory = try TestSupport.temporaryDirectory()
        try report.write(to: directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == ["README.md", "demo.ipynb", "error-vs-time.svg", "paths.svg", "results.h5"])
        let readme = try String(contentsOf: directory.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("![Paths](paths.svg)"))
        #expect(readme.contains("| \\|x\\| + \\|y\\| |"))
        #expect(readme.contains("further arrays under `/data`"))
        #expect(try String(contentsOf: directory.appendingPathComponent("paths.svg"), encoding: .utf8).hasPrefix("<svg"))
        let output = try TestSupport.runPython("check_notebook.py", [directory.appendingPathComponent("demo.ipynb").path, "--execute"])
        #expect(output.contains("executed 5 code cells, 2 figures"))
    }
}
