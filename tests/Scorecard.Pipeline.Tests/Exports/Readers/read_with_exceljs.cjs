// Reads an .xlsx (and optionally a CSV) with ExcelJS and prints what it found as JSON, like read_with_openpyxl.py.
// Usage: node read_with_exceljs.cjs MODULES_DIR WORKBOOK.xlsx [EXPORT.csv]
// MODULES_DIR holds node_modules/exceljs (test.sh installs it into .tools/readers).
'use strict';
const path = require('path');

function cell(value) {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return 'date:' + value.toISOString().slice(0, 10);
  if (typeof value === 'object' && Array.isArray(value.richText)) return value.richText.map(r => r.text).join('');
  if (typeof value === 'object' && 'error' in value) return 'error:' + value.error;
  return value;
}

function rows(worksheet) {
  const result = [];
  for (let r = 1; r <= worksheet.rowCount; r++) {
    const row = worksheet.getRow(r);
    const values = [];
    for (let c = 1; c <= Math.max(row.cellCount, 0); c++) values.push(cell(row.getCell(c).value));
    while (values.length > 0 && values[values.length - 1] === null) values.pop();
    result.push(values);
  }
  return result;
}

async function main() {
  const [modules, workbookPath, csvPath] = process.argv.slice(2);
  const ExcelJS = require(path.join(modules, 'node_modules', 'exceljs'));
  const version = require(path.join(modules, 'node_modules', 'exceljs', 'package.json')).version;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(workbookPath);
  const result = {
    reader: 'exceljs ' + version,
    properties: {
      creator: workbook.creator ?? null,
      title: workbook.title ?? null,
      created: workbook.created instanceof Date ? workbook.created.toISOString() : null,
    },
    sheets: workbook.worksheets.map(w => ({ name: w.name, rows: rows(w) })),
  };
  if (csvPath) {
    const csvBook = new ExcelJS.Workbook();
    result.csv = rows(await csvBook.csv.readFile(csvPath));
  }
  process.stdout.write(JSON.stringify(result));
}

main().catch(error => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});
