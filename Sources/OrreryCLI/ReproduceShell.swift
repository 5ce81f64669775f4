import ArgumentParser
import Reproductions

/// `orrery reproduce <R.name>` for an experiment with no options of its own: the shared ``ReproduceOptions``
/// mapped onto `R`'s settings; the name, abstract and discussion are the experiment's (``Reproduction``).
struct ReproduceShell<R: Reproduction>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: R.name, abstract: R.abstract, discussion: R.discussion)
    }

    @OptionGroup var options: ReproduceOptions

    func validate() throws { _ = try options.settings(R.self) }

    func run() throws { try options.run(R.self, try options.settings(R.self)) }
}
