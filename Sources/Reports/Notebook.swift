import Foundation

/// A Jupyter notebook (nbformat 4.5) that loads an experiment's results.h5 with
/// h5py and redraws its figures with matplotlib. Deterministic: same report, same bytes.
struct Notebook {
    let report: ExperimentReport

    private func markdownCell(_ id: String, _ text: String) -> [String: Any] {
        ["cell_type": "markdown", "id": id, "metadata": [String: Any](), "source": lines(text)]
    }

    private func codeCell(_ id: String, _ code: String) -> [String: Any] {
        ["cell_type": "code", "id": id, "metadata": [String: Any](), "execution_count": NSNull(), "outputs": [Any](), "source": lines(code)]
    }

    private func lines(_ text: String) -> [String] {
        let parts = text.components(separatedBy: "\n")
        return parts.enumerated().map { $0.offset < parts.count - 1 ? $0.element + "\n" : $0.element }.filter { !$0.isEmpty }
    }

    func json() throws -> String {
        var cells: [[String: Any]] = [
            markdownCell("title", "# \(report.title)\n\n\(report.summary)\n\nMade by:\n\n```sh\n\(report.command)\n```\n\n"
                + "This notebook reads `results.h5` (written by that command) and redraws the report's figures."),
            codeCell("load", """
                import h5py
                import matplotlib.pyplot as plt
                import numpy as np

                results = h5py.File("results.h5", "r")
                settings = dict(zip(results.attrs["setting_names"], results.attrs["setting_values"]))
                settings
                """),
            codeCell("tables", """
                def table(name):
                    group = results["tables"][name]
                    columns = list(group.attrs["columns"])
                    data = {c: (group[c].asstr()[()] if group[c].dtype.kind == "O" else group[c][()]) for c in columns}
                    return columns, list(zip(*(data[c] for c in columns)))

                for name in results["tables"]:
                    columns, rows = table(name)
                    print(name)
                    print("  " + " | ".join(columns))
                    for row in rows:
                        print("  " + " | ".join(str(v) for v in row))
                """),
            codeCell("draw", """
                def draw(name):
                    group = results["figures"][name]
                    fig, ax = plt.subplots(figsize=(7, 4.5))
                    for key in sorted(group, key=lambda k: int(k.split("_")[1])):
                        series = group[key]
                        style = series.attrs["style"]
                        x, y = series["x"][()], series["y"][()]
                        if style == "dots":
                            ax.plot(x, y, "o", ms=3, label=series.attrs["label"])
                        else:
                            ax.plot(x, y, "--" if style == "dashed" else "-", label=series.attrs["label"])
                    if group.attrs["logx"]:
                        ax.set_xscale("log")
                    if group.attrs["logy"]:
                        ax.set_yscale("log")
                    ax.set_title(group.attrs["title"])
                    ax.set_xlabel(group.attrs["xlabel"])
                    ax.set_ylabel(group.attrs["ylabel"])
                    ax.legend()
                    return fig
                """),
        ]
        for (k, figure) in report.figures.enumerated() {
            cells.append(markdownCell("figure-\(k)-title", "## \(figure.title)"))
            cells.append(codeCell("figure-\(k)", "draw(\"\(figure.name)\");"))
        }
        for (k, cell) in report.notebookCells.enumerated() {
            cells.append(markdownCell("custom-\(k)-title", "## \(cell.title)"))
            cells.append(codeCell("custom-\(k)", cell.code))
        }
        let notebook: [String: Any] = [
            "cells": cells,
            "metadata": [
                "kernelspec": ["display_name": "Python 3", "language": "python", "name": "python3"],
                "language_info": ["name": "python"],
            ],
            "nbformat": 4,
            "nbformat_minor": 5,
        ]
        let data = try JSONSerialization.data(withJSONObject: notebook, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
