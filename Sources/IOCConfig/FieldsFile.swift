import Foundation
import IndicatorEngine
import Yams

// fields.yaml: the fields and their keys.

func readFields(_ doc: Document, _ diagnostics: Diagnostics) -> [Located<Field>] {
    topList(doc, key: "fields", diagnostics).enumerated().compactMap { i, node in
        let path = "fields[\(i)]"
        guard let map = MappingReader(node, file: doc.file, path: path, allowed: Schema.field,
                                      diagnostics: diagnostics) else { return nil }
        let code = map.string("code", required: true)
        let name = map.string("name", required: true)
        let nameEn = map.string("name_en") ?? ""
        let key = map.string("key", required: true)
        if let key, !Field.keys.contains(key) {
            map.error("key", "expected a single digit 1-9 or 0 (or - and = for an 11th and 12th field), found '\(key)'")
        }
        let headline = map.strings("headline") ?? []
        let region = map.string("region")
        guard let code, let name, let key else { return nil }
        return Located(value: Field(code: code, name: name.precomposedStringWithCanonicalMapping, nameEn: nameEn, key: key, headline: headline,
                                    region: region),
                       file: doc.file, node: node, path: path)
    }
}
