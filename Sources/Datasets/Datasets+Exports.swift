// Sample times and observation noise draw from `SeededRandom`, which lives in the
// dependency-free `Randomness` module; re-exported so `import Datasets` keeps offering it.
@_exported import Randomness
