import Foundation

/// An N-body system described in a JSON file, for `orrery simulate --bodies FILE.json`:
///
///     {"G": 1, "softening": 0,
///      "bodies": [{"name": "sun", "mass": 1, "position": [0, 0, 0], "velocity": [0, 0, 0]}, …]}
///
/// Any number of bodies (at least one). `name` is optional (default: the body's 1-based index)
/// and becomes part of the state labels (`x_sun, y_sun, z_sun, …, vx_sun, …`; unnamed bodies
/// give the N-body datasets' `x1, …, vx1, …`). `G` (default: none, i.e. 1 unless units are
/// given) and `softening` (default 0) are optional. Masses must be positive and finite,
/// positions and velocities three finite numbers each, names unique; every violation is
/// reported as one line naming the body and the field.
public struct BodiesFile: Sendable, Equatable {
    public struct Body: Sendable, Equatable {
        public var name: String?
        public var mass: Double
        public var position: [Double]
        public var velocity: [Double]
    }

    public var G: Double?
    public var softening: Double
    public var bodies: [Body]

    /// Reads and validates a bodies file.
    /// - Throws: ``BodiesFileError`` (one line, naming the file, the body and the field).
    public static func read(from path: String) throws -> BodiesFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw BodiesFileError(path, "cannot read the file") }
        return try parse(data, file: path)
    }

    /// Parses and validates JSON text (`file` names it in errors).
    public static func parse(_ data: Data, file: String = "bodies file") throws -> BodiesFile {
        func fail(_ message: String) -> BodiesFileError { BodiesFileError(file, message) }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw fail("not valid JSON (\((error as NSError).userInfo["NSDebugDescription"] as? String ?? "parse error"))")
        }
        guard let root = object as? [String: Any] else { throw fail("expected a JSON object with a \"bodies\" list") }
        for key in root.keys where !["G", "softening", "bodies", "units", "comment"].contains(key) {
            throw fail("unknown key \"\(key)\" (expected G, softening, bodies)")
        }
        func number(_ value: Any?, _ what: String) throws -> Double? {
            guard let value, !(value is NSNull) else { return nil }
            guard type(of: value) != Bool.self, let n = value as? NSNumber, String(cString: n.objCType) != "c" else { throw fail("\(what) must be a number") }
            let x = n.doubleValue
            guard x.isFinite else { throw fail("\(what) must be finite (got \(x))") }
            return x
        }
        let G = try number(root["G"], "G")
        if let G { guard G > 0 else { throw fail("G must be positive (got \(G))") } }
        let softening = try number(root["softening"], "softening") ?? 0
        guard softening >= 0 else { throw fail("softening must be ≥ 0 (got \(softening))") }
        guard let list = root["bodies"] as? [Any] else { throw fail("missing \"bodies\": a list of {name, mass, position, velocity}") }
        guard !list.isEmpty else { throw fail("\"bodies\" is empty; give at least one body") }
        var bodies: [Body] = [], seen: [String: Int] = [:]
        for (index, item) in list.enumerated() {
            guard let entry = item as? [String: Any] else { throw fail("body \(index + 1) is not an object") }
            var label = "body \(index + 1)"
            var name: String?
            if let raw = entry["name"], !(raw is NSNull) {
                guard let text = raw as? String, !text.isEmpty, !text.contains(where: { $0.isWhitespace || $0 == "," }) else {
                    throw fail("\(label): name must be a non-empty string without spaces or commas")
                }
                name = text
                label += " (\(text))"
                if let first = seen[text] { throw fail("\(label): duplicate name \"\(text)\" (also body \(first))") }
                seen[text] = index + 1
            }
            for key in entry.keys where !["name", "mass", "position", "velocity"].contains(key) {
                throw fail("\(label): unknown key \"\(key)\" (expected name, mass, position, velocity)")
            }
            guard let mass = try number(entry["mass"], "\(label): mass") else { throw fail("\(label): missing mass") }
            guard mass > 0 else { throw fail("\(label): mass must be positive (got \(mass))") }
            func vector(_ key: String) throws -> [Double] {
                guard let values = entry[key] as? [Any] else { throw fail("\(label): missing \(key) [x, y, z]") }
                guard values.count == 3 else { throw fail("\(label): \(key) needs 3 numbers (got \(values.count))") }
                return try values.enumerated().map { try number($1, "\(label): \(key)[\($0)]")! }
            }
            bodies.append(Body(name: name, mass: mass, position: try vector("position"), velocity: try vector("velocity")))
        }
        return BodiesFile(G: G, softening: softening, bodies: bodies)
    }

    /// The body's name in labels: its `name`, else its 1-based index.
    public func bodyName(_ index: Int) -> String { bodies[index].name ?? String(index + 1) }

    /// `x_NAME, y_NAME, z_NAME` for every body, then `vx_NAME, …` (unnamed: `x1, …, vx1, …`).
    public var stateLabels: [String] {
        func label(_ axis: String, _ i: Int) -> String { bodies[i].name.map { "\(axis)_\($0)" } ?? "\(axis)\(i + 1)" }
        return bodies.indices.flatMap { i in ["x", "y", "z"].map { label($0, i) } }
            + bodies.indices.flatMap { i in ["vx", "vy", "vz"].map { label($0, i) } }
    }

    /// The configuration with gravitational constant `G` (the caller resolves it from the file and units).
    public func configuration(G: Double, name: String = "bodies") -> NBodyConfiguration {
        NBodyConfiguration(name: name, masses: bodies.map(\.mass), G: G,
                           initialState: bodies.flatMap(\.position) + bodies.flatMap(\.velocity), softening: softening)
    }
}

/// A bodies file that cannot be used: one line naming the file, the body and the field.
public struct BodiesFileError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ file: String, _ message: String) { description = "\(file): \(message)" }
}
