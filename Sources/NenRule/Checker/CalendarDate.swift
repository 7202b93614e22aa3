/// Calendar dates as whole days since 1970-01-01 (proleptic Gregorian), and the exact durations
/// between two of them: counted in days for a fact in days or weeks, in calendar months for one
/// in months or years (the language's unit groups, which do not convert into each other: a
/// month is not a whole number of days), and kept to the completed units of the fact's own
/// unit — an age in years is the completed years, as clinicians count it.
public enum CalendarDate {
    /// Days since 1970-01-01 of `YYYY-MM-DD`; nil for anything else or an impossible day.
    public static func days(_ text: String) -> Int64? {
        let parts = text.trimmingSpaces().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let year = Int64(parts[0]), let month = Int64(parts[1]), let day = Int64(parts[2]),
              (1...12).contains(month), day >= 1, day <= daysIn(month, year) else { return nil }
        return fromCivil(year, month, day)
    }

    /// `YYYY-MM-DD` of a day count.
    public static func iso(_ days: Int64) -> String {
        let (year, month, day) = toCivil(days)
        func pad(_ value: Int64, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(value).count)) + String(value) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Whole calendar months from `from` to `to` that have been completed (negative when `to`
    /// is earlier): from 2020-01-31 to 2020-02-29 is 0 months, to 2020-03-01 is 1.
    public static func completedMonths(from: Int64, to: Int64) -> Int64 {
        guard to >= from else { return -completedMonths(from: to, to: from) }
        let (y1, m1, d1) = toCivil(from), (y2, m2, d2) = toCivil(to)
        var months = (y2 - y1) * 12 + (m2 - m1)
        if d2 < d1 { months -= 1 }
        return months
    }

    static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(_ month: Int64, _ year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's days-from-civil.
    static func fromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func toCivil(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp + (mp < 10 ? 3 : -9)
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Evaluator {
    /// Durations between two recorded dates (`between`), computed where the case gives both
    /// dates and not the duration, before the constraints look at the case; a duration outside
    /// its fact's range (a diagnosis before birth) is the case's error.
    func computeDurations() -> [Diagnostic] {
        var found: [Diagnostic] = []
        for span in graph.dateSpans {
            let fact = graph.facts[span.slot]
            guard values.storage[span.slot] == Evaluator.unknown, values.storage[span.from] != Evaluator.unknown,
                  values.storage[span.to] != Evaluator.unknown, case .quantity(_, let unit) = fact.type else { continue }
            let from = values.storage[span.from] / Exact.scale, to = values.storage[span.to] / Exact.scale
            // Completed whole units of the fact's own: an age in years is the completed years.
            let elapsed = unit?.group == "months" ? CalendarDate.completedMonths(from: from, to: to) : to - from
            let step = unit?.factor ?? 1
            let base = elapsed >= 0 ? elapsed / step * step : -((-elapsed + step - 1) / step * step)
            switch fact.checkRange(base * Exact.scale) {
            case .success(let value): values[span.slot] = value
            case .failure(let problem):
                found.append(Diagnostic(.error, "between-range", "`\(fact.name)` from `\(graph.facts[span.from].name)` to `\(graph.facts[span.to].name)` would be \(fact.display(base * Exact.scale)): \(problem.message)",
                                        subject: "fact `\(fact.name)`"))
            }
        }
        return found
    }
}
