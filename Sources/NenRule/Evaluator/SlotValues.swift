/// A case's slot values, stamped with the case (epoch) that wrote them: a slot whose stamp is
/// not the current case reads as unknown. Starting a new case is then one counter increment,
/// whatever the number of facts, and `evaluator.values[slot] = v` still reads naturally.
public struct SlotValues {
    let storage: UnsafeMutableBufferPointer<Int64>
    let stamps: UnsafeMutableBufferPointer<UInt32>
    /// The evaluator's current case number.
    let epoch: UnsafeMutablePointer<UInt32>

    public var count: Int { storage.count }

    /// The slot's value in this case, or `Evaluator.unknown`.
    public subscript(slot: Int) -> Int64 {
        @inline(__always) get { stamps[slot] == epoch.pointee ? storage[slot] : Evaluator.unknown }
        @inline(__always) nonmutating set {
            storage[slot] = newValue
            stamps[slot] = newValue == Evaluator.unknown ? 0 : epoch.pointee
        }
    }

    func deallocate() {
        storage.deallocate()
        stamps.deallocate()
    }
}
