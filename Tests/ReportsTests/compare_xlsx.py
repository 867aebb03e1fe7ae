#!/usr/bin/env python3
"""Reads a report workbook with openpyxl and compares it cell by cell with the report's JSON.

Usage: compare_xlsx.py REPORT.xlsx REPORT.json. Prints what it read; exits 1 on the first
difference, naming the sheet, the cell and both values.
"""
import datetime
import json
import sys

import openpyxl


def fail(message):
    print("MISMATCH: " + message)
    sys.exit(1)


def same(sheet, cell, got, want):
    if isinstance(want, float) or isinstance(got, float):
        ok = got is not None and want is not None and float(got) == float(want)
    else:
        ok = got == want
    if not ok:
        fail(f"{sheet}!{cell}: workbook {got!r}, JSON {want!r}")


def main():
    book = openpyxl.load_workbook(sys.argv[1])
    report = json.load(open(sys.argv[2], encoding="utf-8"))
    names = book.sheetnames
    print("sheets: " + ", ".join(names))
    english = names == ["Summary", "Indicators", "Alerts", "Data completeness", "Actions"]
    if names != ["Tổng hợp", "Chỉ tiêu", "Cảnh báo", "Đầy đủ dữ liệu", "Thao tác"] and not english:
        fail(f"sheet names {names}")
    for ws in book.worksheets:
        if ws.freeze_panes != "A2":
            fail(f"{ws.title}: header row not frozen ({ws.freeze_panes})")
        if ws.column_dimensions["A"].width is None or ws.column_dimensions["A"].width < 8:
            fail(f"{ws.title}: column A has no width")

    summary = book.worksheets[0]
    for k, field in enumerate(report["fields"]):
        row = [c.value for c in summary[k + 2]]
        for col, key in enumerate(["code", "name", "score", "previous_score", "ok", "warning", "critical", "stale", "nodata"]):
            same("Tổng hợp", f"{openpyxl.utils.get_column_letter(col + 1)}{k + 2}", row[col], field[key])
    labels = {summary.cell(r, 1).value: summary.cell(r, 2).value for r in range(1, summary.max_row + 1)}
    offset = datetime.datetime.fromisoformat(report["period"]["start"]).utcoffset()
    for label, key in ((("From" if english else "Từ"), "start"), (("To" if english else "Đến"), "end")):
        value = labels.get(label)
        if not isinstance(value, datetime.datetime):
            fail(f"Tổng hợp: '{label}' is {value!r}, not a date")
        want = datetime.datetime.fromisoformat(report["period"][key]).replace(tzinfo=None)
        if value != want:
            fail(f"Tổng hợp: '{label}' {value} != {want} (offset {offset})")

    sheet = book.worksheets[1]
    keys = ["field", "indicator", "name", "region", "region_name", "unit", "last", "mean", "min", "max", "count",
            "previous", "change", "target", "progress", "outlook", "status", "rank", "of"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    if len(rows) != len(report["indicators"]):
        fail(f"Chỉ tiêu: {len(rows)} rows, JSON {len(report['indicators'])}")
    for r, (row, line) in enumerate(zip(rows, report["indicators"])):
        for c, key in enumerate(keys):
            got = row[c] if c < len(row) else None
            same("Chỉ tiêu", f"{openpyxl.utils.get_column_letter(c + 1)}{r + 2}", got, line[key])
    print(f"indicator rows: {len(rows)}")

    alerts = book.worksheets[2]
    for k, top in enumerate(report["alerts"]["top"]):
        row = [c.value for c in alerts[k + 2]]
        for c, key in enumerate(["indicator", "name", "region", "region_name", "count", "time_in_alert_s"]):
            same("Cảnh báo", f"{openpyxl.utils.get_column_letter(c + 1)}{k + 2}", row[c], top[key])
    totals = {alerts.cell(r, 1).value: alerts.cell(r, 2).value for r in range(1, alerts.max_row + 1)}
    a = report["alerts"]
    vietnamese = (("Phát sinh", a["opened"]), ("Đã kết thúc", a["resolved"]), ("Cảnh báo", a["by_severity"]["warning"]),
                  ("Nghiêm trọng", a["by_severity"]["critical"]), ("Chậm cập nhật", a["by_severity"]["stale"]),
                  ("Thời gian xác nhận trung bình (giây)", a["mtta_s"]), ("Thời gian xử lý trung bình (giây)", a["mttr_s"]))
    english_labels = (("Opened", a["opened"]), ("Resolved", a["resolved"]), ("Warning", a["by_severity"]["warning"]),
                      ("Critical", a["by_severity"]["critical"]), ("Stale", a["by_severity"]["stale"]),
                      ("Mean time to acknowledge (seconds)", a["mtta_s"]), ("Mean time to resolve (seconds)", a["mttr_s"]))
    for label, want in (english_labels if english else vietnamese):
        same("Cảnh báo", label, totals.get(label), want)

    done = book.worksheets[3]
    rows = list(done.iter_rows(min_row=2, values_only=True))
    expected = []
    for c in report["completeness"]:
        expected.append((c["field"], c["name"], None, None, c["expected"], c["received"], c["ratio"]))
        for g in c["regions"]:
            expected.append((c["field"], c["name"], g["region"], g["name"], g["expected"], g["received"], g["ratio"]))
    if len(rows) != len(expected):
        fail(f"Đầy đủ dữ liệu: {len(rows)} rows, JSON {len(expected)}")
    for r, (row, want) in enumerate(zip(rows, expected)):
        for c, value in enumerate(want):
            same("Đầy đủ dữ liệu", f"{openpyxl.utils.get_column_letter(c + 1)}{r + 2}", row[c] if c < len(row) else None, value)

    actions = list(book.worksheets[4].iter_rows(min_row=2, values_only=True))
    want = [(x["user"], x["acks"], x["silences"]) for x in report["actions"]]
    if [tuple(row[:3]) for row in actions] != want:
        fail(f"Thao tác: {actions} != {want}")
    print("workbook matches the JSON")


main()
