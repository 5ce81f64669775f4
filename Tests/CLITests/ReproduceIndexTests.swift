import Foundation
import OrreryCLI
import Reports
import TestSupport
import Testing

@Suite("orrery reproduce index")
struct ReproduceIndexTests {
    @Test("one entry per experiment folder with its first sentence, command, notebook and featured figure; planned ones as coming")
    func generated() throws {
        let root = try TestSupport.temporaryDirectory("orrery-index")
        defer { try? FileManager.default.removeItem(at: root) }
        for (name, body) in [
            ("beta", "# Beta title\n\nFirst sentence here. Second one.\n\n![a](a.svg)\n\n![b](b.svg)\n\n<!-- index-figure: b.svg -->\n"),
            ("alpha", "# Alpha\n\nOnly sentence.\n\n![Plot](plot.svg)\n"),
            ("aca-three-body", "# ACA three-body\n\nDone.\n"),
        ] {
            let folder = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(body.utf8).write(to: folder.appendingPathComponent("README.md"))
        }
        try Data().write(to: root.appendingPathComponent("alpha/alpha.ipynb"))
        var command = try OrreryCommand.parseAsRoot(["reproduce", "index", "--root", root.path])
        try command.run()
        let index = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(index.contains("## [Alpha](alpha/README.md)\n\nOnly sentence.\n\n`orrery reproduce alpha` · [notebook](alpha/alpha.ipynb)\n\n![Plot](alpha/plot.svg)"))
        #expect(index.contains("## [Beta title](beta/README.md)\n\nFirst sentence here.\n\n`orrery reproduce beta`\n\n![b](beta/b.svg)"))
        #expect(index.range(of: "Alpha")!.lowerBound < index.range(of: "Beta title")!.lowerBound)
        #expect(index.contains("## Coming\n\n- `time-series`\n- `mass-recovery`\n"))
        #expect(!index.contains("- `aca-three-body`"))
    }

    @Test("the committed notebooks-export/README.md is what `orrery reproduce index` generates")
    func committedIndexIsCurrent() throws {
        let root = TestSupport.repositoryRoot.appendingPathComponent("notebooks-export")
        let committed = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(committed == (try ExperimentIndex.markdown(root: root)), "run `orrery reproduce index` and commit notebooks-export/README.md")
    }
}
