import Foundation
import IndicatorEngine
import Yams

// regions.yaml: the province, its districts and communes.

func readRegions(_ doc: Document, _ diagnostics: Diagnostics) -> [Located<Region>] {
    let levels = RegionLevel.allCases.map { ($0.rawValue, $0) }
    return topList(doc, key: "regions", diagnostics).enumerated().compactMap { i, node in
        let path = "regions[\(i)]"
        guard let map = MappingReader(node, file: doc.file, path: path, allowed: Schema.region,
                                      diagnostics: diagnostics) else { return nil }
        let code = map.string("code", required: true)
        let name = map.string("name", required: true)
        let level = map.choice("level", levels, required: true)
        let parent = map.string("parent")
        guard let code, let name, let level else { return nil }
        return Located(value: Region(code: code, name: name.precomposedStringWithCanonicalMapping, level: level, parent: parent),
                       file: doc.file, node: node, path: path)
    }
}
