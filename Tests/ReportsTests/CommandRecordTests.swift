import HDF5Kit
import Reports
import Testing

/// `CommandRecord`: the command line a file records, read back by a shell as typed, without performance-only options.
@Suite("CommandRecord")
struct CommandRecordTests {
    @Test("safe words stay; others are single-quoted, a quote inside as '\\''")
    func quoting() {
        #expect(CommandRecord.shellQuoted("--t-end=2.5") == "--t-end=2.5")
        #expect(CommandRecord.shellQuoted("a/b_c,d:e+f@g%h") == "a/b_c,d:e+f@g%h")
        #expect(CommandRecord.shellQuoted("d(x)/dt = -k*x") == "'d(x)/dt = -k*x'")
        #expect(CommandRecord.shellQuoted("it's") == "'it'\\''s'")
        #expect(CommandRecord.shellQuoted("") == "''")
    }

    @Test("dropped options go with their value, in either spelling; the others stay in order after the program")
    func dropping() {
        let line = CommandRecord.line(arguments: ["fit", "--threads", "4", "--data", "my data.h5", "--threads=2", "--seed", "3"],
                                      dropping: ["--threads"])
        #expect(line == "orrery fit --data 'my data.h5' --seed 3")
        #expect(CommandRecord.line(program: "x", arguments: ["--threads", "4"]) == "x --threads 4")
    }

    @Test("attributes: the command and the versions")
    func attributes() {
        let attributes = CommandRecord.attributes(command: "orrery fit")
        #expect(attributes["command"] == .string("orrery fit"))
        #expect(attributes["orrery_version"] == .string(OrreryVersion.string))
        #expect(attributes["hdf5_version"] == .string(HDF5.libraryVersion))
    }
}
