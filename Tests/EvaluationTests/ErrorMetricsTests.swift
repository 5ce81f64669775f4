import Evaluation
import Testing

@Suite("Error metrics")
struct ErrorMetricsTests {
    @Test("hand-computed values; missing observations ignored; pooling equals computing at once")
    func values() {
        var a = ErrorAccumulator(components: 2)
        a.add(predicted: 1, observed: 0, component: 0)      // e = 1
        a.add(predicted: 2, observed: 4, component: 1)      // e = -2
        a.add(predicted: 5, observed: .nan, component: 1)   // missing
        var b = ErrorAccumulator(components: 2)
        b.add(predicted: 3, observed: 3, component: 0)      // e = 0
        var all = a
        all.merge(b)
        let m = all.metrics
        #expect(m.count == 3)
        #expect(m.mse == 5.0 / 3)
        #expect(m.rmse == (5.0 / 3).squareRoot())
        #expect(m.relativeL2 == (5.0 / 25).squareRoot())
        #expect(m.maxError == 2)
        #expect(m.componentRMSE == [(1.0 / 2).squareRoot(), 2])
        let empty = ErrorAccumulator(components: 1).metrics
        #expect(empty.count == 0 && empty.mse.isNaN && empty.componentRMSE[0].isNaN)
    }
}
