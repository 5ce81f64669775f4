// The VJP checker, finite-difference gradients and `relativeError` are library code (`Checking`);
// re-exported so every test target that imports TestSupport has them.
@_exported import Checking
