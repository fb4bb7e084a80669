/**
 * Times the parts of multipart uploads. lib-storage's `httpUploadProgress`
 * event only says when a part finished, and parts overlap (queue size), so
 * the gap between events is no part's latency. Instead a middleware on the
 * upload client times each UploadPart request itself: from handing the
 * signed request to the HTTP handler to the parsed response. Reading the
 * part's bytes from the source happens before and is not counted.
 *
 * @module
 */
import type { S3Client } from "@aws-sdk/client-s3";
import type { Clock } from "../core/io.ts";

/** Part service times in ms per object key, filled while uploads run. */
export type PartTimes = Map<string, number[]>;

/**
 * Adds the part timer to `client`: each UploadPart whose key is in
 * `times` appends its service time there.
 */
export function timeParts(
  client: S3Client,
  clock: Clock,
  times: PartTimes,
): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== "UploadPartCommand") return next(args);
      const start = clock.now();
      const out = await next(args);
      const key = (args.input as { Key?: string }).Key ?? "";
      times.get(key)?.push(clock.now() - start);
      return out;
    },
    { step: "finalizeRequest", priority: "low", name: "s3floodPartTimer" },
  );
}
