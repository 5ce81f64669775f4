import Datasets
import Generation
import HDF5Kit
import Models
import Physics
import Testing

/// One loop over ``SystemCatalog``: what the generator writes for each system is what its model
/// (the one `fit` builds) names, shapes and starts from.
@Suite("System catalogue")
struct SystemCatalogTests {
    @Test("every system's dataset has the parameter names, labels and dimension of its model")
    func everySystemMatchesItsModel() throws {
        #expect(SystemCatalog.all.map(\.name) == TimeSeriesSystem.allCases.map(\.rawValue))
        #expect(Set(KnownSystem.modelNames).isSubset(of: Set(SystemCatalog.all.map(\.name))))
        for entry in SystemCatalog.all {
            let system = try #require(TimeSeriesSystem(rawValue: entry.name))
            let recipe = DatasetRecipe(source: .timeSeries(system), count: 2, tEnd: 0.5, samples: 5, seed: 3)
            let dataset = try #require(try DatasetGenerator(recipe: recipe, threads: 1).generate().dataset)
            #expect(dataset.metadata.system == entry.name)
            #expect(dataset.metadata.stateLabels == entry.stateLabels)
            #expect(dataset.stateDimension == entry.dimension)
            guard case .strings(let names)? = dataset.metadata.attributes["parameter_names"] else {
                Issue.record("\(entry.name): no parameter_names attribute")
                continue
            }
            #expect(names == entry.parameterNames, "\(entry.name)")
            #expect(entry.makeField().parameterCount == entry.defaultParameters.count, "\(entry.name)")
            if let known = KnownSystem(rawValue: entry.name) {
                let model = ModelSpecification.timeSeries(system: known)
                #expect(try model.parameterNames() == names, "\(entry.name)")
                #expect(model.stateDimension == dataset.stateDimension, "\(entry.name)")
                #expect(try model.initialParameters(seed: 0) == entry.defaultParameters, "\(entry.name)")
                let domain: ParameterDomain = entry.positiveParameters ? .positive : .real
                #expect(try model.parameterDomains() == [ParameterDomain](repeating: domain, count: names.count), "\(entry.name)")
                for (name, value) in zip(names, entry.defaultParameters) {
                    #expect(dataset.parameters[name]?.values == [value, value], "\(entry.name).\(name)")
                }
            } else {
                // Three-body positions: the model is three-body gravity, masses then G.
                let model = ModelSpecification.nBody(bodies: 3, learn: [.masses, .G])
                let blocks = try model.parameterBlocks()
                #expect(blocks.map(\.name) == ["masses", "G"])
                #expect(blocks.map(\.range.count) == [3, 1])
                #expect(names == ["m1", "m2", "m3", "G"])
                #expect(dataset.parameters["masses"]?.shape == [2, 3] && dataset.parameters["G"]?.shape == [2])
                #expect(entry.makeField().parameterCount == blocks.reduce(0) { $0 + $1.range.count })
            }
        }
    }
}
