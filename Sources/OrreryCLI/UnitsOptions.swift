import ArgumentParser
import HDF5Kit
import Models
import Physics

/// `--units length,time,mass`: sets the gravitational constant G of N-body models, as REBOUND
/// names unit systems. Without it G = 1 (dimensionless units), and every gravity output says so.
struct UnitsOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Units of gravity, REBOUND's names: au,yr,msun (G = 39.476926421373), au,day,msun, au,yr2pi,msun (G = 1), m,s,kg, km,s,kg, … Sets G. Default: none, G = 1.",
        valueName: "length,time,mass"))
    var units: String?

    /// The parsed units (nil without `--units`).
    func parsed() throws -> GravityUnits? {
        guard let units else { return nil }
        return try flagged { try GravityUnits(parsing: units) }
    }

    /// G from `--units` (nil without it).
    func gravitationalConstant() throws -> Double? { try parsed()?.G }

    /// Root attributes recording the units and G of a gravity output.
    func attributes(G: Double) throws -> [String: HDF5AttributeValue] {
        ["G": .double(G), "units": .string(try parsed()?.description ?? "none (G = \(G); dimensionless units unless the input says otherwise)")]
    }

    /// `specification` with G from `--units` (unchanged without it): for `orrery fit`.
    func applying(to specification: ModelSpecification) throws -> ModelSpecification {
        guard let G = try gravitationalConstant() else { return specification }
        return try flagged { try specification.withGravitationalConstant(G) }
    }
}
