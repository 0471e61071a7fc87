"""Reads an .xlsx with openpyxl (an xlsx library independent of exceljs) and prints what a spreadsheet program
would show: sheets and their visibility, frozen panes, protection, locked cells, data validations, number
formats and values. Used by the tests to check PAL's report workbook from outside.

usage: read_workbook.py FILE.xlsx
"""
import json
import sys

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter


def cell_view(cell):
    value = cell.value
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    return {
        "value": value,
        "type": cell.data_type,
        "locked": bool(cell.protection.locked),
        "numberFormat": cell.number_format,
    }


def main(path):
    wb = load_workbook(path)
    out = {"sheets": []}
    for ws in wb.worksheets:
        out["sheets"].append({
            "name": ws.title,
            "state": ws.sheet_state,
            "frozen": ws.freeze_panes,
            "protected": bool(ws.protection.sheet),
            "validations": [
                {"type": dv.type, "sqref": str(dv.sqref), "formula1": dv.formula1, "operator": dv.operator}
                for dv in ws.data_validations.dataValidation
            ],
            # openpyxl keeps one dimension per run of equal columns: spread it over its columns.
            "widths": {
                get_column_letter(i): dim.width
                for dim in ws.column_dimensions.values() if dim.width
                for i in range(dim.min, dim.max + 1)
            },
            "rows": [[cell_view(c) for c in row] for row in ws.iter_rows()],
        })
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
