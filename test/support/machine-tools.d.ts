/** Types of machine-tools.js (plain JavaScript, loaded by jest's global setup and by .ci/run). */
export interface RequiredTool {
  /** The program the tests run, or what a person calls the thing when `check` is given. */
  tool: string;
  /** The Debian package that brings it. */
  package: string;
  /** A sh command that succeeds when it is there; `command -v <tool>` otherwise. */
  check?: string;
  usedBy?: string;
}

export type AptAccess = { usable: true; prefix: string[] } | { usable: false; reason: string };

export class ToolsError extends Error {}
export function isPresent(entry: Pick<RequiredTool, 'tool' | 'check'>, env?: NodeJS.ProcessEnv): boolean;
export function missingTools(tools: readonly RequiredTool[], env?: NodeJS.ProcessEnv): RequiredTool[];
export function packagesOf(tools: readonly RequiredTool[]): string[];
export function installLine(packages: readonly string[]): string;
export function aptAccess(options?: { env?: NodeJS.ProcessEnv; uid?: number }): AptAccess;
export function missingMessage(missing: readonly RequiredTool[], reason: string): string;
export function ensureTools(tools: readonly RequiredTool[], options?: { env?: NodeJS.ProcessEnv; uid?: number; log?: (line: string) => void }): { installed: string[] };
