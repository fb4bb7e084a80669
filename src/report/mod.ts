/**
 * The report layer: what a run leaves on disk (report.json and its schema,
 * the ops.csv op log) and the human summary, all from plain figures.
 *
 * @module
 */
export { REPORT_FILE, writeReportJson } from "./json.ts";
export {
  csvField,
  OPS_CSV_COLUMNS,
  opsCsvRow,
  OpsCsvWriter,
} from "./ops_csv.ts";
export { REPORT_SCHEMA, reportSchemaText } from "./schema.ts";
export { formatMs, renderSummary, type SummaryOptions } from "./summary.ts";
export {
  type ClientInfo,
  type Report,
  REPORT_SCHEMA_VERSION,
  type RunStatus,
  type RunTotals,
  runTotals,
  type ThresholdResult,
  type ToolInfo,
} from "./types.ts";
