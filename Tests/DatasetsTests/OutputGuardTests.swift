import Datasets
import Foundation
import TestSupport
import Testing

/// `OutputGuard` and `FileWriteError`: an output never replaces an input, and a failed write is one plain line.
@Suite("Output guard")
struct OutputGuardTests {
    @Test("the same path, a symbolic link and a hard link to an input are collisions; another file or a new name is not")
    func collisions() throws {
        let directory = try TestSupport.temporaryDirectory().path
        let input = directory + "/data.h5"
        try Data("x".utf8).write(to: URL(fileURLWithPath: input))
        let symbolic = directory + "/link.h5", hard = directory + "/hard.h5", other = directory + "/other.h5"
        try FileManager.default.createSymbolicLink(atPath: symbolic, withDestinationPath: input)
        try FileManager.default.linkItem(atPath: input, toPath: hard)
        try Data("y".utf8).write(to: URL(fileURLWithPath: other))
        for output in [input, symbolic, hard] {
            let same = output == input ? "is" : "is the same file as"
            let collision = #expect(throws: OutputGuard.Collision.self) {
                try OutputGuard.requireDistinct(output: output, from: [(input, "--data")], knob: "--output")
            }
            #expect(collision?.input == input && collision?.output == output && collision?.role == "--data")
            #expect(collision?.description
                == "--output \(output) \(same) the input \(input) (--data); writing it would replace the input: choose another --output")
        }
        try OutputGuard.requireDistinct(output: other, from: [(input, "--data")])
        try OutputGuard.requireDistinct(output: directory + "/new.h5", from: [(input, "--data")])
    }

    @Test("a folder as output is refused before anything runs")
    func folder() throws {
        let directory = try TestSupport.temporaryDirectory().path
        let refusal = #expect(throws: OutputGuard.NotAFile.self) { try OutputGuard.requireDistinct(output: directory, from: []) }
        #expect(refusal?.description == "the output \(directory) is a folder; name a file (e.g. \(directory)/fit.h5)")
    }

    @Test("a write under a file names the file in the way; a POSIX failure gives its strerror text")
    func writeErrors() throws {
        let directory = try TestSupport.temporaryDirectory().path
        let file = directory + "/plain"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        #expect(FileWriteError.blockingFile(in: file + "/figures/a.svg") == "\(file) is a file, not a folder")
        #expect(FileWriteError.blockingFile(in: directory + "/figures/a.svg") == nil)
        let posix = NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES), userInfo: nil)
        #expect(FileWriteError.reason(posix) == String(cString: strerror(EACCES)))
        let error = FileWriteError(path: file + "/figures", knob: "--plots", underlying: posix)
        #expect(error.description == "cannot write --plots \(file)/figures: \(file) is a file, not a folder; choose another --plots")
    }
}
