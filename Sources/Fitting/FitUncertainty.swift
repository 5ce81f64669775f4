import HDF5Kit

/// Uncertainties of fitted parameters from the Gauss–Newton approximation at the optimum:
/// covariance `σ̂²(JᵀJ)⁻¹` with `σ̂² = ‖r‖²/(R − P)` from the residuals (as scipy's `curve_fit`
/// and MINPACK users compute it), in the model's own parameters `θ`.
///
/// Valid when the model is right and the noise independent with equal variance (per weight);
/// a large condition number says the data cannot tell some parameters apart.
public struct FitUncertainty: Sendable, Equatable {
    /// One per entry of the flat parameter vector `θ` (NaN where undefined).
    public var standardErrors: [Double]
    /// Row-major `P × P` correlation matrix.
    public var correlation: [Double]
    /// Ratio of the largest to the smallest singular value of the residual Jacobian.
    public var conditionNumber: Double
    /// `σ̂²`, the residual variance per observed entry (in the loss's weighting).
    public var residualVariance: Double
    /// `R − P`.
    public var degreesOfFreedom: Int
    /// Names of parameters along near-null directions of the Jacobian (not identifiable from these data).
    public var poorlyDetermined: [String]

    public init(standardErrors: [Double], correlation: [Double], conditionNumber: Double, residualVariance: Double,
                degreesOfFreedom: Int, poorlyDetermined: [String]) {
        self.standardErrors = standardErrors
        self.correlation = correlation
        self.conditionNumber = conditionNumber
        self.residualVariance = residualVariance
        self.degreesOfFreedom = degreesOfFreedom
        self.poorlyDetermined = poorlyDetermined
    }

    /// Writes `/uncertainty` (standard errors by block like `/model/parameters`, the flat vector,
    /// the correlation matrix, and the scalars as attributes).
    func write(to root: HDF5Group, blocks: [FitCheckpoint.Block]) throws {
        let group = try root.createGroup("uncertainty")
        try group.write(NDArray(standardErrors), to: "standard_errors")
        let p = standardErrors.count
        try group.write(NDArray(shape: [p, p], values: correlation), to: "correlation")
        let byBlock = try group.createGroup("standard_errors_by_block")
        for block in blocks { try byBlock.write(NDArray(Array(standardErrors[block.range])), to: block.name) }
        try group.setAttribute("condition_number", .double(conditionNumber))
        try group.setAttribute("residual_variance", .double(residualVariance))
        try group.setAttribute("degrees_of_freedom", .integer(Int64(degreesOfFreedom)))
        try group.setAttribute("poorly_determined", .strings(poorlyDetermined))
        try group.setAttribute("method", .string("Gauss-Newton covariance s^2 (J^T J)^-1 at the optimum, s^2 = |r|^2 / (R - P)"))
    }

    /// Reads `/uncertainty` if present and consistent with `parameterCount`.
    static func read(from root: HDF5Group, parameterCount: Int) throws -> FitUncertainty? {
        guard root.contains("uncertainty") else { return nil }
        let group = try root.group("uncertainty")
        let errors = try group.read("standard_errors", as: Double.self).values
        let correlation = try group.read("correlation", as: Double.self).values
        guard errors.count == parameterCount, correlation.count == parameterCount * parameterCount else {
            throw FitError("the fit file's /uncertainty does not match its \(parameterCount) parameters")
        }
        let names: [String] = switch try group.attribute("poorly_determined") {
        case .strings(let names): names
        case .string(let name): [name]
        default: []
        }
        return FitUncertainty(
            standardErrors: errors, correlation: correlation,
            conditionNumber: try group.attribute("condition_number").doubleValue ?? .nan,
            residualVariance: try group.attribute("residual_variance").doubleValue ?? .nan,
            degreesOfFreedom: Int(try group.attribute("degrees_of_freedom").integerValue ?? 0), poorlyDetermined: names)
    }
}
