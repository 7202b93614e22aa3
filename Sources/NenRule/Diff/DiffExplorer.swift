/// One decision's answer as two versions can compare it: status, outcomes with strengths,
/// sections. A case the constraints refuse is `inconsistent`: no such patient in that version.
public struct DiffAnswer: Hashable, Sendable {
    public enum Kind: String, Sendable { case decided, undetermined, notApplicable = "not_applicable", inconsistent }

    public var kind: Kind
    /// Decided: the outcomes, each after its strength; undetermined: the possible ones.
    public var outcomes: [String]
    public var cites: [String]

    init(_ result: DecisionResult) {
        kind = switch result.status {
        case .decided: .decided
        case .undetermined: .undetermined
        case .notApplicable: .notApplicable
        }
        outcomes = result.outcomesWithStrengths.sorted()
        cites = Array(Set(result.recommendations.flatMap(\.cites))).sorted()
    }

    static let inconsistent = DiffAnswer(kind: .inconsistent, outcomes: [], cites: [])

    /// The same answer without its sections.
    var withoutCites: DiffAnswer { DiffAnswer(kind: kind, outcomes: outcomes, cites: []) }

    init(kind: Kind, outcomes: [String], cites: [String]) {
        self.kind = kind
        self.outcomes = outcomes
        self.cites = cites
    }

    /// `surgical_resection` (should) §4.1.3 — or the status.
    public var text: String {
        switch kind {
        case .decided:
            let advice = outcomes.map { words in
                let parts = words.split(separator: " ", maxSplits: 1)
                return parts.count == 2 && Strength(rawValue: String(parts[0])) != nil ? "`\(parts[1])` (\(parts[0]))" : "`\(words)`"
            }
            return (advice.isEmpty ? "no outcome" : advice.joined(separator: ", ")) + (cites.isEmpty ? "" : " " + cites.joined(separator: ", "))
        case .undetermined: return "undetermined" + (outcomes.isEmpty ? "" : " (" + outcomes.joined(separator: ", ") + ")")
        case .notApplicable: return "not applicable"
        case .inconsistent: return "refused (breaks a constraint)"
        }
    }
}

/// One side of a comparison: a version's graph, an evaluator on it, the decision compared.
struct DiffSide {
    let graph: DecisionGraph
    var evaluator: Evaluator
    let decision: Int
    /// Raw facts the decision reads, directly or through derivations, and those read by `known`.
    let inputs: [String]
    let knownInputs: Set<String>
    /// The facts the last undetermined answer needs.
    var lastNeeds: [String] = []
    /// Whether answers keep their sections (off when two different decisions are compared).
    var keepCites = true
    /// Members the new version renamed, old name → new, for the answers of a decision that
    /// derives that fact: the same meaning under a new name is not a change.
    var renamed: [String: String] = [:]
    /// The decisions whose conditions the answer depends on: the decision and its derivations.
    let closure: [Int]

    init(_ graph: DecisionGraph, decision: Int) {
        self.graph = graph
        evaluator = Evaluator(graph: graph)
        self.decision = decision
        (inputs, knownInputs, closure) = DiffSide.reads(decision, graph)
    }

    /// A decision's raw inputs (through the derivations it reads), those a `known(...)` test
    /// reads, and the decisions visited: what a comparison needs without an evaluator.
    static func reads(_ decision: Int, _ graph: DecisionGraph) -> (inputs: [String], known: Set<String>, closure: [Int]) {
        var inputs: [String] = [], known: Set<String> = [], visited: Set<Int> = []
        func visit(_ d: Int) {
            guard visited.insert(d).inserted else { return }
            let compiled = graph.decisions[d]
            let nodes = [compiled.guardNode] + compiled.branches.map(\.node) + (compiled.otherwise.map { [$0.node] } ?? [])
            for node in nodes { for slot in graph.knownSlots(under: node) { known.insert(graph.facts[Int(slot)].name) } }
            let reads = compiled.guardReads + compiled.branches.flatMap(\.reads) + (compiled.otherwise?.reads ?? [])
            for slot in reads.map({ Int($0) }) {
                let by = Int(graph.derivedBy[slot])
                if by >= 0 { visit(by) } else if !inputs.contains(graph.facts[slot].name) { inputs.append(graph.facts[slot].name) }
            }
        }
        visit(decision)
        return (inputs, known, visited.sorted())
    }

    /// The renamed members of the fact a decision derives, old name → new name.
    static func renamedMembers(derivedBy decision: Int, old: DecisionGraph, new: DecisionGraph) -> [String: String] {
        let slot = Int(old.decisions[decision].derives)
        guard slot >= 0, case .enumeration(let before, _) = old.facts[slot].type,
              let after = new.facts.first(where: { $0.name == old.facts[slot].name }), case .enumeration(let members, _) = after.type else { return [:] }
        var renamed: [String: String] = [:]
        for (index, from) in FactAxis.memberMap(old: old.facts[slot], new: after).enumerated() {
            if let from, before[from] != members[index] { renamed[before[from]] = members[index] }
        }
        return renamed
    }

    /// The answer for a box: each axis restricted to a set of cells gives its first cell (every
    /// cell of a class answers alike), an axis left open or not recorded is missing.
    mutating func answer(_ axes: [FactAxis], _ classes: [[CellSet]], _ box: [CellSet], old: Bool) -> DiffAnswer {
        evaluator.reset()
        for (index, axis) in axes.enumerated() {
            let cells = box[index].bits & ~FactAxis.notRecorded
            // A set the decision can tell apart, or that may be not recorded, stays missing.
            guard classes[index].contains(where: { $0.bits | cells == $0.bits }), box[index].bits & FactAxis.notRecorded == 0,
                  cells != 0, let slot = old ? axis.oldSlot : axis.newSlot else { continue }
            // A member the old version does not have: the old version cannot record this value.
            let cell = cells.trailingZeroBitCount
            guard let value = old ? axis.oldValue(cell) : axis.newValue(cell) else { continue }
            evaluator.values[slot] = value
        }
        lastNeeds = []
        guard evaluator.validate().isEmpty else { return .inconsistent }
        let result = evaluator.decide(decision)
        lastNeeds = result.needs
        var answer = DiffAnswer(result)
        if !renamed.isEmpty { answer.outcomes = answer.outcomes.map { renamed[$0] ?? $0 }.sorted() }
        return keepCites ? answer : answer.withoutCites
    }
}

/// A box of the explored space where both versions answer uniformly, with their answers.
struct DiffLeaf {
    var box: [CellSet]
    var old: DiffAnswer
    var new: DiffAnswer
}

/// Explores the raw inputs of one decision in two versions, splitting a box while either
/// version's answer is still open over it (or a `known(...)` test or a changed constraint reads
/// a fact it leaves open), until both answer uniformly: the leaves are exact regions. A fact is
/// split into the classes of cells that no test of either version tells apart, and a fact whose
/// being recorded matters is split into "not recorded" too.
struct DiffExplorer {
    var old: DiffSide
    var new: DiffSide
    let axes: [FactAxis]
    /// Per axis, its classes.
    let classes: [[CellSet]]
    /// Axes that must be given (or be not recorded) before a box is a leaf.
    let mustAssign: Set<Int>
    var leaves: [DiffLeaf] = []
    var budget: Int
    var incomplete = false

    init(old: DecisionGraph, _ oldDecision: Int, new: DecisionGraph, _ newDecision: Int, changedConstraintFacts: Set<String>,
         budget: Int, compareCitations: Bool = true) {
        self.old = DiffSide(old, decision: oldDecision)
        self.new = DiffSide(new, decision: newDecision)
        self.old.keepCites = compareCitations
        self.new.keepCites = compareCitations
        self.old.renamed = DiffSide.renamedMembers(derivedBy: oldDecision, old: old, new: new)
        var names = self.old.inputs
        for name in self.new.inputs where !names.contains(name) { names.append(name) }
        for name in changedConstraintFacts.sorted() where !names.contains(name) { names.append(name) }
        let known = self.old.knownInputs.union(self.new.knownInputs).union(changedConstraintFacts)
        let axes = names.map { name in
            var axis = FactAxis(name: name, old: old, new: new)
            axis.recordedMatters = known.contains(name)
            return axis
        }.filter { $0.cells.count < CellSet.capacity }
        self.axes = axes
        mustAssign = Set(axes.indices.filter { known.contains(axes[$0].name) })
        let oldTests = DiffClasses.tests(old, self.old.closure), newTests = DiffClasses.tests(new, self.new.closure)
        classes = axes.map { DiffClasses.classes($0, oldTests: oldTests, newTests: newTests, old: old, new: new) }
        self.budget = budget
    }

    /// Explores the whole space, or only `within` these boxes (by fact name; a fact a box does
    /// not name is open): where a decision's own rules are unchanged, its answers can differ only
    /// where a derivation it reads answers differently.
    mutating func run(within: [[String: CellSet]]? = nil) {
        guard let within else { return explore(axes.map(\.openSet)) }
        for region in within {
            explore(axes.map { axis in
                // Being recorded matters here only if it matters to this decision too.
                let set = CellSet(bits: (region[axis.name] ?? axis.openSet).bits & axis.openSet.bits)
                return set.bits & ~FactAxis.notRecorded == 0 && !axis.recordedMatters ? axis.openSet : set
            })
        }
    }

    /// Whether an axis's set spans more than one class (or a class and "not recorded"):
    /// the box can still be split along it.
    func splittable(_ index: Int, _ set: CellSet) -> Bool {
        let cells = set.bits & ~FactAxis.notRecorded
        let recorded = set.bits & FactAxis.notRecorded != 0 ? 1 : 0
        return classes[index].filter { $0.bits & cells != 0 }.count + recorded > 1
    }

    mutating func explore(_ box: [CellSet]) {
        budget -= 1
        guard budget >= 0 else {
            incomplete = true
            return
        }
        let a = old.answer(axes, classes, box, old: true), b = new.answer(axes, classes, box, old: false)
        if a.kind == .inconsistent, b.kind == .inconsistent { return }
        guard let axis = split(box, a, b) else {
            leaves.append(DiffLeaf(box: box, old: a, new: b))
            return
        }
        let cells = box[axis].bits & ~FactAxis.notRecorded
        var parts = classes[axis].map { CellSet(bits: $0.bits & cells) }.filter { !$0.isEmpty }
        if box[axis].bits & FactAxis.notRecorded != 0 { parts.append(CellSet(bits: FactAxis.notRecorded)) }
        // Each part is smaller than the box's set, so the recursion ends.
        for part in parts where part != box[axis] {
            var deeper = box
            deeper[axis] = part
            explore(deeper)
        }
    }

    /// The axis to split next, or nil when the box is a leaf.
    func split(_ box: [CellSet], _ a: DiffAnswer, _ b: DiffAnswer) -> Int? {
        let open = axes.indices.filter { splittable($0, box[$0]) }
        let needed = Set(old.lastNeeds + new.lastNeeds)
        if let axis = open.first(where: { needed.contains(axes[$0].name) }) { return axis }
        if a.kind == .undetermined || b.kind == .undetermined {
            // Open, but over nothing it names: settle it on the decision's own inputs first.
            if let axis = open.first(where: { old.inputs.contains(axes[$0].name) || new.inputs.contains(axes[$0].name) }) { return axis }
        }
        return open.first { mustAssign.contains($0) }
    }
}

/// The classes of an axis's cells: two cells are one class when every one-fact test of either
/// version — in the decisions compared, their derivations, and every constraint — answers alike.
enum DiffClasses {
    /// One-fact tests by fact name, from the decisions' conditions and all constraints.
    static func tests(_ graph: DecisionGraph, _ decisions: [Int]) -> [String: [Condition]] {
        var found: [String: [Condition]] = [:]
        func collect(_ condition: Condition) {
            switch condition {
            case .isTrue(let fact), .compare(let fact, _, _), .member(let fact, _): found[graph.facts[fact].name, default: []].append(condition)
            case .not(let inner): collect(inner)
            case .and(let terms), .or(let terms): terms.forEach(collect)
            case .constant, .known: break
            }
        }
        for constraint in graph.constraints { collect(constraint.condition) }
        for d in decisions {
            for node in [graph.decisions[d].guardNode] + graph.decisions[d].branches.map(\.node) { collectNode(node, graph, &found) }
        }
        return found
    }

    static func collectNode(_ node: Int32, _ graph: DecisionGraph, _ found: inout [String: [Condition]]) {
        guard node >= 0 else { return }
        switch graph.nodes[Int(node)] {
        case .isTrue(let slot): found[graph.facts[Int(slot)].name, default: []].append(.isTrue(fact: Int(slot)))
        case .compare(let slot, let op, let value): found[graph.facts[Int(slot)].name, default: []].append(.compare(fact: Int(slot), op, value))
        case .member(let slot, let mask): found[graph.facts[Int(slot)].name, default: []].append(.member(fact: Int(slot), mask: mask))
        case .not(let inner): collectNode(inner, graph, &found)
        case .and(let start, let count), .or(let start, let count):
            for operand in graph.operands[Int(start)..<Int(start + count)] { collectNode(operand, graph, &found) }
        case .constant, .known: break
        }
    }

    static func classes(_ axis: FactAxis, oldTests: [String: [Condition]], newTests: [String: [Condition]],
                        old: DecisionGraph, new: DecisionGraph) -> [CellSet] {
        var bySignature: [[Bool]: CellSet] = [:], order: [[Bool]] = []
        for cell in axis.cells.indices {
            var signature: [Bool] = []
            for test in newTests[axis.name] ?? [] { signature.append(test.holds { _ in axis.newValue(cell) }) }
            let oldValue = axis.oldValue(cell)
            signature.append(oldValue == nil)
            for test in oldTests[axis.name] ?? [] { signature.append(oldValue.map { value in test.holds { _ in value } } ?? false) }
            if bySignature[signature] == nil { order.append(signature) }
            bySignature[signature, default: CellSet(bits: 0)].bits |= CellSet.single(cell).bits
        }
        return order.map { bySignature[$0]! }
    }
}
