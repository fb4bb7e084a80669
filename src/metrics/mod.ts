/**
 * The metrics layer: consumes operation records, keeps bounded counters and
 * HDR histograms per phase and slice, and hands out plain figures.
 *
 * @module
 */
export { type CollectorOptions, MetricsCollector } from "./collector.ts";
export { LatencyHistogram } from "./histogram.ts";
export type {
  HistogramSet,
  LabelStats,
  LiveTotals,
  OpStats,
  Percentiles,
  PhaseStats,
} from "./types.ts";
