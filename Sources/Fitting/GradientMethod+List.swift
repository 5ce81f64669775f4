import Gradients

extension GradientMethod {
    /// The names ``list(parsing:adjointRtol:adjointAtol:)`` accepts; `all` stands for the first three.
    public static let listNames = ["naive", "adjoint", "aca", "mali"]

    /// `aca`, `naive,adjoint` or `all` (naive, adjoint and ACA) → each method with its name, in the order given
    /// (``init(named:adjointRtol:adjointAtol:)``; the adjoint's backward solve at `adjointRtol`/`adjointAtol`).
    /// - Throws: ``FitError`` naming `GradientMethod.list(parsing:)` for an unknown name or an empty list.
    public static func list(parsing text: String, adjointRtol: Double, adjointAtol: Double) throws(FitError) -> [(name: String, method: GradientMethod)] {
        let names = text == "all" ? ["naive", "adjoint", "aca"] : text.split(separator: ",").map { String($0) }
        var methods: [(name: String, method: GradientMethod)] = []
        for name in names {
            guard listNames.contains(name), let method = GradientMethod(named: name, adjointRtol: adjointRtol, adjointAtol: adjointAtol) else {
                throw FitError("unknown GradientMethod.list(parsing:) name \(name); choose naive, adjoint, aca, mali, a comma-separated list, or all")
            }
            methods.append((name, method))
        }
        guard !methods.isEmpty else { throw FitError("GradientMethod.list(parsing:) got an empty list") }
        return methods
    }
}
