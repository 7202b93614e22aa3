/// `nenrule diff --cases FILE`: a real cohort through both versions, one case at a time —
/// memory stays flat whatever the cohort's size. A case is read by each version's own decoder
/// (facts matched by name), refused where that version's constraints refuse it, and compared
/// decision by decision.
public struct CohortDiff {
    public enum Format: Sendable { case jsonl, csv }

    /// One decision of one case whose answer changed.
    public struct Change: Sendable {
        /// The case id as JSON text, or nil (the line number names the case then).
        public var caseID: String?
        public var line: Int
        public var decision: String
        public var old: DiffAnswer
        public var new: DiffAnswer
    }

    public private(set) var cases = 0
    public private(set) var errors = 0
    public private(set) var changedCases = 0
    /// Changed cases per decision (new id), in first-seen order.
    public private(set) var byDecision: [(decision: String, cases: Int)] = []

    let format: Format
    /// Off when two different decisions are compared: their sections differ by design.
    let compareCitations: Bool
    let pairs: [(old: Int, new: Int, name: String)]
    var oldDecoder: CaseDecoder, newDecoder: CaseDecoder
    var oldEvaluator: Evaluator, newEvaluator: Evaluator
    var headers: (old: CSVHeader, new: CSVHeader)?
    /// Per old decision deriving a fact whose members were renamed: old name → new.
    let renames: [Int: [String: String]]

    /// Compares the decisions in `pairs` (old id, new id), or every decision in both.
    public init(old: DecisionGraph, new: DecisionGraph, pairs: [(String, String)] = [], format: Format, compareCitations: Bool = true) {
        self.format = format
        self.compareCitations = compareCitations
        let chosen = pairs.isEmpty ? new.decisions.map(\.id).filter { id in old.decisions.contains { $0.id == id } }.map { ($0, $0) } : pairs
        // A decision that answers alike by its words alone is never evaluated.
        let constraintsChanged = !SemanticDiff.constraintChanges(old: old, new: new).changes.isEmpty
        self.pairs = chosen.compactMap { o, n in
            guard let oi = old.decisions.firstIndex(where: { $0.id == o }), let ni = new.decisions.firstIndex(where: { $0.id == n }),
                  !SemanticDiff.structurallySame(oi, ni, old: old, new: new, constraintsChanged: constraintsChanged) else { return nil }
            return (oi, ni, n)
        }
        var renames: [Int: [String: String]] = [:]
        for pair in self.pairs {
            let renamed = DiffSide.renamedMembers(derivedBy: pair.old, old: old, new: new)
            if !renamed.isEmpty { renames[pair.old] = renamed }
        }
        self.renames = renames
        oldDecoder = CaseDecoder(graph: old)
        newDecoder = CaseDecoder(graph: new)
        oldEvaluator = Evaluator(graph: old)
        newEvaluator = Evaluator(graph: new)
    }

    /// Reads one input line (numbered from 1) and returns what changed for that case; a line
    /// that neither version can read is an error for that line alone.
    public mutating func add(_ line: ArraySlice<UInt8>, number: Int) -> Result<[Change], Diagnostic> {
        if format == .csv, headers == nil {
            switch (CSVHeader.parse(line, table: oldDecoder.table), CSVHeader.parse(line, table: newDecoder.table)) {
            case (.success(let old), .success(let new)): headers = (old, new); return .success([])
            case (.failure(let problem), _), (_, .failure(let problem)): return .failure(problem)
            }
        }
        guard let (caseID, problem) = load(line) else { return .success([]) }
        cases += 1
        if let problem {
            errors += 1
            return .failure(problem)
        }
        let oldRefused = !oldEvaluator.validate().isEmpty, newRefused = !newEvaluator.validate().isEmpty
        var changes: [Change] = []
        for pair in pairs {
            var old = oldRefused ? DiffAnswer.inconsistent : DiffAnswer(oldEvaluator.decide(pair.old))
            var new = newRefused ? DiffAnswer.inconsistent : DiffAnswer(newEvaluator.decide(pair.new))
            if !compareCitations { (old, new) = (old.withoutCites, new.withoutCites) }
            if let renamed = renames[pair.old] { old.outcomes = old.outcomes.map { renamed[$0] ?? $0 }.sorted() }
            guard old != new else { continue }
            changes.append(Change(caseID: caseID, line: number, decision: pair.name, old: old, new: new))
            if let index = byDecision.firstIndex(where: { $0.decision == pair.name }) { byDecision[index].cases += 1 } else { byDecision.append((pair.name, 1)) }
        }
        if !changes.isEmpty { changedCases += 1 }
        return .success(changes)
    }

    /// Loads the line into both evaluators; nil for a blank line.
    mutating func load(_ line: ArraySlice<UInt8>) -> (caseID: String?, problem: Diagnostic?)? {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return nil }
        if format == .csv, let headers {
            let old = CSVRows.load(line, headers.old, oldDecoder.table, &oldEvaluator)
            let new = CSVRows.load(line, headers.new, newDecoder.table, &newEvaluator)
            return (old.caseID ?? new.caseID, old.problem ?? new.problem)
        }
        oldEvaluator.reset()
        newEvaluator.reset()
        let id: (CaseDecoder.CaseID?) -> String? = { caseID in
            switch caseID {
            case .bytes(let range)?: String(decoding: line[range], as: UTF8.self)
            case .text(let text)?: text
            case nil: nil
            }
        }
        switch (oldDecoder.decode(line, into: &oldEvaluator), newDecoder.decode(line, into: &newEvaluator)) {
        case (.failed(let problem, let caseID), _), (_, .failed(let problem, let caseID)): return (id(caseID), problem)
        case (.loaded(let caseID), .loaded): return (id(caseID), nil)
        }
    }
}
