import Datasets
import Gradients
import Models
import ODE
import Physics

extension GradientStudy where Field == NBodyGravity {
    /// Three-body gravity (``NBodyGravity`` with parameters `[m1, m2, m3, G]`) on each selected
    /// trajectory of a schema-v1 dataset.
    ///
    /// - Parameters:
    ///   - file: the dataset's path, for messages.
    ///   - trajectory: one row, or nil for every trajectory as one batch.
    ///   - masses: overrides the file's `/parameters/masses` of each trajectory.
    ///   - G: overrides `/parameters/G`, else the root attribute `G`, else 1.
    ///   - observePositions: only the first 9 components (the positions) enter the loss.
    /// - Throws: ``FitError`` naming the missing or bad value; `ODEError` if a problem is invalid.
    public static func threeBody(
        dataset: TrajectoryDataset, file: String, trajectory: Int?, masses givenMasses: [Double]?, G givenG: Double?,
        observePositions: Bool, tableau: ButcherTableau, controller: StepSizeController, observationMode: ObservationMode
    ) throws -> GradientStudy {
        let field = NBodyGravity(bodyCount: 3)
        let d = dataset.stateDimension, b = dataset.trajectoryCount
        guard d == field.dimension else {
            throw FitError("\(file): the three-body model needs 18 state components (x1…z3, vx1…vz3); /state has \(d)")
        }
        let rows = try rows(dataset, file: file, trajectory: trajectory)
        let rootG = dataset.metadata.attributes["G"]?.doubleValue ?? 1
        let observedComponents = observePositions ? 9 : d
        var problems: [GradientProblem<NBodyGravity>] = []
        for row in rows {
            func fileParameter(_ name: String, _ count: Int) -> [Double]? {
                guard let array = dataset.parameters[name], array.count == b * count else { return nil }
                return Array(array.values[(row * count)..<((row + 1) * count)])
            }
            guard let masses = givenMasses ?? fileParameter("masses", 3) else {
                throw FitError("\(file) has no /parameters/masses of shape (B, 3): give GradientStudy.threeBody's masses")
            }
            let g = givenG ?? fileParameter("G", 1)?[0] ?? rootG
            guard masses.allSatisfy({ $0 > 0 && $0.isFinite }), g > 0, g.isFinite else {
                throw FitError("\(file), trajectory \(row): masses \(masses) and G = \(g) must be positive and finite (from the file's /parameters or root attribute G); override them with GradientStudy.threeBody's masses and G")
            }
            let problem = GradientProblem(
                field: field, t0: dataset.initialTimes[row], initialState: initialState(dataset, row: row), parameters: masses + [g],
                observations: observations(dataset, row: row) { $0 < observedComponents },
                tableau: tableau, controller: controller, observationMode: observationMode)
            try problem.validate()
            problems.append(problem)
        }
        return GradientStudy(problems: problems, trajectoryIDs: rows.map { Int(dataset.trajectoryIDs[$0]) })
    }
}

extension GradientStudy {
    /// Any field on each selected trajectory of `dataset` (its columns already matched to the
    /// field's states), every state observed where the mask says so, all starting from `parameters`.
    ///
    /// - Throws: ``FitError`` for a trajectory out of range; `ODEError` if a problem is invalid.
    public static func named(
        field: Field, parameters: [Double], dataset: TrajectoryDataset, file: String, trajectory: Int?,
        tableau: ButcherTableau, controller: StepSizeController, observationMode: ObservationMode
    ) throws -> GradientStudy {
        let rows = try rows(dataset, file: file, trajectory: trajectory)
        let problems = try rows.map { row in
            let problem = GradientProblem(
                field: field, t0: dataset.initialTimes[row], initialState: initialState(dataset, row: row), parameters: parameters,
                observations: observations(dataset, row: row) { _ in true },
                tableau: tableau, controller: controller, observationMode: observationMode)
            try problem.validate()
            return problem
        }
        return GradientStudy(problems: problems, trajectoryIDs: rows.map { Int(dataset.trajectoryIDs[$0]) })
    }
}
