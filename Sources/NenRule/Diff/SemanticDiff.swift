/// `nenrule diff`: which answers change between two versions of a rule set, as regions of the
/// input space with a witness each — not a text diff of the rules. A decision whose words,
/// derivations, facts and constraints are unchanged answers alike everywhere and is not
/// explored; every other decision present in both is explored exactly (`DiffExplorer`), so a
/// changed grading table shows in the decisions downstream of the grade.
public enum SemanticDiff {
    /// Most boxes explored per decision before the comparison says it is partial.
    public static let budget = 20_000

    public struct DecisionDiff: Sendable {
        public var old: String
        public var new: String
        public var regions: [DiffRegion]
        /// The decision's own words are unchanged: its answers change through what it reads.
        public var throughInputs: Bool
        /// The budget stopped the exploration: regions found are real, others may be missing.
        public var incomplete: Bool
        /// Each region's witness, evaluated by both versions as `eval` would.
        public var witnessAnswers: [(old: DiffAnswer, new: DiffAnswer)]
    }

    public struct Report: Sendable {
        public var added: [String] = []
        public var removed: [String] = []
        /// Same id, new title: (id, old title, new title).
        public var retitled: [(id: String, old: String, new: String)] = []
        public var declarations: [DeclarationChange] = []
        public var constraints: [(id: String, change: String)] = []
        public var decisions: [DecisionDiff] = []
        /// Decisions compared (explored or proven unchanged).
        public var compared = 0

        public var hasAnswerChanges: Bool { decisions.contains { !$0.regions.isEmpty } }
    }

    /// Compares the decisions in `pairs` (old id, new id), or every decision of both when empty.
    public static func compare(old: DecisionGraph, new: DecisionGraph, pairs: [(String, String)] = [], budget: Int = SemanticDiff.budget,
                               compareCitations: Bool = true) -> Report {
        var report = Report()
        let oldIDs = old.decisions.map(\.id), newIDs = new.decisions.map(\.id)
        var chosen = pairs
        if pairs.isEmpty {
            report.added = newIDs.filter { !oldIDs.contains($0) }
            report.removed = oldIDs.filter { !newIDs.contains($0) }
            chosen = newIDs.filter { oldIDs.contains($0) }.map { ($0, $0) }
        }
        report.declarations = DeclarationChanges.find(old: old, new: new)
        let changedConstraints = constraintChanges(old: old, new: new)
        report.constraints = changedConstraints.changes
        let unchangedFacts = Set(old.facts.filter { fact in
            new.facts.first { $0.name == fact.name }.map { DecisionSignature.of($0) == DecisionSignature.of(fact) } ?? false
        }.map(\.name))
        var comparison = Comparison(old: old, new: new, budget: budget, compareCitations: compareCitations,
                                    changedConstraintFacts: changedConstraints.facts, unchangedFacts: unchangedFacts)
        for (oldID, newID) in chosen {
            guard let o = old.decisions.firstIndex(where: { $0.id == oldID }), let n = new.decisions.firstIndex(where: { $0.id == newID }) else { continue }
            report.compared += 1
            let oldTitle = old.decisions[o].title ?? "", newTitle = new.decisions[n].title ?? ""
            if oldID == newID, oldTitle != newTitle { report.retitled.append((newID, oldTitle, newTitle)) }
            if let found = comparison.compare(o, n) { report.decisions.append(found) }
        }
        return report
    }

    /// Decisions compared so far, so that a decision downstream of a derivation asks once
    /// whether the derivation changed.
    struct Comparison {
        let old: DecisionGraph, new: DecisionGraph
        let budget: Int
        let compareCitations: Bool
        let changedConstraintFacts: Set<String>
        let unchangedFacts: Set<String>
        /// By (old, new) decision index: the difference, or nil when the answers are the same.
        var memo: [[Int]: DecisionDiff?] = [:]

        /// The regions where the two decisions answer differently; nil when they never do.
        /// A decision whose own words, facts and the answers of the derivations it reads are
        /// unchanged answers alike on every case, and is not explored.
        mutating func compare(_ o: Int, _ n: Int) -> DecisionDiff? {
            if let known = memo[[o, n]] { return known }
            let found = difference(o, n)
            memo[[o, n]] = found
            return found
        }

        mutating func difference(_ o: Int, _ n: Int) -> DecisionDiff? {
            let ownSame = DecisionSignature.of(old.decisions[o], in: old) == DecisionSignature.of(new.decisions[n], in: new)
            let inputs = Set(DiffSide.reads(o, old).inputs + DiffSide.reads(n, new).inputs)
            // A changed constraint changes which patients exist: every decision may answer them.
            let derivations = changedDerivations(o, n)
            if ownSame, inputs.isSubset(of: unchangedFacts), changedConstraintFacts.isEmpty, derivations?.isEmpty == true { return nil }
            var explorer = DiffExplorer(old: old, o, new: new, n, changedConstraintFacts: changedConstraintFacts, budget: budget,
                                        compareCitations: compareCitations)
            // Its own rules and facts unchanged: only where a derivation it reads changed.
            let narrowed = ownSame && inputs.isSubset(of: unchangedFacts) && changedConstraintFacts.isEmpty
            explorer.run(within: narrowed ? derivations.map { $0.flatMap { $0.regions.map(\.box) } } : nil)
            let regions = Regions.differing(explorer.leaves, explorer.axes, witnessAlways: explorer.mustAssign)
            guard !regions.isEmpty || explorer.incomplete else { return nil }
            let witnessed = regions.map { witnessAnswers($0.witness, &explorer) }
            return DecisionDiff(old: old.decisions[o].id, new: new.decisions[n].id, regions: regions, throughInputs: ownSame,
                                incomplete: explorer.incomplete, witnessAnswers: witnessed)
        }

        /// The differences of the derivations the decision reads (empty when none changed);
        /// nil when they cannot be compared one to one (other deriving decisions, or a
        /// comparison the budget cut short).
        mutating func changedDerivations(_ o: Int, _ n: Int) -> [DecisionDiff]? {
            let before = derivers(o, old), after = derivers(n, new)
            guard before.map({ old.decisions[$0].id }) == after.map({ new.decisions[$0].id }) else { return nil }
            var changed: [DecisionDiff] = []
            for (a, b) in zip(before, after) {
                guard let found = compare(a, b) else { continue }
                if found.incomplete { return nil }
                changed.append(found)
            }
            return changed
        }

        /// The decisions deriving the facts a decision reads, by id.
        func derivers(_ d: Int, _ graph: DecisionGraph) -> [Int] {
            let compiled = graph.decisions[d]
            let reads = compiled.guardReads + compiled.branches.flatMap(\.reads) + (compiled.otherwise?.reads ?? [])
            return Set(reads.map { Int(graph.derivedBy[Int($0)]) }.filter { $0 >= 0 }).sorted { graph.decisions[$0].id < graph.decisions[$1].id }
        }
    }

    /// A witness evaluated by both versions, as `eval` reads it.
    static func witnessAnswers(_ witness: [WitnessValue], _ explorer: inout DiffExplorer) -> (old: DiffAnswer, new: DiffAnswer) {
        var box = explorer.axes.map { _ in CellSet(bits: FactAxis.notRecorded) }
        for (index, axis) in explorer.axes.enumerated() {
            guard let value = witness.first(where: { $0.fact == axis.name }),
                  let cell = axis.cells.indices.first(where: { axis.caseValue($0) == value.value }) else { continue }
            box[index] = .single(cell)
        }
        return (explorer.old.answer(explorer.axes, explorer.classes, box, old: true), explorer.new.answer(explorer.axes, explorer.classes, box, old: false))
    }

    /// Whether two decisions answer alike on every case by their words alone: the same words,
    /// the same words for every derivation they read (transitively), facts declared alike, and
    /// the same constraints. No exploration: what cohort mode skips without evaluating.
    /// `constraintsChanged`: whether the versions' constraints differ (asked once per comparison).
    static func structurallySame(_ o: Int, _ n: Int, old: DecisionGraph, new: DecisionGraph, constraintsChanged: Bool) -> Bool {
        guard !constraintsChanged,
              DecisionSignature.of(old.decisions[o], in: old) == DecisionSignature.of(new.decisions[n], in: new),
              closureWords(o, old) == closureWords(n, new) else { return false }
        let inputs = Set(DiffSide.reads(o, old).inputs + DiffSide.reads(n, new).inputs)
        return inputs.allSatisfy { name in
            guard let a = old.facts.first(where: { $0.name == name }), let b = new.facts.first(where: { $0.name == name }) else { return false }
            return DecisionSignature.of(a) == DecisionSignature.of(b)
        }
    }

    /// The words of the decisions a decision's derived inputs come from, transitively.
    static func closureWords(_ decision: Int, _ graph: DecisionGraph) -> [String] {
        var words: [String] = [], visited: Set<Int> = [decision]
        var pending = [decision]
        while let d = pending.popLast() {
            let compiled = graph.decisions[d]
            for slot in compiled.guardReads + compiled.branches.flatMap(\.reads) + (compiled.otherwise?.reads ?? []) {
                let by = Int(graph.derivedBy[Int(slot)])
                guard by >= 0, visited.insert(by).inserted else { continue }
                words.append(graph.decisions[by].id + "\n" + DecisionSignature.of(graph.decisions[by], in: graph))
                pending.append(by)
            }
        }
        return words.sorted()
    }

    /// Constraints added, removed or changed, and the facts they read.
    static func constraintChanges(old: DecisionGraph, new: DecisionGraph) -> (changes: [(id: String, change: String)], facts: Set<String>) {
        func words(_ graph: DecisionGraph) -> [String: (String, [String])] {
            Dictionary(graph.constraints.map { ($0.id, (DecisionSignature.of($0, in: graph), $0.condition.facts.map { graph.facts[$0].name })) },
                       uniquingKeysWith: { a, _ in a })
        }
        let before = words(old), after = words(new)
        var changes: [(String, String)] = [], facts: Set<String> = []
        for id in Set(before.keys).union(after.keys).sorted() {
            switch (before[id], after[id]) {
            case (nil, let added?): changes.append((id, "added: " + added.0)); facts.formUnion(added.1)
            case (let removed?, nil): changes.append((id, "removed: " + removed.0)); facts.formUnion(removed.1)
            case (let a?, let b?) where a.0 != b.0:
                changes.append((id, "changed: \(a.0) → \(b.0)"))
                facts.formUnion(a.1 + b.1)
            default: break
            }
        }
        return (changes, facts)
    }
}
