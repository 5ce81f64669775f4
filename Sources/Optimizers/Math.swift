#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `x^y` from the C library, as Python's `**` computes the bias corrections `β^t` in the reference code.
@inline(__always) @usableFromInline
func power(_ x: Double, _ y: Double) -> Double { pow(x, y) }

/// cos from the C library (for the cosine schedule).
@inline(__always) @usableFromInline
func libmCos(_ x: Double) -> Double { cos(x) }
