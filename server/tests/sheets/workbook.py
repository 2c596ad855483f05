"""Spreadsheets the project did not write, for the round-trip tests
(server/tests/integration/sheets.rs): made and edited with openpyxl (PyPI),
the way a person's or another program's files reach the site.

    workbook.py edit IN OUT EDITS_JSON   change cells of a downloaded template
    workbook.py create OUT ROWS_JSON     a new workbook: the first row the headings
    workbook.py formula OUT              a sheet with a formula in a status cell
    workbook.py million OUT              a sheet of a million rows (write-only mode)
    workbook.py bomb OUT                 a workbook whose shared strings unpack to 300 MB
    workbook.py macros IN OUT            a template with a macro project added (.xlsm parts)
    workbook.py inspect IN               what a template declares: sheets, headings,
                                         validations, protection, locked columns (JSON)

EDITS_JSON: [{"place": "Kenya", "action": "...", "column": "<heading>", "value": "..."}]
(the row found by its place and action, the column by its heading).
"""

import json
import sys
import zipfile

import openpyxl


def edit(source, target, edits):
    book = openpyxl.load_workbook(source)
    sheet = book.worksheets[0]
    headings = [c.value for c in sheet[1]]
    for change in json.loads(edits):
        column = headings.index(change["column"]) + 1
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == change["place"] and row[1].value == change["action"]:
                row[column - 1].value = change["value"]
                break
        else:
            raise SystemExit(f"no row {change['place']} / {change['action']}")
    book.save(target)


def create(target, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in json.loads(rows):
        sheet.append(row)
    book.save(target)


def formula(target):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["place", "action", "version", "status"])
    sheet.append(["KEN", "national-strategy", 0, '=IF(1=1,"completed","at-risk")'])
    book.save(target)


def million(target):
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["place", "action", "version", "status"])
    for _ in range(1_000_000):
        sheet.append([1])
    book.save(target)


def bomb(target):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        # 300 MB of spaces: a few hundred kilobytes once deflated.
        with z.open("xl/sharedStrings.xml", "w") as part:
            chunk = b" " * (1024 * 1024)
            for _ in range(300):
                part.write(chunk)


def macros(source, target):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
            new.writestr(item, data)
        new.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not a real project")


def inspect(source):
    book = openpyxl.load_workbook(source)
    sheet = book.worksheets[0]
    headings = [c.value for c in sheet[1]]
    second = [c for c in sheet[2]] if sheet.max_row >= 2 else []
    print(json.dumps({
        "sheets": book.sheetnames,
        "states": [ws.sheet_state for ws in book.worksheets],
        "headings": headings,
        "rows": sheet.max_row - 1,
        "protected": bool(sheet.protection.sheet),
        "right_to_left": bool(sheet.sheet_view.rightToLeft),
        "locked": [bool(c.protection.locked) for c in second],
        "second_row": [c.value for c in second],
        "validations": sorted(str(v.sqref).split(":")[0].rstrip("0123456789") + ":" + (v.formula1 or "") for v in sheet.data_validations.dataValidation),
        "instructions": [row[0].value for row in book.worksheets[1].iter_rows() if row[0].value],
    }, ensure_ascii=False))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"edit": edit, "create": create, "formula": formula, "million": million,
     "bomb": bomb, "macros": macros, "inspect": inspect}[command](*args)
