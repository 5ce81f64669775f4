import Foundation
import TestSupport
import Testing

@Suite("Committed datasets")
struct CommittedDatasetsTests {
    struct Manifest: Decodable {
        struct Entry: Decodable { let file: String; let command: String; let sha256: String }
        let datasets: [Entry]
    }

    @Test("every dataset in datasets/manifest.json regenerates to the same bytes from its recorded command")
    func regenerate() throws {
        let folder = TestSupport.repositoryRoot.appendingPathComponent("datasets")
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
        #expect(manifest.datasets.count >= 5)
        let directory = try TestSupport.temporaryDirectory()
        for entry in manifest.datasets {
            let committed = try Data(contentsOf: folder.appendingPathComponent(entry.file))
            #expect(sha256(committed) == entry.sha256, "\(entry.file) does not match its manifest checksum")
            let words = entry.command.split(separator: " ").map(String.init)
            #expect(words.first == "orrery")
            let run = try TestSupport.orrery(Array(words.dropFirst()), currentDirectory: directory)
            #expect(run.status == 0, "\(entry.command): \(run.stderr)")
            let regenerated = try Data(contentsOf: directory.appendingPathComponent(entry.file))
            // A Bool, not `==` on Data: a failing Data comparison makes the test library diff the bytes (minutes for a dataset).
            let same = regenerated == committed
            #expect(same, "\(entry.file) regenerated to different bytes (\(regenerated.count) vs \(committed.count))")
        }
    }

    private func sha256(_ data: Data) -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID().uuidString)")
        try? data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try? TestSupport.run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [file.path])
        return result?.stdout.split(separator: " ").first.map(String.init) ?? ""
    }
}
