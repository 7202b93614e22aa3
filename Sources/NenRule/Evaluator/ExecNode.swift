/// The evaluator's form of a graph node: one plain record with a one-byte kind, so that a
/// test reads one array element and dispatches on a byte, where the graph's `Node` enum with
/// payloads needs a jump table. Every comparison becomes an interval test — `x < 20` is
/// `x in Int64.min ... 19`, `x != 3` is "outside 3 ... 3" — answered by one unsigned compare.
/// Leaves (tests of one slot, constants) are cheap enough to recompute, so only `and`, `or`
/// and `not` are memoised per case.
struct ExecNode {
    enum Kind: UInt8 {
        // Leaves first: `isLeaf` is one compare.
        case inRange, outsideRange, member, known, constant
        case and, or, not
    }

    var kind: Kind
    /// `constant`: its value.
    var flag = false
    /// Leaves: the slot; `and` / `or`: the operands' start; `not`: the inner node.
    var slot: Int32 = 0
    /// Ranges: the bounds; `member`: the mask (bit pattern) in `low`; `and` / `or`: the operand
    /// count in `high`.
    var low: Int64 = 0
    var high: Int64 = 0

    @inline(__always)
    var isLeaf: Bool { kind.rawValue <= Kind.constant.rawValue }

    init(kind: Kind, flag: Bool = false, slot: Int32 = 0, low: Int64 = 0, high: Int64 = 0) {
        self.kind = kind
        self.flag = flag
        self.slot = slot
        self.low = low
        self.high = high
    }

    init(_ node: DecisionGraph.Node) {
        switch node {
        case .constant(let value): self.init(kind: .constant, flag: value)
        case .isTrue(let slot): self.init(kind: .outsideRange, slot: slot, low: 0, high: 0)
        case .known(let slot): self.init(kind: .known, slot: slot)
        case .member(let slot, let mask): self.init(kind: .member, slot: slot, low: Int64(bitPattern: mask))
        case .not(let inner): self.init(kind: .not, slot: inner)
        case .and(let start, let count): self.init(kind: .and, slot: start, high: Int64(count))
        case .or(let start, let count): self.init(kind: .or, slot: start, high: Int64(count))
        case .compare(let slot, let op, let bound): self = ExecNode.comparison(slot, op, bound)
        }
    }

    static func comparison(_ slot: Int32, _ op: RelOp, _ bound: Int64) -> ExecNode {
        switch op {
        case .eq: return ExecNode(kind: .inRange, slot: slot, low: bound, high: bound)
        case .ne: return ExecNode(kind: .outsideRange, slot: slot, low: bound, high: bound)
        case .le: return ExecNode(kind: .inRange, slot: slot, low: .min, high: bound)
        case .ge: return ExecNode(kind: .inRange, slot: slot, low: bound, high: .max)
        case .lt:
            // Nothing is below the smallest value: an empty test, `outside min ... max`.
            guard bound > .min else { return ExecNode(kind: .outsideRange, slot: slot, low: .min, high: .max) }
            return ExecNode(kind: .inRange, slot: slot, low: .min, high: bound - 1)
        case .gt:
            guard bound < .max else { return ExecNode(kind: .outsideRange, slot: slot, low: .min, high: .max) }
            return ExecNode(kind: .inRange, slot: slot, low: bound + 1, high: .max)
        }
    }

    /// Whether a known value passes this leaf's test (ranges and members).
    @inline(__always)
    func holds(for value: Int64) -> Bool {
        if kind == .member {
            return UInt64(bitPattern: value) < 64 && (UInt64(bitPattern: low) >> UInt64(bitPattern: value)) & 1 != 0
        }
        let inside = UInt64(bitPattern: value &- low) <= UInt64(bitPattern: high &- low)
        return inside != (kind == .outsideRange)
    }
}
