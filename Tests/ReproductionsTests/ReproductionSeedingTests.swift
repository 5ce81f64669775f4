import Reproductions
import Testing

/// `Reproduction.seeding(_:with:)` and the experiments' descriptions: a seed goes into the experiment's own
/// seed setting; an experiment without randomness refuses one.
@Suite("Reproduction seeding and descriptions")
struct ReproductionSeedingTests {
    @Test("the seed lands in each experiment's own setting and nowhere else; nil changes nothing")
    func seeded() throws {
        let mass = MassRecovery.settings(quick: true)
        #expect(try MassRecovery.seeding(mass, with: 99).seed == 99 && mass.seed != 99)
        #expect(try MassRecovery.seeding(mass, with: 99).iterations == mass.iterations)
        #expect(try MassRecovery.seeding(mass, with: nil).seed == mass.seed)
        #expect(try TimeSeriesExperiment.seeding(TimeSeriesExperiment.settings(quick: true), with: 5).seed == 5)
        let aca = ACAThreeBody.settings(quick: true)
        let seeded = try ACAThreeBody.seeding(aca, with: 41)
        #expect(seeded.firstSeed == 41 && seeded.starts == aca.starts)
    }

    @Test("experiments without randomness refuse a seed, naming it")
    func refused() throws {
        #expect(throws: ReproductionError.noSeed(experiment: "gradient-accuracy", seed: 3)) {
            try GradientAccuracy.seeding(GradientAccuracy.settings(quick: true), with: 3)
        }
        #expect(throws: ReproductionError.noSeed(experiment: "adabelief-toys", seed: 0)) {
            try AdaBeliefToys.seeding(AdaBeliefToys.settings(quick: true), with: 0)
        }
        #expect(try AdaBeliefToys.seeding(AdaBeliefToys.settings(quick: true), with: nil).steps == AdaBeliefToys.settings(quick: true).steps)
        #expect("\(ReproductionError.noSeed(experiment: "gradient-accuracy", seed: 3))".contains("gradient-accuracy has no random seed (got seed 3)"))
    }

    @Test("each experiment describes itself: a one-line abstract and a discussion naming the files it writes")
    func descriptions() {
        let experiments: [(name: String, abstract: String, discussion: String)] = [
            (ACAThreeBody.name, ACAThreeBody.abstract, ACAThreeBody.discussion),
            (AdaBeliefToys.name, AdaBeliefToys.abstract, AdaBeliefToys.discussion),
            (GradientAccuracy.name, GradientAccuracy.abstract, GradientAccuracy.discussion),
            (MassRecovery.name, MassRecovery.abstract, MassRecovery.discussion),
            (TimeSeriesExperiment.name, TimeSeriesExperiment.abstract, TimeSeriesExperiment.discussion),
        ]
        for experiment in experiments {
            #expect(!experiment.abstract.isEmpty && !experiment.abstract.contains("\n"), "\(experiment.name)")
            #expect(experiment.discussion.contains("README.md") && experiment.discussion.contains("results"), "\(experiment.name)")
        }
        for notebook in [MassRecovery.self, TimeSeriesExperiment.self, GradientAccuracy.self] as [any Reproduction.Type] {
            #expect(notebook.discussion.contains("\(notebook.name).ipynb"), "\(notebook.name)")
        }
    }
}
