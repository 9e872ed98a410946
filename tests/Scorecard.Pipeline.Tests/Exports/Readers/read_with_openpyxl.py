"""Reads an .xlsx with openpyxl (and optionally a CSV with Python's csv module) and prints what it found as JSON.

Usage: read_with_openpyxl.py WORKBOOK.xlsx [EXPORT.csv]
Cells become JSON values: null, true/false, numbers, text, and dates as "date:YYYY-MM-DD". Trailing empty cells of a
row are dropped. The test compares this with what ExcelJS reads and with the export itself.
"""
import csv
import datetime
import json
import sys

import openpyxl


def cell(value):
    if isinstance(value, datetime.datetime):
        return "date:" + value.date().isoformat()
    if isinstance(value, datetime.date):
        return "date:" + value.isoformat()
    return value


def trimmed(row):
    values = [cell(v) for v in row]
    while values and values[-1] is None:
        values.pop()
    return values


def main():
    workbook = openpyxl.load_workbook(sys.argv[1], read_only=False, data_only=True)
    result = {
        "reader": "openpyxl " + openpyxl.__version__,
        "properties": {
            "creator": workbook.properties.creator,
            "title": workbook.properties.title,
            "created": workbook.properties.created.isoformat() if workbook.properties.created else None,
        },
        "sheets": [
            {"name": sheet.title, "rows": [trimmed(row) for row in sheet.iter_rows(values_only=True)]}
            for sheet in workbook.worksheets
        ],
    }
    if len(sys.argv) > 2:
        with open(sys.argv[2], newline="", encoding="utf-8") as handle:
            result["csv"] = [row for row in csv.reader(handle)]
    json.dump(result, sys.stdout)


main()
