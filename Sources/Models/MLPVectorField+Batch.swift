import ODE

/// The MLP evaluates batches through the protocol's defaults (one matrix–vector pass per state)
/// until its matrix–matrix kernel lands (issue 13, branch `kern`, which replaces this file).
extension MLPVectorField: BatchVectorField {}
