import Datasets
import Parallel
import Testing

@Suite("Sampling, observation noise and parallel map")
struct SamplingTests {
    @Test("regular, uniform and Poisson grids are strictly increasing and span what they should")
    func grids() {
        var random = SeededRandom(seed: 1)
        #expect(TimeSampling.regular.times(count: 5, tEnd: 2, random: &random) == [0, 0.5, 1, 1.5, 2])
        let uniform = TimeSampling.uniform.times(count: 1000, tEnd: 3, random: &random)
        #expect(zip(uniform, uniform.dropFirst()).allSatisfy { $0 < $1 })
        #expect(uniform.first! > 0 && uniform.last! <= 3)
        let mean = uniform.reduce(0, +) / 1000
        #expect(abs(mean - 1.5) < 0.1)
        let poisson = TimeSampling.poisson(rate: 4).times(count: 4000, tEnd: 0, random: &random)
        #expect(zip(poisson, poisson.dropFirst()).allSatisfy { $0 < $1 })
        // Mean gap 1/rate: the 4000th arrival near 1000 (sd ≈ 16).
        #expect(abs(poisson.last! - 1000) < 80)
    }

    @Test("noise has the asked standard deviation; missing entries are NaN with mask 0")
    func observation() {
        var random = SeededRandom(seed: 2)
        let clean = [Double](repeating: 1, count: 20000)
        let noisy = ObservationModel(noise: 0.1).observe(clean, random: &random)
        let deviations = noisy.values.map { $0 - 1 }
        let sd = (deviations.map { $0 * $0 }.reduce(0, +) / Double(clean.count)).squareRoot()
        #expect(abs(sd - 0.1) < 0.003)
        #expect(noisy.mask.allSatisfy { $0 == 1 })
        let holed = ObservationModel(missingFraction: 0.3).observe(clean, random: &random)
        let missing = holed.mask.filter { $0 == 0 }.count
        #expect(abs(Double(missing) / 20000 - 0.3) < 0.02)
        #expect(zip(holed.values, holed.mask).allSatisfy { $1 == 0 ? $0.isNaN : $0 == 1 })
        let allGone = ObservationModel(missingFraction: 1).observe([1, 2, 3], random: &random)
        #expect(allGone.mask.filter { $0 == 1 }.count == 1)
    }

    @Test("parallelMap returns results in index order for any thread count")
    func parallel() {
        let expected = (0..<1000).map { $0 * $0 }
        for threads in [1, 2, 3, 8] {
            #expect(parallelMap(1000, threads: threads) { $0 * $0 } == expected)
        }
        #expect(parallelMap(0, threads: 2) { $0 }.isEmpty)
    }

    @Test("parallelConcatenation is flatMap for any thread count, with empty and uneven parts")
    func concatenation() {
        let parts = (0..<37).map { i in (0..<((i * 7) % 5)).map { Double(i) + Double($0) / 10 } }
        let expected = parts.flatMap { $0 }
        for threads in [1, 2, 3, 8, 64] {
            #expect(parallelConcatenation(parts.count, threads: threads) { parts[$0] }.map(\.bitPattern) == expected.map(\.bitPattern))
        }
        #expect(parallelConcatenation(0, threads: 2) { _ in [1.0] }.isEmpty)
        #expect(parallelConcatenation(3, threads: 2) { _ in [UInt8]() }.isEmpty)
    }
}
