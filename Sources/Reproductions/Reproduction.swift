import Foundation
import Reports

/// A published experiment re-run as library code: typed settings in, typed results out, a report from the results.
///
/// `run` is pure computation (no argument parsing, no files but temporary ones, progress only through the
/// closure); `report` turns results into an ``ExperimentReport`` (README, results.h5, SVGs, notebook). The
/// command-line shell `orrery reproduce <name>` only maps flags to ``Settings`` and calls these. Settings and
/// results never depend on `threads`: the same settings give the same numbers on any thread count.
public protocol Reproduction {
    /// Every knob of the experiment, with documented defaults.
    associatedtype Settings: Codable & Sendable
    /// Everything the report shows.
    associatedtype Results: Codable & Sendable

    /// Folder and command name, e.g. "aca-three-body".
    static var name: String { get }
    /// One line saying what the experiment compares (the help of `orrery reproduce <name>`).
    static var abstract: String { get }
    /// What the run does, what it reports and which files it writes (the help's discussion).
    static var discussion: String { get }
    /// The setting that seeds the experiment's randomness; nil (the default) for an experiment without any,
    /// which then refuses a seed (``seeding(_:with:)``).
    static var seedSetting: WritableKeyPath<Settings, UInt64>? { get }
    /// The published settings, or the smoke-test ones (seconds) when `quick`.
    static func settings(quick: Bool) -> Settings
    /// Runs the experiment on up to `threads` threads; `progress` receives one line per stage.
    static func run(_ settings: Settings, threads: Int, progress: @escaping @Sendable (String) -> Void) throws -> Results
    /// The report of `results`; `command` is the command line that reproduces them.
    static func report(_ results: Results, command: String) -> ExperimentReport
    /// Writes the report (and any extra files) into `directory`; by default ``report(_:command:)`` written as is.
    static func write(_ results: Results, command: String, to directory: URL) throws
}

extension Reproduction {
    public static func write(_ results: Results, command: String, to directory: URL) throws {
        try report(results, command: command).write(to: directory)
    }

    public static var seedSetting: WritableKeyPath<Settings, UInt64>? { nil }

    /// `settings` with `seed` in ``seedSetting`` (unchanged for nil).
    /// - Throws: ``ReproductionError`` when a seed is given to an experiment without randomness: it would change nothing.
    public static func seeding(_ settings: Settings, with seed: UInt64?) throws(ReproductionError) -> Settings {
        guard let seed else { return settings }
        guard let key = seedSetting else { throw ReproductionError.noSeed(experiment: name, seed: seed) }
        var seeded = settings
        seeded[keyPath: key] = seed
        return seeded
    }

    /// The folder the report belongs in: `notebooks-export/<name>`.
    public static var defaultOutput: String { "notebooks-export/\(name)" }
}
