/// `open-boundary`: thresholds on one fact that leave an exact value uncovered (`< 20 mm` in one
/// branch, `> 20 mm` in the next) or covered twice with different answers (`<= 10 mm` and
/// `10 mm ... 20 mm`). This is the guideline's commonest slip: its text says "< 2 cm" and
/// "> 2 cm" and leaves 2 cm to the reader. The witness sits exactly on the threshold.
public struct OpenBoundaryRule: LintRule {
    public let code = "open-boundary"

    /// What happens at one threshold: the point and its two neighbouring intervals.
    struct Boundary {
        var fact: Int
        var point: [Int: Int64]
        var below: [Int], at: [Int], above: [Int]
    }

    public func findings(_ context: LintContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for space in context.spaces where context.model.decisions[space.decision].kind != .criteria {
            var reported: Set<[Int64]> = []
            for leaf in space.leaves {
                for boundary in Self.boundaries(context, space, leaf) {
                    guard let finding = finding(context, space, boundary),
                          reported.insert([Int64(boundary.fact), boundary.point[boundary.fact]!]).inserted else { continue }
                    found.append(finding)
                }
            }
        }
        return found
    }

    func finding(_ context: LintContext, _ space: DecisionSpace, _ b: Boundary) -> Diagnostic? {
        let decision = context.model.decisions[space.decision]
        let fact = context.model.facts[b.fact]
        let value = fact.display(b.point[b.fact]!)
        var diagnostic: Diagnostic
        if b.at.isEmpty, let low = b.below.first, let high = b.above.first {
            diagnostic = Diagnostic(.warning, code, "no branch of `\(decision.id)` covers `\(fact.name)` = \(value) exactly: branch \(low + 1) covers below it and branch \(high + 1) above",
                                    at: decision.branches[high].span, help: "decide which side \(value) belongs to (`<=` or `>=`) and note the reading")
            diagnostic.related = [Related("branch \(low + 1) is here", at: decision.branches[low].span)]
        } else if let (low, high) = Self.doubleCover(context, space.decision, b) {
            diagnostic = Diagnostic(.warning, code, "`\(fact.name)` = \(value) is covered by both branch \(low + 1) (below) and branch \(high + 1) (above) of `\(decision.id)`",
                                    at: decision.branches[high].span, help: "make one side strict (`<` or `>`) so \(value) has one answer, and note the reading")
            diagnostic.related = [Related("branch \(low + 1) is here", at: decision.branches[low].span)]
        } else {
            return nil
        }
        diagnostic.witness = context.witness(space, b.point)
        return diagnostic
    }

    /// A branch true at and below the point only, and another true at and above it only, with
    /// different outcomes.
    static func doubleCover(_ context: LintContext, _ decision: Int, _ b: Boundary) -> (Int, Int)? {
        for low in b.at where b.below.contains(low) && !b.above.contains(low) {
            for high in b.at where b.above.contains(high) && !b.below.contains(high)
                && context.outcomes(decision, low) != context.outcomes(decision, high) {
                return (low, high)
            }
        }
        return nil
    }

    /// The thresholds a leaf sits on: numeric facts narrowed to one point cell with intervals
    /// on both sides.
    static func boundaries(_ context: LintContext, _ space: DecisionSpace, _ leaf: DecisionSpace.Leaf) -> [Boundary] {
        var result: [Boundary] = []
        for (position, cells) in space.facts.enumerated() {
            let range = leaf.box.ranges[position]
            // Only numeric thresholds have sides: a point cell between two interval cells.
            guard range.count == 1, cells.cells[range.lowerBound].shape == .point,
                  range.lowerBound > 0, range.lowerBound + 1 < cells.cells.count,
                  cells.cells[range.lowerBound - 1].shape != .point, cells.cells[range.lowerBound + 1].shape != .point else { continue }
            var point = leaf.point
            var left = point, right = point
            left[cells.fact] = cells.cells[range.lowerBound - 1].representative
            right[cells.fact] = cells.cells[range.lowerBound + 1].representative
            point[cells.fact] = cells.cells[range.lowerBound].representative
            result.append(Boundary(fact: cells.fact, point: point, below: context.trueBranches(space.decision, at: left),
                                   at: context.trueBranches(space.decision, at: point), above: context.trueBranches(space.decision, at: right)))
        }
        return result
    }

    /// Whether an uncovered leaf is an open boundary (so `gap` need not report it again).
    static func isBoundaryGap(_ context: LintContext, _ space: DecisionSpace, _ leaf: DecisionSpace.Leaf) -> Bool {
        boundaries(context, space, leaf).contains { $0.at.isEmpty && !$0.below.isEmpty && !$0.above.isEmpty }
    }
}
