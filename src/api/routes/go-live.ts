// The go-live import (issue 16): the running business — customers, sites, active contracts, past revenue — from one
// workbook, so reminders, revenue and KPIs work from the first day.
import Joi from 'joi';
import { requireAbility } from '../../auth/guards';
import { goLiveTemplate, importGoLive, readGoLiveWorkbook } from '../../services/go-live-import';
import { invalid } from '../problem';
import { requirePrincipal, type RouteSpec } from '../route';
import { sendWorkbook, XLSX } from '../spreadsheet';

export const goLiveRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/go-live/template',
    summary:
      'The go-live workbook: sheet Kontrak (one row per site of a running contract) and sheet Pendapatan (a salesperson’s revenue per closed month)',
    tag: 'go-live',
    produces: [XLSX],
    handler(ctx) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'create', 'Pks');
      return sendWorkbook(ctx, goLiveTemplate(), 'go-live-template.xlsx');
    },
  },
  {
    method: 'post',
    path: '/api/go-live/import',
    summary:
      'Import the go-live workbook (form field "file"): every row checked, all or nothing; each contract becomes an active PKS with its run; dryRun=true only checks',
    tag: 'go-live',
    query: Joi.object({ dryRun: Joi.boolean().default(false) }),
    upload: { field: 'file', maxFiles: 1, maxBytes: 10 * 1024 * 1024 },
    async handler(ctx, { query, files }) {
      const principal = requirePrincipal(ctx);
      const [file] = files;
      if (!file) throw invalid([{ field: 'file', message: 'an .xlsx file is required' }]);
      const result = await importGoLive(ctx.deps, principal, await readGoLiveWorkbook(file.buffer), query.dryRun);
      ctx.status = result.dryRun ? 200 : 201;
      return result;
    },
  },
];
