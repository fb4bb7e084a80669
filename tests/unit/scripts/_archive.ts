/**
 * Minimal readers of the release archives, so the packaging test checks
 * their bytes without unzip or tar: ustar inside gzip, and zip (stored or
 * deflated entries, read from the central directory).
 *
 * @module
 */

/** One file or directory of an archive. */
export interface Entry {
  name: string;
  /** Unix permission bits (e.g. 0o755). */
  mode: number;
  dir: boolean;
  data: Uint8Array;
}

async function inflate(
  bytes: Uint8Array,
  format: CompressionFormat,
): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream()
    .pipeThrough(new DecompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const latin1 = new TextDecoder("latin1");

function field(block: Uint8Array, at: number, len: number): string {
  return latin1.decode(block.subarray(at, at + len)).replace(/\0.*$/s, "");
}

/** The entries of a .tar.gz (ustar headers; no long names needed). */
export async function readTarGz(bytes: Uint8Array): Promise<Entry[]> {
  const tar = await inflate(bytes, "gzip");
  const out: Entry[] = [];
  for (let off = 0; off + 512 <= tar.length;) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const prefix = field(h, 345, 155);
    const base = field(h, 0, 100);
    const size = parseInt(field(h, 124, 12).trim() || "0", 8);
    const type = field(h, 156, 1);
    out.push({
      name: prefix ? `${prefix}/${base}` : base,
      mode: parseInt(field(h, 100, 8).trim(), 8) & 0o777,
      dir: type === "5",
      data: tar.slice(off + 512, off + 512 + size),
    });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** The entries of a .zip, in central-directory order. */
export async function readZip(bytes: Uint8Array): Promise<Entry[]> {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = bytes.length - 22;
  while (eocd >= 0 && v.getUint32(eocd, true) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("not a zip: no end of central directory");
  const count = v.getUint16(eocd + 10, true);
  let at = v.getUint32(eocd + 16, true);
  const out: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (v.getUint32(at, true) !== 0x02014b50) throw new Error("bad zip");
    const method = v.getUint16(at + 10, true);
    const csize = v.getUint32(at + 20, true);
    const nameLen = v.getUint16(at + 28, true);
    const extraLen = v.getUint16(at + 30, true);
    const commentLen = v.getUint16(at + 32, true);
    const attrs = v.getUint32(at + 38, true);
    const local = v.getUint32(at + 42, true);
    const name = new TextDecoder().decode(
      bytes.subarray(at + 46, at + 46 + nameLen),
    );
    const dataAt = local + 30 + v.getUint16(local + 26, true) +
      v.getUint16(local + 28, true);
    const raw = bytes.subarray(dataAt, dataAt + csize);
    out.push({
      name,
      mode: (attrs >>> 16) & 0o777,
      dir: name.endsWith("/"),
      data: method === 0 ? raw.slice() : await inflate(raw, "deflate-raw"),
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Lowercase hex SHA-256 of `bytes`. */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", bytes as BufferSource);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}
