import Foundation
import IndicatorEngine

/// Where a console is, as text an operator can pass on: `83/agri/agri.salinity.max`, with
/// `@2026-11-28T17:00:00+07:00` when the picture is of the past (or paused). `y` copies it;
/// `ioc --open` opens it.
public enum Locator {
    public struct Problem: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    public static func of(_ state: ConsoleState) -> String {
        let place = place(of: state)
        guard let time = state.moment.time else { return place }
        let f = ISO8601DateFormatter()
        f.timeZone = state.timeZone
        return place + "@" + f.string(from: Date(timeIntervalSince1970: TimeInterval(time)))
    }

    /// Where the console is, without when: `83/agri/agri.salinity.max` (a home screen).
    public static func place(of state: ConsoleState) -> String {
        let catalog = state.catalog
        var parts = [catalog.regions[state.region].code]
        for page in state.stack {
            switch page.screen {
            case let .field(f, _): parts = [catalog.regions[state.region].code, catalog.fields[f].code]
            case let .indicator(i, r):
                parts = [catalog.regions[r].code, catalog.indicators[i].field, catalog.indicators[i].code]
            case .overview, .alerts, .audit, .reports, .feeds, .help, .wall: continue
            }
        }
        return parts.joined(separator: "/")
    }

    /// The pages a locator opens (the overview of its region, then its field, then its
    /// indicator) and the moment it names, for a console of `scope`.
    public static func parse(_ text: String, catalog: Catalog, scope: RegionScope, now: Int64, timeZone: TimeZone) throws(Problem) -> (pages: [Page], at: Int64?) {
        let halves = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let path = halves[0].split(separator: "/").map(String.init)
        let how = "write REGION[/FIELD[/INDICATOR]][@TIME], e.g. 83/agri/agri.salinity.max@2026-11-28T17:00:00+07:00"
        guard (1...3).contains(path.count), let r = catalog.regionIndex[path[0]] else {
            throw Problem(description: "cannot open '\(text)': " + (path.first.map { "no region '\($0)'; " } ?? "") + how)
        }
        guard scope.reaches(r, in: catalog) else { throw Problem(description: "cannot open '\(text)': \(catalog.regions[r].name) is outside your scope") }
        var pages = [Page(.overview(region: r))]
        if path.count >= 2 {
            guard let f = catalog.fieldIndex[path[1]] else { throw Problem(description: "cannot open '\(text)': no field '\(path[1])'; \(how)") }
            pages.append(Page(.field(f, region: r)))
            if path.count == 3 {
                guard let i = catalog.indicatorIndex[path[2]], catalog.indicators[i].field == path[1], catalog.isReported(i, at: r) else {
                    throw Problem(description: "cannot open '\(text)': no indicator '\(path[2])' of \(path[1]) in \(catalog.regions[r].name); \(how)")
                }
                var page = Page(.indicator(i, region: r))
                let seconds = catalog.indicators[i].frequency.seconds
                page.range = seconds <= 3_600 ? .week : seconds <= 86_400 ? .month : .year
                pages.append(page)
            }
        }
        guard halves.count == 2 else { return (pages, nil) }
        do {
            let at = try Moment.parse(halves[1], now: now, timeZone: timeZone)
            return (pages, at < now ? at : nil)
        } catch {
            throw Problem(description: "cannot open '\(text)': \(error.description)")
        }
    }
}
