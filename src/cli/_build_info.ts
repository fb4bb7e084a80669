/**
 * Stamped by scripts/build.sh for release binaries; empty in a checkout,
 * where the commit is asked of git instead.
 *
 * @module
 */

/** The git commit of a release build, or "" when not stamped. */
export const BUILD_COMMIT: string = "";
