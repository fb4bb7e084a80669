/**
 * Verified downloads: the body is fed, as it arrives, to a verifier that
 * knows what the object should hold, and a difference turns the attempt
 * into a `checksum` failure. The runner only hands over the bytes (its
 * download sink); what is expected is the engine's business.
 *
 * @module
 */
import type {
  AttemptContext,
  AttemptResult,
  ObjectRef,
  Runner,
} from "../runners/runner.ts";

/**
 * Checks a body chunk by chunk. Each method returns a message at the first
 * difference, else undefined.
 */
export interface BodyVerifier {
  /** The next bytes of the body. */
  update(chunk: Uint8Array): string | undefined;
  /** Called once the body has ended. */
  end(): string | undefined;
}

/** A verifier for the object `ref`, or undefined when it cannot be checked. */
export type VerifierFor = (ref: ObjectRef) => BodyVerifier | undefined;

/**
 * Downloads `ref`, checking its body with `verifierFor` when given. A
 * body that differs is recorded as error class `checksum` (code
 * `ContentMismatch`), never retried: the object itself is wrong.
 */
export async function verifiedDownload(
  runner: Runner,
  ref: ObjectRef,
  ctx: AttemptContext,
  verifierFor: VerifierFor | undefined,
): Promise<AttemptResult> {
  const v = verifierFor?.(ref);
  if (!v) return await runner.download(ref, ctx);
  let problem: string | undefined;
  const sink = (chunk: Uint8Array) => {
    problem ??= v.update(chunk);
  };
  const res = await runner.download(ref, ctx, { sink });
  if (!res.ok) return res;
  problem ??= v.end();
  if (problem === undefined) return res;
  return {
    ...res,
    ok: false,
    errorClass: "checksum",
    errorCode: "ContentMismatch",
    message: problem,
  };
}
