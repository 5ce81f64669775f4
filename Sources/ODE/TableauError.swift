/// Why a Butcher tableau was rejected at construction.
public enum TableauError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty(name: String)
    case shapeMismatch(name: String, detail: String)
    case rowSumMismatch(name: String, row: Int, rowSum: Double, c: Double)
    case weightSumMismatch(name: String, sum: Double)
    case errorWeightSumNonZero(name: String, sum: Double)
    case denseOutputMismatch(name: String, detail: String)

    public var description: String {
        switch self {
        case .empty(let name):
            "tableau \(name): needs at least one stage and a positive order"
        case .shapeMismatch(let name, let detail):
            "tableau \(name): \(detail)"
        case .rowSumMismatch(let name, let row, let rowSum, let c):
            "tableau \(name): row \(row) of a sums to \(rowSum) but c[\(row)] = \(c)"
        case .weightSumMismatch(let name, let sum):
            "tableau \(name): weights b sum to \(sum), not 1"
        case .errorWeightSumNonZero(let name, let sum):
            "tableau \(name): error weights sum to \(sum), not 0"
        case .denseOutputMismatch(let name, let detail):
            "tableau \(name): dense output \(detail)"
        }
    }
}
