/**
 * Test support: a real MinIO, small S3 helpers, and a fault-injecting
 * proxy with ready-made rules.
 *
 * @module
 */
export * from "./minio.ts";
export * from "./proxy.ts";
export * from "./rules.ts";
export * from "./s3.ts";
export * from "./tls.ts";
export { freePort } from "./_minio_process.ts";
