import Foundation
import Testing
@testable import NenRule

@Suite("random programs")
struct RandomProgramTests {
    @Test func generatedProgramsCheck() {
        var failures = 0
        for seed in UInt64(0)..<300 {
            let program = RandomRuleSet(seed: seed)
            let compilation = Fixtures.compile(program.text)
            if compilation.hasErrors {
                failures += 1
                if failures <= 5 { Issue.record("seed \(seed):\n\(program.text)\n\(Fixtures.rendered(compilation))") }
            }
        }
        #expect(failures == 0)
    }
}
