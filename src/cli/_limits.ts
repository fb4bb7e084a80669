/**
 * Resource checks before a run starts: enough file descriptors for the
 * sockets the concurrency needs (C03), and a bounded worst-case upload
 * buffer for multipart uploads (C14). Each names both numbers.
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";
import { formatBytes } from "../config/units.ts";
import type { Settings } from "../config/settings.ts";

/** Sockets and files one run may hold open at most, beyond the workers. */
const FD_HEADROOM = 64;

/** The soft limit on open files, from /proc/self/limits (Linux). */
export function openFilesLimit(): number | undefined {
  try {
    const text = Deno.readTextFileSync("/proc/self/limits");
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(text);
    if (!m || m[1] === "unlimited") return undefined;
    return Number(m[1]);
  } catch {
    return undefined;
  }
}

/** File descriptors a run may need at once. */
export function neededFds(s: Settings): number {
  const perOp = Math.max(1, s.multipart.queueSize);
  const inFlight = s.load.model === "open" ? s.load.maxInFlight : s.concurrency;
  return inFlight * perOp + FD_HEADROOM;
}

/** Refuses a run whose sockets would exceed the open-files limit. */
export function checkFds(s: Settings, limit: number | undefined): void {
  const need = neededFds(s);
  if (limit === undefined || need <= limit) return;
  throw new UsageError(
    `concurrency needs up to ${need} open files (sockets and files), but the limit is ${limit}`,
    `raise it (ulimit -n ${need}) or lower concurrency${
      s.load.model === "open" ? " / max_in_flight" : ""
    }`,
  );
}

/**
 * The worst-case memory held by multipart upload buffers:
 * workers x parts in flight per upload x part size.
 */
export function uploadBuffer(s: Settings): number {
  const inFlight = s.load.model === "open" ? s.load.maxInFlight : s.concurrency;
  return inFlight * s.multipart.queueSize * s.multipart.partSize;
}

/**
 * Returns a notice with the worst-case upload buffer when multipart is
 * used, and refuses a run whose buffer exceeds the budget.
 */
export function checkUploadBuffer(
  s: Settings,
  largestObject: number,
  totalMemory: number,
): string | undefined {
  if (largestObject < s.multipart.threshold || largestObject === 0) return;
  const need = uploadBuffer(s);
  const budget = s.multipart.memoryBudget ?? Math.floor(totalMemory / 2);
  const text = `worst-case multipart upload buffer: ${formatBytes(need)} ` +
    `(concurrency x queue_size ${s.multipart.queueSize} x part_size ${
      formatBytes(s.multipart.partSize)
    }); budget ${formatBytes(budget)}`;
  if (need > budget) {
    throw new UsageError(
      `${text}: over budget`,
      "lower concurrency, multipart.queue_size or multipart.part_size, or raise multipart.memory_budget",
    );
  }
  return text;
}
