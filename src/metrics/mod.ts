/**
 * The metrics layer: consumes operation records, keeps bounded counters and
 * HDR histograms per phase and slice, and hands out plain figures.
 *
 * @module
 */
export { type CollectorOptions, MetricsCollector } from "./collector.ts";
export { type Digits, LatencyHistogram } from "./histogram.ts";
export { mergePhases, mergeStats } from "./merge.ts";
export {
  mergeTimeSeries,
  type TimeOpStats,
  type TimePoint,
  TimeSeries,
  type TimeSeriesData,
  type TimeSeriesOptions,
} from "./timeseries.ts";
export type {
  HistogramSet,
  LabelStats,
  LiveTotals,
  OpStats,
  Percentiles,
  PhaseStats,
  SliceStats,
} from "./types.ts";
