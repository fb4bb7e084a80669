/**
 * Cluster mode: which endpoint an operation goes to. Round-robin or the
 * endpoint with the fewest operations in flight; reads may follow the
 * endpoint that wrote the object (`same`), avoid it (`other`, to measure
 * replication) or go anywhere (`any`).
 *
 * @module
 */

/** How endpoints are chosen; see the module doc. */
export interface ChooserOptions {
  endpoints: readonly string[];
  choice: "round_robin" | "least_in_flight";
  readAffinity: "any" | "same" | "other";
}

/** Picks endpoints and tracks operations in flight per endpoint. */
export class EndpointChooser {
  readonly #o: ChooserOptions;
  readonly #inFlight: number[];
  #rr = 0;

  constructor(o: ChooserOptions) {
    if (o.endpoints.length === 0) throw new RangeError("no endpoints");
    this.#o = o;
    this.#inFlight = o.endpoints.map(() => 0);
  }

  /** The endpoint for an operation; `writer` is a read's writing endpoint. */
  pick(op: "put" | "get", writer?: string): string {
    const eps = this.#o.endpoints;
    const w = writer === undefined ? -1 : eps.indexOf(writer);
    if (op === "get" && w >= 0 && this.#o.readAffinity === "same") {
      return eps[w];
    }
    const allowed = op === "get" && w >= 0 && this.#o.readAffinity === "other"
      ? eps.map((_, i) => i).filter((i) => i !== w)
      : eps.map((_, i) => i);
    return eps[this.#choose(allowed)];
  }

  #choose(allowed: number[]): number {
    if (this.#o.choice === "least_in_flight") {
      return allowed.reduce((best, i) =>
        this.#inFlight[i] < this.#inFlight[best] ? i : best
      );
    }
    return allowed[this.#rr++ % allowed.length];
  }

  /** Marks an operation on `endpoint` as started. */
  begin(endpoint: string): void {
    const i = this.#o.endpoints.indexOf(endpoint);
    if (i >= 0) this.#inFlight[i]++;
  }

  /** Marks an operation on `endpoint` as ended. */
  end(endpoint: string): void {
    const i = this.#o.endpoints.indexOf(endpoint);
    if (i >= 0) this.#inFlight[i]--;
  }
}
