/**
 * `npm run bench`: runs every `bench/*.bench.ts` suite (each prints its figures beside this
 * machine's own limits). `npm run bench -- routing pki` runs only those suites.
 */
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
const suites = readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith('.bench.js'))
  .map((file) => ({ name: file.replace(/\.bench\.js$/, ''), file }))
  .filter((suite) => only.length === 0 || only.includes(suite.name))
  .sort((a, b) => a.name.localeCompare(b.name));

console.log(`Benchmarks on ${process.version}, ${(await import('node:os')).cpus().length} cores: ${suites.map((s) => s.name).join(', ')}`);
for (const suite of suites) {
  const module = (await import(`./${suite.file}`)) as { default: () => Promise<void> };
  await module.default();
}
