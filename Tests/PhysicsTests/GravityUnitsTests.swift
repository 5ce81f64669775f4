import Foundation
import Physics
import Testing

@Suite("Units for gravity (REBOUND's names and constants)")
struct GravityUnitsTests {
    @Test("G in the common unit systems", arguments: [
        ("au,yr,msun", 39.476926421373, 1e-13),       // GM☉ with the Julian year; not 4π² = 39.4784176
        ("au,day,msun", 2.959122082855911e-4, 1e-13),  // ≈ k², the Gaussian gravitational constant squared
        ("au,yr2pi,msun", 1.0, 1e-15),                 // REBOUND's G = 1 units
        ("m,s,kg", 6.67408e-11, 0),
        ("km,s,kg", 6.67408e-20, 1e-15),
        ("msun,au,yr", 39.476926421373, 1e-13),       // any order
        ("AU,Yr,MSun", 39.476926421373, 1e-13),       // any case
    ])
    func values(text: String, expected: Double, relative: Double) throws {
        let G = try GravityUnits(parsing: text).G
        #expect(abs(G - expected) <= relative * expected, "\(text): \(G)")
    }

    @Test("4π² is the Gaussian-year value, 0.004 % away from REBOUND's Julian-year G")
    func notFourPiSquared() throws {
        let G = try GravityUnits(parsing: "au,yr,msun").G
        #expect(abs(G / (4 * Double.pi * Double.pi) - 1) > 3e-5)
        // The Gaussian constant k = 0.01720209895 au^{3/2} M☉^{-1/2} day^{-1}: G = k² in au, day, M☉.
        let k = 0.01720209895
        #expect(abs(try GravityUnits(parsing: "au,day,msun").G / (k * k) - 1) < 1e-9)
    }

    @Test("unknown, repeated or missing units are rejected naming the units")
    func errors() {
        for bad in ["au,yr", "au,parsec,msun", "au,km,msun", "au,yr,msun,kg"] {
            #expect(throws: GravityUnitsError.self) { try GravityUnits(parsing: bad) }
        }
        #expect((try? GravityUnits(parsing: "au,parsec,msun")) == nil)
        do { _ = try GravityUnits(parsing: "au,parsec,msun") } catch { #expect("\(error)".contains("yr2pi")) }
    }
}
