import Foundation
import ODE

/// Remedies in the command line's own words.
///
/// The ODE library's failures name its own knobs (`maxSteps`, `minStep`, a field's
/// softening); the CLI has none of those flags, so its messages name the flags it has.
enum CLIRemedies {
    /// `text` with each library remedy replaced by the command-line one.
    static func translate(_ text: String) -> String {
        var result = CLIKnobNames.translate(text)
        for (library, cli) in replacements where result.contains(library) {
            result = result.replacingOccurrences(of: library, with: cli)
        }
        return result
    }

    private static let replacements: [(String, String)] = {
        func remedy(_ reason: IntegrationFailure.Reason) -> String {
            IntegrationFailure(reason: reason, t: 0, dt: 0, acceptedSteps: 0, rejectedSteps: 0, functionEvaluations: 0).remedy
        }
        return [
            (remedy(.stepSizeUnderflow),
             "the solution is (near-)singular here (e.g. a close encounter) or the problem is stiff: loosen --rtol/--atol, shorten --t-end, or (generate) --on-failure skip"),
            (remedy(.maxStepsExceeded(limit: 0)),
             "loosen --rtol/--atol or shorten --t-end (the step limit is fixed); a stiff problem needs an implicit method"),
            (remedy(.nonFiniteState(component: 0)),
             "the model returned NaN/∞ at this state and time: use a smaller --dt (fixed step) or tighter --rtol/--atol, or start from other --parameters"),
        ]
    }()
}
