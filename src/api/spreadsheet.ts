// Excel downloads: a workbook sent as an attachment, and a one-sheet table for report exports.
import ExcelJS from 'exceljs';
import { cellValue, NUMBER_FORMATS, type CellFormat } from '../domain/sheet-cells';
import type { ApiContext } from './context';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface SheetColumn {
  header: string;
  key: string;
  width?: number;
  format?: CellFormat; // see src/domain/sheet-cells.ts
}

export async function sendWorkbook(ctx: ApiContext, workbook: ExcelJS.Workbook, filename: string): Promise<Buffer> {
  ctx.set('Content-Type', XLSX);
  ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function addTableSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: SheetColumn[],
  rows: Array<Record<string, unknown>>,
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name);
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width ?? Math.max(12, c.header.length + 2),
    ...(c.format ? { style: { numFmt: NUMBER_FORMATS[c.format] } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of rows)
    sheet.addRow({
      ...row,
      ...Object.fromEntries(columns.filter((c) => c.format).map((c) => [c.key, cellValue(row[c.key], c.format)])),
    });
  return sheet;
}
