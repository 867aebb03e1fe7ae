import Foundation
import IndicatorEngine

/// An indicator in a region the operator pinned to the overview's "Theo dõi" panel (`f`).
public struct Favourite: Sendable, Hashable, Codable {
    /// Codes, not catalog indices: they outlive a catalog that changes.
    public var indicator: String
    public var region: String

    public init(indicator: String, region: String) {
        self.indicator = indicator
        self.region = region
    }
}

/// What one operator chose, kept per Unix user (`~/.config/ioc/preferences.json`) so it
/// survives restarts: favourites, the screen the console opens on, the theme.
public struct Preferences: Sendable, Equatable, Codable {
    public var favourites: [Favourite] = []
    /// A locator without a time (`83/agri`), set with `H`; nil: the overview of the scope's home.
    public var home: String?
    /// A theme's name (`dark`, `light`, `cvd`), set with `T`.
    public var theme: String?
    /// The language this operator reads (`vi`, `en`), set with `L`; nil: the center's.
    public var language: String?

    public init(favourites: [Favourite] = [], home: String? = nil, theme: String? = nil, language: String? = nil) {
        self.favourites = favourites
        self.home = home
        self.theme = theme
        self.language = language
    }

    /// Missing keys are defaults, so a file from an older console (or written by hand with one
    /// key) still reads.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        favourites = try c.decodeIfPresent([Favourite].self, forKey: .favourites) ?? []
        home = try c.decodeIfPresent(String.self, forKey: .home)
        theme = try c.decodeIfPresent(String.self, forKey: .theme)
        language = try c.decodeIfPresent(String.self, forKey: .language)
    }
}

extension ConsoleState {
    /// The favourites this console can show: in the catalog, reported where pinned, inside the
    /// scope, in the order pinned. Others stay in the file (another center may show them).
    public var favouriteSeries: [(favourite: Favourite, indicator: IndicatorID, region: RegionID)] {
        preferences.favourites.compactMap { f in
            guard let i = catalog.indicatorIndex[f.indicator], let r = catalog.regionIndex[f.region],
                  catalog.isReported(i, at: r), scope.reaches(r, in: catalog) else { return nil }
            return (f, i, r)
        }
    }

    /// The indicator and region `f` pins on this page: the selected row of a field table or of
    /// an indicator's ranked regions, else the indicator page's own; on the overview, the
    /// selected favourite (to unpin it).
    var favouriteUnderSelection: Favourite? { currentUnit.favouriteUnderSelection }

    /// Pins or unpins what is selected, and says which.
    mutating func toggleFavourite() -> Bool {
        guard let f = favouriteUnderSelection, let i = catalog.indicatorIndex[f.indicator], let r = catalog.regionIndex[f.region] else {
            notice = tr("select an indicator to pin it to Theo dõi (on a field table, an indicator page, or Theo dõi itself to unpin)")
            return false
        }
        let name = "\(catalog.indicators[i].name) · \(catalog.regions[r].name)"
        if let at = preferences.favourites.firstIndex(of: f) {
            preferences.favourites.remove(at: at)
            notice = tr("unpinned {name} from Theo dõi", ["name": name])
            if page.pane == OverviewScreen.watchPane { page.selection = max(0, min(page.selection, favouriteSeries.count - 1)) }
            if favouriteSeries.isEmpty, page.pane == OverviewScreen.watchPane { page.pane = 0; page.selection = 0 }
        } else {
            preferences.favourites.append(f)
            notice = tr("pinned {name} to Theo dõi on the overview", ["name": name])
        }
        return true
    }
}
