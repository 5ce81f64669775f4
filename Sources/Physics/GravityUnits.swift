import Foundation

/// A system of units for gravity, named as REBOUND names them (`au,yr,msun`, `au,day,msun`,
/// `m,s,kg`, `km,s,kg`, `au,yr2pi,msun`, …), and the gravitational constant in it.
///
/// `G = G_SI · M · T² / L³` with REBOUND's constants (`rebound/units.py`): `G_SI = 6.67408e-11`
/// m³ kg⁻¹ s⁻²; lengths m, cm, km, au = 149 597 870 700 m (IAU 2012, exact); times s, hr,
/// day = 86 400 s, yr = jyr = 31 557 600 s (the Julian year, exact), sidereal_yr =
/// 31 558 149.7635 s, yr2pi = √(au³ / GM☉) (so that G = 1 in au, yr2pi, msun), kyr, myr, gyr;
/// masses kg, g, and the Sun and planets as `GM / G_SI` with the JPL Horizons `GM` values
/// (msun: GM☉ = 1.3271244004193938e20 m³ s⁻²), so `G·M☉` is the measured `GM☉` whatever `G_SI` is.
///
/// Consequence worth knowing: in `au,yr,msun` REBOUND's G is 39.476926421373 (GM☉ with the
/// Julian year), not 4π² = 39.4784176… (which holds for the Gaussian year of 365.2568983 days);
/// in `au,day,msun` it is 2.9591220828559e-4 ≈ k², the Gaussian constant squared.
/// The order of the three names does not matter; they are case-insensitive.
public struct GravityUnits: Sendable, Equatable, CustomStringConvertible {
    public let length: String
    public let time: String
    public let mass: String

    /// REBOUND's value of G in SI units.
    public static let gSI = 6.67408e-11
    /// Metres per length unit.
    public static let lengths: [String: Double] = ["m": 1, "cm": 0.01, "km": 1000, "au": 149_597_870_700]
    /// Seconds per time unit.
    public static let times: [String: Double] = [
        "s": 1, "hr": 3600, "day": 86400, "yr": 31_557_600, "jyr": 31_557_600, "sidereal_yr": 31_558_149.7635,
        "yr2pi": (pow(149_597_870_700.0, 3) / 1.3271244004193938e20).squareRoot(),
        "kyr": 31_557_600e3, "myr": 31_557_600e6, "gyr": 31_557_600e9,
    ]
    /// Kilograms per mass unit (bodies as `GM / G_SI`, GM from JPL Horizons in km³ s⁻²).
    public static let masses: [String: Double] = [
        "kg": 1, "g": 1e-3,
        "msun": 1.3271244004193938e11 / gSI * 1e9, "mmercury": 2.2031780000000021e4 / gSI * 1e9,
        "mvenus": 3.2485859200000006e5 / gSI * 1e9, "mearth": 3.9860043543609598e5 / gSI * 1e9,
        "mmars": 4.282837362069909e4 / gSI * 1e9, "mjupiter": 1.266865349218008e8 / gSI * 1e9,
        "msaturn": 3.793120749865224e7 / gSI * 1e9, "muranus": 5.793951322279009e6 / gSI * 1e9,
        "mneptune": 6.835099502439672e6 / gSI * 1e9, "mpluto": 8.696138177608748e2 / gSI * 1e9,
    ]

    /// Parses `length,time,mass` in any order, e.g. `au,yr,msun`.
    /// - Throws: ``GravityUnitsError`` naming the unknown or missing unit and the known ones.
    public init(parsing text: String) throws {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var length: String?, time: String?, mass: String?
        for name in names {
            if Self.lengths[name] != nil, length == nil { length = name }
            else if Self.times[name] != nil, time == nil { time = name }
            else if Self.masses[name] != nil, mass == nil { mass = name }
            else {
                throw GravityUnitsError("'\(name)' in GravityUnits(parsing:)'s text \(text) is not a unit or repeats a kind; " + Self.knownUnits)
            }
        }
        guard names.count == 3, let length, let time, let mass else {
            throw GravityUnitsError("GravityUnits(parsing:)'s text needs one length, one time and one mass unit, e.g. au,yr,msun (got \(text)); " + Self.knownUnits)
        }
        (self.length, self.time, self.mass) = (length, time, mass)
    }

    /// The list of units, for error messages and help.
    public static var knownUnits: String {
        "lengths: \(lengths.keys.sorted().joined(separator: ", ")); times: \(times.keys.sorted().joined(separator: ", ")); "
            + "masses: \(masses.keys.sorted().joined(separator: ", "))"
    }

    /// G in these units: `G_SI · M · T² / L³`.
    public var G: Double {
        let l = Self.lengths[length]!, t = Self.times[time]!, m = Self.masses[mass]!
        return Self.gSI * m * t * t / (l * l * l)
    }

    /// `au,yr,msun` (length, time, mass).
    public var description: String { "\(length),\(time),\(mass)" }
}

/// A `--units` value that cannot be understood.
public struct GravityUnitsError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
