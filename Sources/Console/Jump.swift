import Canvas
import IndicatorEngine

/// Where `:` can jump: a field, a region or an indicator, found by name or code with case and
/// Vietnamese diacritics ignored ("mo cay bac" finds "Mỏ Cày Bắc").
public enum JumpTarget: Sendable, Equatable {
    case field(Int)
    case region(RegionID)
    case indicator(IndicatorID)
}

public struct JumpCandidate: Sendable, Equatable {
    public var target: JumpTarget
    /// What the prompt shows: its kind, name and parent (`huyện Châu Thành (Bến Tre)`).
    public var label: String
    /// What Tab completes to: the name alone.
    public var name: String
}

extension ConsoleState {
    /// Candidates for what was typed, best first: exact codes, then names starting with it,
    /// then names containing every word of it; fields and regions before indicators.
    public func jumpCandidates(_ typed: String, limit: Int = 8) -> [JumpCandidate] {
        let query = Folding.searchKey(typed).trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else { return [] }
        let words = query.split(separator: " ").map(String.init)
        var scored: [(Int, JumpCandidate)] = []
        func consider(_ target: JumpTarget, _ label: String, names: [String], code: String, kindRank: Int) {
            let name = names[0]
            let keys = names.map(Folding.searchKey)
            var score: Int?
            if code.lowercased() == query { score = 0 }
            else if keys.contains(query) { score = 1 }
            else if keys.contains(where: { $0.hasPrefix(query) }) { score = 2 }
            else if keys.contains(where: { key in words.allSatisfy { key.contains($0) } }) || words.allSatisfy({ code.lowercased().contains($0) }) { score = 3 }
            guard let score else { return }
            scored.append((score * 10 + kindRank, JumpCandidate(target: target, label: label, name: name)))
        }
        for f in fields(at: scope.home) {
            let field = catalog.fields[f]
            consider(.field(f), tr("field {name}", ["name": field.name]), names: [field.name, field.nameEn], code: field.code, kindRank: 0)
        }
        for (r, region) in catalog.regions.enumerated() {
            let parent = catalog.parentOf[r].map { " (\(catalog.regions[$0].name))" } ?? ""
            let bare = region.name.replacingOccurrences(of: "Xã ", with: "").replacingOccurrences(of: "Phường ", with: "")
                .replacingOccurrences(of: "Thị trấn ", with: "")
            consider(.region(r), tr("{level} {name}{parent}", ["level": word(region.level, count: 1), "name": region.name, "parent": parent]), names: [region.name, bare], code: region.code,
                     kindRank: region.level == .district ? 1 : 2)
        }
        for (i, indicator) in catalog.indicators.enumerated() {
            consider(.indicator(i), tr("indicator {name}", ["name": indicator.name]), names: [indicator.name, indicator.nameEn], code: indicator.code, kindRank: 3)
        }
        return scored.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1.label.count < $1.1.label.count) }.prefix(limit).map(\.1)
    }
}
