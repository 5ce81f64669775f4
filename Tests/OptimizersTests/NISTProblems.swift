import Foundation
import Optimizers

/// NIST Statistical Reference Datasets, nonlinear regression (https://www.itl.nist.gov/div898/strd/nls/):
/// data, both starting points, certified parameters, certified standard deviations and certified residual sum
/// of squares, as published in the `.dat` files (cross-checked against two independent transcriptions).
struct NISTProblem: LeastSquaresProblem {
    let name: String
    let x: [Double]
    let y: [Double]
    let start1: [Double]
    let start2: [Double]
    let certified: [Double]
    let certifiedStandardErrors: [Double]
    let certifiedResidualSumOfSquares: Double
    /// (x, b) ↦ (model value, ∂model/∂b).
    let model: @Sendable (Double, [Double]) -> (Double, [Double])

    var parameterCount: Int { certified.count }

    func residuals(at b: [Double]) throws -> [Double] {
        zip(x, y).map { model($0, b).0 - $1 }
    }

    func jacobian(at b: [Double]) throws -> [Double] {
        x.flatMap { model($0, b).1 }
    }

    /// Misra1a (lower difficulty; Misra 1978, dental research monomolecular adsorption): y = b1·(1 − e^{−b2·x}).
    static let misra1a = NISTProblem(
        name: "Misra1a",
        x: [77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1, 689.1, 760.0],
        y: [10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.40, 75.47, 81.78],
        start1: [500, 1e-4],
        start2: [250, 5e-4],
        certified: [2.3894212918e+02, 5.5015643181e-04],
        certifiedStandardErrors: [2.7070075241e+00, 7.2668688436e-06],
        certifiedResidualSumOfSquares: 1.2455138894e-01,
        model: { x, b in
            let e = exp(-b[1] * x)
            return (b[0] * (1 - e), [1 - e, b[0] * x * e])
        })

    /// Thurber (higher difficulty; semiconductor electron mobility): a rational function, cubic over cubic,
    /// y = (b1 + b2x + b3x² + b4x³) / (1 + b5x + b6x² + b7x³).
    static let thurber = NISTProblem(
        name: "Thurber",
        x: [-3.067, -2.981, -2.921, -2.912, -2.840, -2.797, -2.702, -2.699, -2.633, -2.481, -2.363, -2.322,
            -1.501, -1.460, -1.274, -1.212, -1.100, -1.046, -0.915, -0.714, -0.566, -0.545, -0.400, -0.309,
            -0.109, -0.103, 0.010, 0.119, 0.377, 0.790, 0.963, 1.006, 1.115, 1.572, 1.841, 2.047, 2.200],
        y: [80.574, 84.248, 87.264, 87.195, 89.076, 89.608, 89.868, 90.101, 92.405, 95.854, 100.696, 101.060,
            401.672, 390.724, 567.534, 635.316, 733.054, 759.087, 894.206, 990.785, 1090.109, 1080.914, 1122.643,
            1178.351, 1260.531, 1273.514, 1288.339, 1327.543, 1353.863, 1414.509, 1425.208, 1421.384, 1442.962,
            1464.350, 1468.705, 1447.894, 1457.628],
        start1: [1000, 1000, 400, 40, 0.7, 0.3, 0.03],
        start2: [1300, 1500, 500, 75, 1, 0.4, 0.05],
        certified: [1.2881396800e+03, 1.4910792535e+03, 5.8323836877e+02, 7.5416644291e+01, 9.6629502864e-01,
                    3.9797285797e-01, 4.9727297349e-02],
        certifiedStandardErrors: [4.6647963344e+00, 3.9571156086e+01, 2.8698696102e+01, 5.5675370270e+00,
                                  3.1333340687e-02, 1.4984928198e-02, 6.5842344623e-03],
        certifiedResidualSumOfSquares: 5.6427082397e+03,
        model: { x, b in
            let x2 = x * x, x3 = x2 * x
            let num = b[0] + b[1] * x + b[2] * x2 + b[3] * x3
            let den = 1 + b[4] * x + b[5] * x2 + b[6] * x3
            let q = num / (den * den)
            return (num / den, [1 / den, x / den, x2 / den, x3 / den, -q * x, -q * x2, -q * x3])
        })
}

/// Number of agreeing significant digits, −log₁₀(|a − b| / |b|) (capped at 16).
func significantDigits(_ a: Double, _ b: Double) -> Double {
    let rel = abs(a - b) / abs(b)
    return rel == 0 ? 16 : min(16, -log10(rel))
}

/// Rosenbrock as least squares: r = [10(x₂ − x₁²), 1 − x₁].
func rosenbrockProblem() -> ClosureLeastSquaresProblem {
    ClosureLeastSquaresProblem(
        parameterCount: 2,
        residuals: { x in [10 * (x[1] - x[0] * x[0]), 1 - x[0]] },
        jacobian: { x in [-20 * x[0], 10, -1, 0] })
}
