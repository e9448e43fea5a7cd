import { z } from 'zod';
import { COMPARED_FIELDS, RowFinding } from '../register/row';

/** What an import of the bureau's list did, or would do (dry run), row by row. */
export const RegisterReportRow = z.object({
  row: z.number().int(),
  creditCode: z.string(),
  name: z.string(),
  status: z.enum(['new', 'changed', 'unchanged', 'error']),
  errors: z.array(RowFinding),
  warnings: z.array(RowFinding),
  changes: z.array(z.enum(COMPARED_FIELDS)),
});
export const RegisterReport = z.object({
  applied: z.boolean(),
  counts: z.object({ rows: z.number().int(), new: z.number().int(), changed: z.number().int(), unchanged: z.number().int(), errors: z.number().int(), warnings: z.number().int() }),
  ignoredHeaders: z.array(z.string()),
  rows: z.array(RegisterReportRow),
});
export type RegisterReport = z.infer<typeof RegisterReport>;

/** The server's answer to an import: the report under the protocol envelope. */
export const RegisterReportBody = RegisterReport.extend({ protocol: z.literal(1) });
export const RegisterTemplateBody = z.object({ protocol: z.literal(1), fileName: z.string(), contentBase64: z.string() });

