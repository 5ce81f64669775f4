import Foundation
import HDF5Kit
import TestSupport
import Testing

@Suite("HDF5Kit round trips")
struct RoundTripTests {
    @Test("n-D datasets of every element type come back exactly, chunked and deflated")
    func datasetsRoundTrip() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("round.h5").path
        let doubles = NDArray(shape: [2, 3, 4], values: (0..<24).map { Double($0) * 0.1 - 1.3 } + [])
        var special = doubles
        special.values[5] = .nan; special.values[6] = .infinity; special.values[7] = -0.0
        special.values[8] = .leastNonzeroMagnitude; special.values[9] = .greatestFiniteMagnitude
        let int64s = NDArray(shape: [5], values: [Int64.min, -1, 0, 1, Int64.max])
        let int32s = NDArray(shape: [2, 2], values: [Int32.min, -7, 7, Int32.max])
        let bytes = NDArray(shape: [3, 1], values: [UInt8(0), 1, 255])
        do {
            let file = try HDF5File.create(at: path)
            let root = try file.root
            try root.write(special, to: "doubles", storage: HDF5StorageOptions(chunks: [1, 3, 4], deflateLevel: 6, shuffle: true))
            try root.write(int64s, to: "nested/deeper/int64s")
            try root.write(int32s, to: "int32s", storage: HDF5StorageOptions(deflateLevel: 1))
            try root.write(bytes, to: "bytes")
            try root.write(NDArray(shape: [], values: [42.5]), to: "scalar")
            try root.writeStrings(["α", "beta", ""], to: "names")
            try file.close()
        }
        let file = try HDF5File.open(path)
        let root = try file.root
        let readDoubles = try root.read("doubles", as: Double.self)
        #expect(readDoubles.shape == [2, 3, 4])
        #expect(zip(readDoubles.values, special.values).allSatisfy { $0.bitPattern == $1.bitPattern })
        #expect(try root.read("nested/deeper/int64s", as: Int64.self) == int64s)
        #expect(try root.read("int32s", as: Int32.self) == int32s)
        #expect(try root.read("bytes", as: UInt8.self) == bytes)
        #expect(try root.read("scalar", as: Double.self) == NDArray(shape: [], values: [42.5]))
        #expect(try root.dataset("names").readStrings() == ["α", "beta", ""])
        let dataset = try root.dataset("doubles")
        #expect(try dataset.chunkShape == [1, 3, 4])
        #expect(try dataset.filters == ["shuffle", "deflate(6)", "fletcher32"])
        #expect(try dataset.dataType.name == "float64")
        #expect(try root.dataset("int32s").chunkShape == [2, 2])
        #expect(try root.dataset("bytes").filters == ["fletcher32"])  // checksummed by default, so chunked
        #expect(try root.members().map(\.name) == ["bytes", "doubles", "int32s", "names", "nested", "scalar"])
        #expect(try root.members().first { $0.name == "nested" }?.kind == .group)
        // Integers widen to Double; floating point never truncates into an integer type.
        #expect(try root.read("int32s", as: Double.self).values == [Double(Int32.min), -7, 7, Double(Int32.max)])
        #expect(throws: HDF5Error.self) { try root.read("doubles", as: Int64.self) }
    }

    @Test("hyperslab writes and reads address one block")
    func slabs() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("slab.h5").path
        let file = try HDF5File.create(at: path)
        let dataset = try file.root.createDataset("x", of: Double.self, shape: [3, 4, 2],
                                                  storage: HDF5StorageOptions(chunks: [1, 4, 2], deflateLevel: 4))
        for row in 0..<3 {
            try dataset.write((0..<8).map { Double(row * 100 + $0) }, offset: [row, 0, 0], count: [1, 4, 2])
        }
        let middle = try dataset.read(as: Double.self, offset: [1, 1, 0], count: [1, 2, 2])
        #expect(middle.values == [102, 103, 104, 105])
        #expect(try dataset.read(as: Double.self).values[16..<24] == ArraySlice((200..<208).map(Double.init)))
        #expect(throws: HDF5Error.self) { try dataset.write([1.0], offset: [3, 0, 0], count: [1, 1, 1]) }
        #expect(throws: HDF5Error.self) { try dataset.write([1.0, 2.0], offset: [0, 0, 0], count: [1, 1, 1]) }
        try file.close()
    }

    @Test("attributes: numbers, arrays and strings, replaced in place")
    func attributes() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("attrs.h5").path
        do {
            let file = try HDF5File.create(at: path)
            let root = try file.root
            try root.setAttribute("rtol", .double(1e-13))
            try root.setAttribute("masses", .doubles([1.1, 1.1, 0.9]))
            try root.setAttribute("seed", .integer(-7))
            try root.setAttribute("ids", .integers([1, 2, 3]))
            try root.setAttribute("system", .string("three-body ✓"))
            try root.setAttribute("labels", .strings(["x", "y"]))
            try root.setAttribute("seed", .integer(8)) // replace
            let group = try root.createGroup("g")
            try group.setAttribute("note", "on a group")
            let dataset = try root.write(NDArray([1.0, 2.0]), to: "d")
            try dataset.setAttribute("units", "m")
            try file.close()
        }
        let root = try HDF5File.open(path).root
        #expect(try root.attribute("rtol") == .double(1e-13))
        #expect(try root.attribute("masses") == .doubles([1.1, 1.1, 0.9]))
        #expect(try root.attribute("seed") == .integer(8))
        #expect(try root.attribute("ids") == .integers([1, 2, 3]))
        #expect(try root.attribute("system") == .string("three-body ✓"))
        #expect(try root.attribute("labels") == .strings(["x", "y"]))
        #expect(try root.attributeNames() == ["ids", "labels", "masses", "rtol", "seed", "system"])
        #expect(try root.group("g").attribute("note").stringValue == "on a group")
        #expect(try root.dataset("d").attribute("units").stringValue == "m")
        #expect(throws: HDF5Error.missingObject(path: "/@absent")) { try root.attribute("absent") }
    }

    @Test("missing objects and wrong kinds are named in the error")
    func missingObjects() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("m.h5").path
        let file = try HDF5File.create(at: path)
        let root = try file.root
        try root.createGroup("g")
        #expect(throws: HDF5Error.missingObject(path: "/nope")) { try root.dataset("nope") }
        #expect(throws: HDF5Error.missingObject(path: "/g/x/y")) { try root.dataset("g/x/y") }
        #expect(throws: HDF5Error.typeMismatch(path: "/g", expected: "a dataset", found: "a group")) { try root.dataset("g") }
        #expect(!root.contains("g/x"))
        #expect(throws: HDF5Error.self) { _ = try HDF5File.create(at: path) } // exists, no overwrite
        try file.close()
    }
}

@Suite("HDF5Kit: no times in object headers")
struct ObjectTimeTests {
    @Test("groups made on the way to a dataset, a group or a virtual dataset record no time, like everything else Orrery writes")
    func noTimes() throws {
        let directory = try TestSupport.temporaryDirectory()
        let source = directory.appendingPathComponent("source.h5").path, path = directory.appendingPathComponent("times.h5").path
        do {
            let file = try HDF5File.create(at: source)
            try file.root.write(NDArray([1.0, 2.0]), to: "v")
            try file.close()
        }
        let file = try HDF5File.create(at: path)
        let root = try file.root
        try root.write(NDArray([1.0, 2.0, 3.0]), to: "a/b/c")
        try root.writeStrings(["x"], to: "s/t")
        try root.createGroup("g/h/i")
        try root.createVirtualDataset("v/w", of: Double.self, shape: [2],
                                      sources: [HDF5VirtualSource(file: source, dataset: "v", shape: [2], offset: [0])])
        for name in ["a", "a/b", "a/b/c", "s", "s/t", "g", "g/h", "g/h/i", "v", "v/w"] {
            #expect(try root.recordedChangeTime(of: name) == nil, "\(name)")
        }
        try file.close()
    }
}
