import Canvas
import Testing

@Suite struct BufferAndWidgetTests {
    @Test func blockDrawsBorderTitleAndReturnsInnerArea() {
        var buffer = Buffer(size: Size(width: 24, height: 4))
        let inner = Block(title: "1 Hành chính công").render(in: buffer.area, into: &buffer, glyphs: .unicode)
        buffer.put("✓ Tỷ lệ trực tuyến", x: inner.x, y: inner.y)
        #expect(inner == Rect(x: 1, y: 1, width: 22, height: 2))
        #expect(buffer.lines() == [
            "╭ 1 Hành chính công ───╮",
            "│✓ Tỷ lệ trực tuyến    │",
            "│                      │",
            "╰──────────────────────╯",
        ])
    }

    @Test func asciiBufferFoldsDiacriticsAndBoxes() {
        var buffer = Buffer(size: Size(width: 20, height: 3), asciiOnly: true)
        Block(title: "Mỏ Cày Bắc").render(in: buffer.area, into: &buffer, glyphs: .ascii)
        buffer.put("Độ mặn 3‰", x: 1, y: 1)
        #expect(buffer.lines() == [
            "+ Mo Cay Bac ------+",
            "|Do man 3o/oo      |",
            "+------------------+",
        ])
    }

    @Test func longTitleIsCutWithAnEllipsis() {
        var buffer = Buffer(size: Size(width: 14, height: 2))
        Block(title: "Nông nghiệp - Xâm nhập mặn").render(in: buffer.area, into: &buffer, glyphs: .unicode)
        #expect(buffer.lines()[0] == "╭ Nông nghi… ╮")
    }

    @Test func wideCharactersTakeTwoColumnsAndAreNotSplitAtTheEdge() {
        var buffer = Buffer(size: Size(width: 5, height: 1))
        let used = buffer.put("日本語", x: 0, y: 0)
        #expect(used == 4)
        #expect(buffer.lines() == ["日本"])
        #expect(buffer[1, 0].isContinuation)
        #expect(buffer[4, 0].symbol == " ")
    }

    @Test func textIsClippedToItsRect() {
        var buffer = Buffer(size: Size(width: 10, height: 1))
        buffer.put("abcdefgh", x: 2, y: 0, clip: Rect(x: 2, y: 0, width: 3, height: 1))
        #expect(buffer.lines() == ["  abc"])
    }

    @Test func sparklineScalesBetweenMinimumAndMaximum() {
        let line = Sparkline(values: [0, 1, 2, 3, 4, 5, 6, 7]).text(width: 8, glyphs: .unicode)
        #expect(line == "▁▂▃▄▅▆▇█")
        #expect(Sparkline(values: [1, 2, 3, 4]).text(width: 2, glyphs: .unicode) == "▁█")
        #expect(Sparkline(values: [.nan]).text(width: 4, glyphs: .unicode) == "")
    }

    @Test func gridSplitsEvenly() {
        let cells = Rect(x: 0, y: 1, width: 80, height: 22).grid(columns: 3, rows: 2)
        #expect(cells.map(\.width) == [26, 27, 27, 26, 27, 27])
        #expect(cells.map(\.y) == [1, 1, 1, 12, 12, 12])
    }
}

@Suite struct TextWidthTests {
    @Test func vietnameseIsOneColumnPerLetter() {
        #expect(TextWidth.of("Bến Tre") == 7)
        #expect(TextWidth.of("Mỏ Cày Bắc") == 10)
        #expect(TextWidth.of("Giồng Trôm") == 10)
    }

    @Test func decomposedVietnameseMeasuresLikePrecomposed() {
        let decomposed = "Mỏ Cày Bắc".decomposedStringWithCanonicalMapping
        #expect(decomposed.unicodeScalars.count > 10)
        #expect(TextWidth.of(decomposed) == 10)
    }

    @Test func theScalarPathAgreesWithGraphemeClusters() {
        let samples = ["Độ mặn cao nhất · Mỏ Cày Nam", "Thời gian phản ứng hiện trường", "Chợ Lách\r\n", "tab\there",
                       "e\u{0302}\u{0301} (NFD ế)", "\u{0301}leading mark", "CPI – Đồ uống", "giá 3,5 ‰", "水位 112.5 cm",
                       "a\u{20DD} enclosed", "🙂 ok", "\u{7F}del \u{85}nel", "✓45 ▲0 ✖0 ◌0 score 100%", "▁▂▃▄▅▆▇█ ⣀⠤⠒ ╭─╮│╰╯ …", "✅ done ✔︎ ok", "⚠️ x", "→ ← ↑ ↓ ‰ ‹›",
                       "a\u{2060}b", "x\u{200D}y", "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"]
        for text in samples {
            #expect(TextWidth.of(text) == text.reduce(0) { $0 + TextWidth.of($1) }, "\(text)")
        }
    }

    @Test func wideAndZeroWidth() {
        #expect(TextWidth.of("日本") == 4)
        #expect(TextWidth.of("a\u{0301}") == 1)
        #expect(TextWidth.of("\u{200B}") == 0)
        #expect(TextWidth.of("🚑") == 2)
    }

    @Test func truncateMeasuresColumnsNotCharacters() {
        #expect(TextWidth.truncate("Hành chính công", to: 8) == "Hành ch…")
        #expect(TextWidth.truncate("日本語テキスト", to: 6) == "日本…")
        #expect(TextWidth.truncate("short", to: 10) == "short")
        #expect(TextWidth.pad("Bến", to: 5, alignRight: true) == "  Bến")
    }

    @Test func familyNamesKeepTheirDistinguishingTail() {
        let a = TextWidth.truncateKeepingTail("Bệnh nhân nội trú - Trung tâm Y tế Ba Tri", to: 34)
        let b = TextWidth.truncateKeepingTail("Bệnh nhân nội trú - Trung tâm Y tế Bình Đại", to: 34)
        #expect(TextWidth.of(a) <= 34 && TextWidth.of(b) <= 34)
        #expect(a != b)
        #expect(a.hasSuffix("Ba Tri"))
        #expect(b.hasSuffix("Bình Đại"))
        #expect(TextWidth.truncateKeepingTail("Short - name", to: 34) == "Short - name")
        #expect(TextWidth.truncateKeepingTail("No family form at all, just long", to: 10) == "No family…")
    }

    @Test func foldingRemovesDiacriticsForSearch() {
        #expect(Folding.searchKey("Mỏ Cày Bắc") == "mo cay bac")
        #expect(Folding.searchKey("Giồng Trôm") == "giong trom")
        #expect(Folding.ascii("Bình Đại") == "Binh Dai")
    }
}
