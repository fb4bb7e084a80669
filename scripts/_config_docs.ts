/**
 * One-line descriptions of every config field, for the generated
 * docs/config-reference.md. Types, defaults and bounds are not written
 * here: the generator reads them from the schema. A field missing here,
 * or a description whose field is gone, fails the reference test.
 *
 * @module
 */

const SIZE_FIELDS = (whose: string): Record<string, string> => ({
  distribution:
    `How ${whose} sizes are drawn. Each distribution reads only its own fields below.`,
  min_size:
    `Smallest size (\`uniform\`, \`pareto\`, \`lognormal\`, \`zipf\` over a range); with > 0 no object is empty.`,
  max_size: `Largest size; bounded distributions are truncated to it.`,
  size: `\`fixed\`: every object has this size (0 makes empty objects).`,
  sizes:
    `\`zipf\` over a list: the sizes from most to least frequent, e.g. \`[4KiB, 1MiB, 64MiB]\`.`,
  size_step:
    `\`zipf\` over \`min_size\`..\`max_size\`: rank k is \`min_size + (k - 1) × size_step\` (default 4KiB).`,
  pareto_alpha:
    `\`pareto\` shape (default 1.16: 20% of the objects hold 80% of the bytes).`,
  zipf_s: `\`zipf\` exponent (default 1): rank k is drawn with weight 1/k^s.`,
  mu: `\`lognormal\`: mean of ln(size in bytes); the median is e^mu bytes.`,
  sigma: `\`lognormal\`: standard deviation of ln(size in bytes).`,
  buckets:
    `\`buckets\`: exact sizes by weight, e.g. \`"4KiB:70,1MiB:25,64MiB:5"\`.`,
});

function prefixed(prefix: string, docs: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(docs).map(([k, v]) => [`${prefix}.${k}`, v]),
  );
}

/** Descriptions by dotted path (`<name>` for a user-chosen key). */
export const FIELD_DOCS: Readonly<Record<string, string>> = {
  endpoint:
    "S3 endpoint: scheme, host and port only (no path). Leave out for AWS S3; AWS_ENDPOINT_URL is used when neither this nor `endpoints` is set.",
  endpoints:
    "Several endpoints of one cluster instead of `endpoint`; see `endpoint_choice` and `read_affinity`.",
  region:
    "Region used to sign requests. Default: AWS_REGION, else AWS_DEFAULT_REGION, else `us-east-1` (with a notice).",
  bucket: "The bucket to load.",
  create_bucket:
    "Create the bucket (on every endpoint) when it is missing, instead of failing the preflight.",
  prefix:
    "Every run writes below PREFIX/RUN_ID/ and touches nothing else; slashes are normalised.",
  addressing:
    "`path` (host/bucket/key) or `virtual` (bucket.host). Default: `path` with an endpoint, `virtual` without.",
  tls_verify: "Verify TLS certificates; `false` is warned about.",
  ca_file:
    "A PEM bundle of extra CAs for a private or self-signed certificate.",
  "credentials.profile": "A profile of the shared AWS files to use.",
  "credentials.access_key_id":
    "Access key written in the file (works, but is warned about; prefer the environment).",
  "credentials.secret_access_key": "Goes with `access_key_id`.",
  "credentials.session_token": "Session token of temporary credentials.",
  checksum:
    "`when_required` (default for non-AWS endpoints: no CRC headers) or `when_supported` (default for AWS).",
  client: "Who makes the S3 calls: the in-process SDK or a CLI client.",
  "clients.awscli.multipart_threshold":
    "aws CLI: objects at or above this go multipart (default `multipart.threshold`).",
  "clients.awscli.multipart_chunksize":
    "aws CLI: part size (default `multipart.part_size`).",
  "clients.awscli.max_concurrent_requests":
    "aws CLI: requests one `aws` process keeps in flight.",
  "clients.awscli.max_queue_size": "aws CLI: tasks one `aws` process queues.",
  "clients.s5cmd.batch":
    "s5cmd: send the uploads in flight to one `s5cmd run`, each timed when s5cmd reports it.",
  "clients.s5cmd.concurrency":
    "s5cmd: parts of one object in flight (`cp --concurrency`).",
  "clients.s5cmd.part_size":
    "s5cmd: part size, rounded up to whole MiB (default `multipart.part_size`).",
  "clients.rclone.chunk_size":
    "rclone: part size (default `multipart.part_size`).",
  "clients.rclone.upload_cutoff":
    "rclone: objects at or above this go multipart (default `multipart.threshold`).",
  "clients.rclone.concurrency":
    "rclone: parts of one object in flight (`--s3-upload-concurrency`).",
  "clients.rclone.provider":
    "rclone's S3 provider. Default: `Other` with an endpoint, `AWS` without.",
  "dataset.root":
    "Where `files` datasets are generated; reused when it matches its manifest.json.",
  "dataset.seed": "Same seed, same sizes and bytes, on every OS.",
  "dataset.source":
    "`files`: generated on disk, then uploaded. `synthetic`: bytes made while uploading, no disk used.",
  "dataset.compressibility":
    "Fraction of each 4 KiB block that is zeros, for stores that compress.",
  "dataset.count":
    "Without `groups`: the object count of the one group, named `all`.",
  ...prefixed("dataset", SIZE_FIELDS("every group's (unless it sets its own)")),
  "dataset.groups.<name>.count": "Objects in this group.",
  ...prefixed("dataset.groups.<name>", SIZE_FIELDS("this group's")),
  profile:
    "`write`, `read`, `mixed` (50:50), `read-heavy` (80:20), `write-heavy` (20:80) or a name from `profiles`.",
  "profiles.<name>.read": "Relative weight of reads in this profile.",
  "profiles.<name>.write":
    "Relative weight of writes; read + write must be > 0.",
  concurrency:
    "Workers of the closed model: each starts its next operation when one ends.",
  duration:
    "Stop each main phase after this long; given by env or flag, it clears the file's `ops`. With neither, one pass over the dataset.",
  ops:
    "Stop each main phase after this many operations; given by env or flag, it clears the file's `duration`.",
  read_from:
    "An earlier run's results directory: the read profile reads the keys in its keys.jsonl instead of a prepare phase.",
  model:
    "`closed`: `concurrency` workers. `open`: operations arrive at `rate` whether or not earlier ones are done.",
  rate:
    "Target operations per second (open model; with the closed model, a cap on starts).",
  rate_end:
    "Ramp the rate linearly from `rate` to this over the duration (needs `rate` and `duration`).",
  arrivals: "Spacing of open-model arrivals.",
  max_in_flight:
    "Open model: arrivals that find this many operations running are dropped and counted. Default: max(concurrency, 1000).",
  pattern: "`bursty` alternates `burst.on` and `burst.off` periods.",
  "burst.on": "Length of a burst.",
  "burst.off": "Length of the quiet period between bursts.",
  "burst.burst_rate":
    "Operations per second during a burst. Default: `rate` (open model) or unlimited.",
  "burst.idle_rate": "Operations per second between bursts; 0 pauses.",
  warmup:
    "Operations due in this first part of a phase are reported apart as `<phase>-warmup`.",
  max_throughput_mbps:
    "Throttle: MB/s (10^6 bytes), paced inside the body stream.",
  max_iops: "Throttle: operation starts per second, waited for before signing.",
  throttle_per_worker:
    "Apply the throttles to each worker instead of the whole run (closed model only).",
  endpoint_choice: "How operations are spread over `endpoints`.",
  read_affinity:
    "Reads go to the endpoint that wrote the object (`same`), to another one (`other`, for replication) or anywhere (`any`).",
  "multipart.threshold": "Objects at or above this are uploaded in parts.",
  "multipart.part_size":
    "Part size (5 MiB to 5 GiB); raised when an object would need more than 10,000 parts.",
  "multipart.queue_size": "Parts of one upload in flight.",
  "multipart.memory_budget":
    "Refuse runs whose worst-case upload buffer (concurrency × queue_size × part_size) exceeds this. Default: half the machine's memory.",
  "retry.max_attempts":
    "Attempts per operation, the first included; throttling, 5xx, timeouts and broken connections are retried.",
  "retry.base_delay": "First backoff (exponential, full jitter).",
  "retry.max_delay": "Longest backoff.",
  "timeouts.connect": "Opening a connection.",
  "timeouts.first_byte": "From sending the request to the response headers.",
  "timeouts.idle":
    "Silence on a body; a slow but moving body is never cut, a stalled one fails as `body_stalled`.",
  max_error_rate:
    "Exit 5 when more than this fraction of operations fail. A run whose last 20 operations on every endpoint all failed stops early (exit 5).",
  "output.dir": "Reports go to DIR/RUN_ID/.",
  "output.ops_log": "Write ops.csv, one row per attempt.",
  cleanup:
    "Delete the run's own objects (exactly the keys in keys.jsonl) at the end.",
  metrics_format: "`prometheus`: also write metrics.prom at the end.",
  metrics_listen:
    "Serve live metrics at http://HOST:PORT/metrics during the run, e.g. `127.0.0.1:9464`.",
  pushgateway:
    "Push metrics to this Prometheus Pushgateway URL every `push_interval` and at the end.",
  push_interval: "How often to push to `pushgateway`.",
  thresholds:
    "Checks at the end, e.g. `p99_ms{op=get} < 50`; any failure exits 6.",
  verify:
    "Check every downloaded body against the generator; a difference is an error of class `checksum`.",
  read_popularity:
    "How random reads pick keys; the short form names only the model.",
  "read_popularity.model":
    "`uniform`, `zipf` (rank k read with weight 1/k^zipf_s) or `hot`.",
  "read_popularity.zipf_s": "Exponent of the `zipf` model.",
  "read_popularity.hot_fraction": "`hot`: the share of keys that are hot.",
  "read_popularity.hot_weight": "`hot`: the share of reads that go to them.",
};

/** One-paragraph introductions of the sections (objects) of the file. */
export const SECTION_DOCS: Readonly<Record<string, string>> = {
  credentials:
    "Credentials normally come from the standard AWS chain (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE, ~/.aws files); never from flags.",
  clients:
    "Tuning of the subprocess clients. Each gets endpoint, credentials, region, addressing, TLS and checksum settings from s3flood, never from your own ~/.aws or rclone config.",
  dataset:
    "What is uploaded: size groups drawn from seeded distributions. `s3flood dataset show CONFIG` prints the result without writing anything.",
  profiles: "Custom profiles: read and write weights, picked with `profile:`.",
  burst: "The periods of `pattern: bursty`.",
  multipart: "Uploads in parts, for the SDK (and the clients' defaults).",
  retry: "s3flood's own retries; the clients' retries are off.",
  timeouts: "Per attempt; a timed-out attempt is retried.",
  output: "Where a run's reports go.",
  read_popularity:
    "Skewed reads; the report notes the share of reads on the top 1% and 10% of keys.",
};
