import type { RequiredTool } from './machine-tools.js';
export const REQUIRED_TOOLS: RequiredTool[];
