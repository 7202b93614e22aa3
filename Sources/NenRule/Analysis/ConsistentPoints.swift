/// Witnesses that are possible patients. A leaf box of the exploration is a region of the
/// decision's inputs; the rule set's constraints may admit only part of it, or none. The box is
/// handed to the constraint network as sets of (rule-set-wide) cells, and a satisfying case
/// found there becomes the leaf's witness; a box with none is excluded, naming a constraint.
extension Explorer {
    enum BoxCase {
        case point([Int: Int64])
        case excludedBy(Int)
    }

    func consistentPoint(_ box: DecisionSpace.Box) -> BoxCase {
        var point = space.point(box)
        guard !network.isEmpty else { return .point(point) }
        let cells = network.cells
        var domains = model.facts.indices.map { cells.full($0) }
        for (position, local) in space.facts.enumerated() where cells.isExplorable(local.fact) {
            let range = local.cells[box.ranges[position]]
            let inside = cells.full(local.fact).members.filter { cell in
                range.contains { $0.contains(cells.representative(local.fact, cell)) }
            }
            domains[local.fact] = CellSet(bits: inside.reduce(0) { $0 | CellSet.single($1).bits })
        }
        switch memo.solve(domains, network) {
        case .found(let solution):
            for local in space.facts {
                if let cell = solution[local.fact].only, !network.byFact[local.fact].isEmpty {
                    point[local.fact] = cells.representative(local.fact, cell)
                }
            }
            return .point(point)
        case .undecided:
            // Past the search budget the box is kept: lint may only report less, never wrongly.
            return .point(point)
        case .none:
            return .excludedBy(network.propagate(domains).conflict ?? firstConstraint(on: box))
        }
    }

    /// A constraint over the box's facts, for a box that search (not propagation) excluded.
    func firstConstraint(on box: DecisionSpace.Box) -> Int {
        space.facts.lazy.compactMap { self.network.byFact[$0.fact].first }.first ?? 0
    }
}
