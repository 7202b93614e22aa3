/// A case's slot values. Reading one is one load: a slot holds its value or `Evaluator.unknown`.
/// Each slot written in a case is listed once, so starting a new case resets just those —
/// a few dozen stores for a registry case, whatever the number of facts — and
/// `evaluator.values[slot] = v` still reads naturally.
public struct SlotValues {
    @usableFromInline let storage: UnsafeMutableBufferPointer<Int64>
    /// Per slot: whether it is in `written`.
    @usableFromInline let listed: UnsafeMutableBufferPointer<Bool>
    /// The slots written this case; at most one entry per slot.
    @usableFromInline let written: UnsafeMutableBufferPointer<Int32>
    @usableFromInline let writtenCount: UnsafeMutablePointer<Int>

    init(count: Int) {
        storage = .filled(count, with: Evaluator.unknown)
        listed = .filled(count, with: false)
        written = .filled(count, with: 0)
        writtenCount = .allocate(capacity: 1)
        writtenCount.initialize(to: 0)
    }

    public var count: Int { storage.count }

    /// The slot's value in this case, or `Evaluator.unknown`. Inlinable: callers writing a
    /// case slot by slot should not pay a call per slot.
    @inlinable
    public subscript(slot: Int) -> Int64 {
        @inline(__always) get { storage[slot] }
        @inline(__always) nonmutating set {
            if !listed[slot] {
                listed[slot] = true
                written[writtenCount.pointee] = Int32(slot)
                writtenCount.pointee += 1
            }
            storage[slot] = newValue
        }
    }

    /// Every slot back to unknown.
    func clear() {
        for k in 0..<writtenCount.pointee {
            let slot = Int(written[k])
            storage[slot] = Evaluator.unknown
            listed[slot] = false
        }
        writtenCount.pointee = 0
    }

    func deallocate() {
        storage.deallocate()
        listed.deallocate()
        written.deallocate()
        writtenCount.deallocate()
    }
}
