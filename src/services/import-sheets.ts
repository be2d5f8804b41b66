// Workbooks people fill in to import (leads, the go-live contracts and revenue): a template sheet with its headers
// (required ones marked *), and a filled sheet read back as cells keyed by field, its columns found by header.
import type ExcelJS from 'exceljs';
import { cellText } from '../domain/lead-sheet';

export interface ImportColumn {
  header: string;
  field: string;
  required?: boolean;
  width?: number;
}

export type SheetRows = Array<{ row: number; cells: Record<string, string> }>;

export function templateSheet(workbook: ExcelJS.Workbook, name: string, columns: ImportColumn[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name);
  sheet.columns = columns.map((c) => ({
    header: c.required ? `${c.header}*` : c.header,
    key: c.field,
    width: c.width,
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return sheet;
}

// The sheet's non-empty rows, and the headers of required columns it lacks.
export function rowsByHeader(
  sheet: ExcelJS.Worksheet,
  columns: ImportColumn[],
): { rows: SheetRows; missing: string[] } {
  const byHeader = new Map(columns.map((c) => [c.header.toLowerCase(), c.field]));
  const fields = new Map<number, string>();
  sheet.getRow(1).eachCell((cell, column) => {
    const field = byHeader.get(cellText(cell.value).replace(/\*$/, '').toLowerCase());
    if (field) fields.set(column, field);
  });
  const missing = columns.filter((c) => c.required && ![...fields.values()].includes(c.field)).map((c) => c.header);
  const rows: SheetRows = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells: Record<string, string> = {};
    fields.forEach((field, column) => (cells[field] = cellText(row.getCell(column).value)));
    if (Object.values(cells).some(Boolean)) rows.push({ row: number, cells });
  });
  return { rows, missing };
}
