import Foundation
import TestSupport
import Testing

@Suite("Committed exports in notebooks-export/")
struct ExportedNotebooksTests {
    static var notebooks: [URL] {
        let folder = TestSupport.repositoryRoot.appendingPathComponent("notebooks-export")
        let experiments = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return experiments.sorted().compactMap { name in
            let notebook = folder.appendingPathComponent(name).appendingPathComponent(name + ".ipynb")
            return FileManager.default.fileExists(atPath: notebook.path) ? notebook : nil
        }
    }

    @Test("every exported notebook is valid nbformat and runs against its results.h5")
    func notebooksRun() throws {
        #expect(Self.notebooks.count >= 2)
        for notebook in Self.notebooks {
            let folder = notebook.deletingLastPathComponent()
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("results.h5").path), "\(folder.lastPathComponent)")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("README.md").path), "\(folder.lastPathComponent)")
            let output = try TestSupport.runPython("check_notebook.py", [notebook.path, "--execute"])
            #expect(output.contains("executed"), "\(notebook.lastPathComponent): \(output)")
        }
    }
}
