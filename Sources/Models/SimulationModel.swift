import Physics

/// A model ready to run at chosen parameter values: its specification, field, flat parameters and state
/// labels, made from a built-in system's name, an N-body bodies file (``BodiesFile``) or a specification
/// (equations). The gravitational constant of gravity models comes from the bodies file, a unit system
/// (`GravityUnits.G`, given as `unitsG`) or the values, else it is 1; giving it twice is refused.
public struct SimulationModel {
    /// Where the model comes from.
    public enum Source {
        /// `three-body` or a time-series system (``KnownSystem``, all but `linear`).
        case named(String)
        /// An N-body system read from the bodies file at `path` (positions and velocities are its initial state).
        case bodies(BodiesFile, path: String)
        /// Any specification, e.g. an equation model; its parameters are its own (no G to set).
        case specification(ModelSpecification)
    }

    public let specification: ModelSpecification
    public let field: any NamedDifferentiableField
    public let parameters: [Double]
    public let stateLabels: [String]
    /// The initial state the model brings (a bodies file's), if any.
    public let initialState: [Double]?

    /// Parameter values by block name (`masses`, `G`, `alpha`, …), as datasets store them in `/parameters/<name>`.
    public var namedParameters: [String: [Double]] {
        Dictionary(uniqueKeysWithValues: field.parameterBlocks.map { ($0.name, Array(parameters[$0.range])) })
    }

    /// Whether the model is N-body gravity (it has a `G` block: outputs record G and units).
    public var isGravity: Bool { field.parameterBlocks.contains { $0.name == "G" } }

    /// The model of `source` with the blocks named in `values` set (the others keep their defaults).
    /// - Throws: ``ModelChoiceError`` naming `SimulationModel`'s `unitsG` or `values` when G is given twice or to a
    ///   model without G, or for an unknown name; ``ModelSpecificationError`` from the build and from
    ///   ``ParameterNaming/assigning(_:to:)``.
    public init(_ source: Source, values: [String: [Double]] = [:], unitsG: Double? = nil) throws {
        var file: BodiesFile?
        switch source {
        case .specification(let given):
            guard unitsG == nil else {
                throw ModelChoiceError("SimulationModel's unitsG sets G for gravity; write G into the equations instead")
            }
            specification = given
        case let .bodies(read, path):
            if let fileG = read.G, let unitsG, fileG != unitsG {
                throw ModelChoiceError("\(path) sets G = \(fileG) but SimulationModel's unitsG gives G = \(unitsG); remove one")
            }
            file = read
            specification = .nBody(bodies: read.bodies.count, learn: [.masses, .G], softening: read.softening,
                                   masses: read.bodies.map(\.mass), G: read.G ?? unitsG ?? 1)
        case .named("three-body"):
            specification = .nBody(bodies: 3, learn: [.masses, .G], G: unitsG ?? 1)
        case .named(let name):
            guard let system = KnownSystem(rawValue: name), system != .linear else {
                throw ModelChoiceError("unknown SimulationModel name \(name); choose three-body, \(KnownSystem.modelNames.joined(separator: ", ")), or give a SimulationModel bodies file")
            }
            guard unitsG == nil else { throw ModelChoiceError("SimulationModel's unitsG sets G for gravity; \(system) has no G") }
            specification = .timeSeries(system: system, learn: true)
        }
        if values["G"] != nil, unitsG != nil {
            throw ModelChoiceError("G is given by both SimulationModel's values and SimulationModel's unitsG; give one")
        }
        let (field, defaults) = try specification.build(seed: 0)
        self.field = field
        parameters = try field.assigning(values, to: defaults)
        stateLabels = file?.stateLabels ?? specification.stateLabels
        initialState = file.map { $0.configuration(G: 1).initialState }
    }
}
