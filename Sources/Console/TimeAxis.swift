import Foundation

/// A chart's time axis.
public enum TimeAxis {
    /// Labels along a chart's time axis on the center's clock: hours for 24h, days for 7d and
    /// 30d, months for 1y, at local boundaries, as many as fit without touching.
    public static func ticks(from start: Int64, to end: Int64, width: Int, range: HistoryRange, timeZone: TimeZone) -> [(offset: Int, label: String)] {
        guard end > start, width > 8 else { return [] }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let (unit, steps, format): (Calendar.Component, [Int], String) = switch range {
        case .day: (.hour, [1, 2, 3, 4, 6, 12], "HH:mm")
        case .week, .month: (.day, [1, 2, 5, 7, 10, 15], "dd/MM")
        case .year: (.month, [1, 2, 3, 6], "MM/yy")
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = format
        let labelWidth = format.count + 2
        let span = Double(end - start)
        for step in steps {
            // The first boundary of this unit after the start, then every `step` of them.
            guard var t = calendar.nextDate(after: Date(timeIntervalSince1970: TimeInterval(start)), matching: unit == .hour ? DateComponents(minute: 0)
                : unit == .day ? DateComponents(hour: 0) : DateComponents(day: 1, hour: 0), matchingPolicy: .nextTime) else { return [] }
            var ticks: [(offset: Int, label: String)] = []
            while t.timeIntervalSince1970 < Double(end) {
                let offset = Int((t.timeIntervalSince1970 - Double(start)) / span * Double(width - 1))
                let value = calendar.component(unit, from: t)
                if (unit == .month ? value - 1 : unit == .day ? value - 1 : value) % step == 0, offset + labelWidth <= width {
                    ticks.append((offset, formatter.string(from: t)))
                }
                guard let next = calendar.date(byAdding: unit, value: 1, to: t) else { break }
                t = next
            }
            let apart = zip(ticks, ticks.dropFirst()).allSatisfy { $1.offset - $0.offset >= labelWidth }
            if apart { return ticks }
        }
        return []
    }
}
