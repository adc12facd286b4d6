import { exportAccountingCsv, type AccountingReport } from '../../services/export-accounting-csv';
import { defineRoute, type Route } from '../contract/route';
import { exportRangeSchema, instantMs } from '../schemas/export-range';

const REPORTS: { report: AccountingReport; summary: string }[] = [
  { report: 'invoices', summary: 'CSV of the invoices and credit notes issued in a range' },
  { report: 'invoice-lines', summary: 'CSV of the lines of the documents issued in a range' },
];

/** CSV exports of final invoices and credit notes issued in [from, to), for accounting. */
export const exportRoutes: Route[] = REPORTS.map(({ report, summary }) =>
  defineRoute({
    method: 'get',
    path: `/v1/exports/${report}.csv`,
    tag: 'Exports',
    summary,
    access: 'operator',
    query: exportRangeSchema,
    invalidMessage: 'the export range is invalid',
    responses: { 200: { description: 'RFC 4180 CSV with a header row', contentType: 'text/csv' } },
    handle: async ({ query }, deps) => ({
      status: 200,
      body: await exportAccountingCsv(deps.database.db, {
        report,
        fromMs: instantMs(query.from),
        toMs: instantMs(query.to),
      }),
      contentType: 'text/csv; charset=utf-8',
    }),
  }),
);
