/// Gauss–Newton uncertainty of a least-squares fit, from the Jacobian J (R × P) and the residuals r at the
/// optimum (Bates & Watts 1988, "Nonlinear Regression Analysis and Its Applications", §2.3; the quantities
/// NIST StRD certifies):
///
/// - σ̂² = ‖r‖² / (R − P), the residual variance (requires R > P);
/// - Cov = σ̂² (JᵀJ)⁻¹, computed from the SVD J = U Σ Vᵀ as σ̂² V Σ⁻² Vᵀ (never by forming JᵀJ), so that its
///   accuracy follows cond(J) rather than cond(J)²;
/// - standard errors √Cov_jj, the correlation matrix, cond(J) = σ_max / σ_min;
/// - identifiability: the SVD of J with unit-norm columns (scale-free collinearity diagnostic, Belsley, Kuh &
///   Welsch 1980); every parameter carrying ≥ 10 % of the weight of a right singular vector whose relative
///   singular value is below `identifiabilityThreshold` is reported as near-unidentifiable.
public struct LeastSquaresStatistics: Sendable, Codable {
    public var residualCount: Int
    public var parameterCount: Int
    /// R − P.
    public var degreesOfFreedom: Int
    /// ‖r‖².
    public var residualSumOfSquares: Double
    /// σ̂² = ‖r‖² / (R − P); `nil` when R ≤ P.
    public var residualVariance: Double?
    /// Row-major P × P covariance σ̂²(JᵀJ)⁻¹; `nil` when R ≤ P or J is numerically singular
    /// (σ_min ≤ ε·max(R, P)·σ_max; see ``unavailableReason``).
    public var covariance: [Double]?
    /// √diag(Cov).
    public var standardErrors: [Double]?
    /// Row-major P × P correlation Cov_ij / √(Cov_ii Cov_jj).
    public var correlation: [Double]?
    /// Singular values of J, descending.
    public var singularValues: [Double]
    /// cond(J) = σ_max / σ_min (∞ when J is singular). cond(JᵀJ) is its square.
    public var conditionNumber: Double
    /// cond of J with its columns scaled to unit norm (invariant to the parameters' units).
    public var scaledConditionNumber: Double
    /// Indices of near-unidentifiable parameters (ascending).
    public var unidentifiableParameters: [Int]
    /// Why ``covariance`` is `nil`, if it is.
    public var unavailableReason: String?

    /// - Parameters:
    ///   - jacobian: row-major R × P Jacobian at the optimum.
    ///   - residuals: r at the optimum (length R).
    ///   - identifiabilityThreshold: relative singular value (of the column-scaled J) below which a direction
    ///     counts as unidentifiable. Default 1e-8 (cond(JᵀJ) ≳ 1e16, the edge of double precision).
    public init(
        jacobian: [Double], residuals: [Double], parameterCount p: Int, identifiabilityThreshold: Double = 1e-8
    ) throws {
        let rCount = residuals.count
        guard p >= 1, jacobian.count == rCount * p else {
            throw LeastSquaresError.dimensionMismatch(
                "Jacobian has \(jacobian.count) entries, expected \(rCount) residuals × \(p) parameters")
        }
        residualCount = rCount
        parameterCount = p
        degreesOfFreedom = rCount - p
        residualSumOfSquares = residuals.reduce(0) { $0 + $1 * $1 }

        // One QR of J (the O(R·P²) part); the SVDs of R and of R·D⁻¹ (= the R factor of J·D⁻¹, D the column
        // norms) then cost O(P³) each.
        let (w, k) = JacobiSVD.reduce(rowMajor: jacobian, rows: rCount, columns: p)
        let svd = JacobiSVD(columnMajor: w, rows: k, columns: p)
        singularValues = svd.singularValues
        conditionNumber = svd.conditionNumber

        // Identifiability from the column-scaled Jacobian.
        var norms = [Double](repeating: 0, count: p)
        for j in 0..<p {
            var s = 0.0
            for i in 0..<k { s += w[i + j * k] * w[i + j * k] }
            norms[j] = s.squareRoot()
        }
        var scaledW = w
        for j in 0..<p where norms[j] > 0 { for i in 0..<k { scaledW[i + j * k] /= norms[j] } }
        let scaledSVD = JacobiSVD(columnMajor: scaledW, rows: k, columns: p)
        scaledConditionNumber = scaledSVD.conditionNumber
        var weak = Set<Int>()
        for j in 0..<p where norms[j] == 0 { weak.insert(j) }
        let top = scaledSVD.singularValues[0]
        for k in 0..<p where top == 0 || scaledSVD.singularValues[k] <= identifiabilityThreshold * top {
            for j in 0..<p where scaledSVD.v[j * p + k] * scaledSVD.v[j * p + k] >= 0.1 { weak.insert(j) }
        }
        unidentifiableParameters = weak.sorted()

        residualVariance = nil
        covariance = nil
        standardErrors = nil
        correlation = nil
        unavailableReason = nil
        guard rCount > p else {
            unavailableReason = "R = \(rCount) residuals ≤ P = \(p) parameters: no degrees of freedom for σ̂²"
            return
        }
        let s2 = residualSumOfSquares / Double(rCount - p)
        residualVariance = s2
        let numericalZero = Double.ulpOfOne * Double(max(rCount, p)) * svd.singularValues[0]
        guard svd.singularValues[p - 1] > numericalZero else {
            unavailableReason = "J is numerically singular (σ_min ≤ ε·max(R, P)·σ_max): (JᵀJ)⁻¹ does not exist"
            return
        }
        var cov = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in i..<p {
                var sum = 0.0
                for k in 0..<p {
                    let sk = svd.singularValues[k]
                    sum += svd.v[i * p + k] * svd.v[j * p + k] / (sk * sk)
                }
                cov[i * p + j] = s2 * sum
                cov[j * p + i] = s2 * sum
            }
        }
        let se = (0..<p).map { cov[$0 * p + $0].squareRoot() }
        var corr = [Double](repeating: 0, count: p * p)
        for i in 0..<p { for j in 0..<p { corr[i * p + j] = cov[i * p + j] / (se[i] * se[j]) } }
        covariance = cov
        standardErrors = se
        correlation = corr
    }

    /// Statistics of a ``LevenbergMarquardt`` result (its Jacobian and residuals at x).
    public init(_ result: LeastSquaresResult, identifiabilityThreshold: Double = 1e-8) throws {
        try self.init(jacobian: result.jacobian, residuals: result.residuals, parameterCount: result.x.count,
                      identifiabilityThreshold: identifiabilityThreshold)
    }
}
