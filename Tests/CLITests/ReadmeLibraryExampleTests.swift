import Foundation
import TestSupport
import Testing

/// The README's "Use Orrery as a Swift library" shows the code CI builds and runs (`scripts/run-examples.sh`).
@Suite("README library example")
struct ReadmeLibraryExampleTests {
    @Test("the README's library section holds Examples/FitYourOwnModel's Package.swift and main.swift verbatim")
    func readmeShowsTheExample() throws {
        let root = TestSupport.repositoryRoot
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Use Orrery as a Swift library").dropFirst().first)
        for file in ["Package.swift", "Sources/FitYourOwnModel/main.swift"] {
            let code = try String(contentsOf: root.appendingPathComponent("Examples/FitYourOwnModel/\(file)"), encoding: .utf8)
            #expect(section.contains("```swift\n" + code + "```"), "\(file) differs from the README")
        }
    }
}
