/**
 * `npm run bench -- routing`: routing evaluations per second over a mixed set of orders (EU
 * orders with and without review, emergencies, preservation, Denmark, Ireland, the CLOUD Act
 * agreements, Budapest, voluntary disclosure, MLA, no instrument at all). There is no machine
 * limit to compare with; the aim is "far below a millisecond" per evaluation.
 */
import { evaluateRouting, loadCatalogue, type RoutingInput, type RoutingProvider } from '../libs/routing/index.js';
import { PROVIDERS, routingInput } from '../libs/routing/fixtures.js';
import { opsPerSecond, printRows } from './harness.js';

const { examplegram, nordtel, albionMail, danskNet, budaHost, outbackCloud } = PROVIDERS;
const content = { dataCategories: ['CONTENT'], offence: { maxSentenceMonths: 60 } } satisfies Partial<RoutingInput>;

const SCENARIOS: [Partial<RoutingInput>, RoutingProvider][] = [
  [{}, examplegram],
  [content, examplegram],
  [{ ...content, offenceInIssuingState: true, targetResidesInIssuingState: true }, examplegram],
  [{ ...content, offence: { maxSentenceMonths: 24 } }, examplegram],
  [{ dataCategories: ['IDENTIFICATION'], emergency: true }, nordtel],
  [{ orderType: 'PRESERVATION', dataCategories: ['TRAFFIC', 'CONTENT'] }, examplegram],
  [{ ...content, date: '2026-08-17' }, examplegram],
  [{ issuingCountry: 'DK' }, nordtel],
  [{ issuingCountry: 'IE', ...content }, nordtel],
  [{ issuingCountry: 'GB', ...content, targetIsUsPerson: false, targetLocation: 'GB' }, examplegram],
  [{ issuingCountry: 'GB', ...content, targetIsUsPerson: true, targetLocation: 'GB' }, examplegram],
  [{ issuingCountry: 'US', ...content, targetLocation: 'GB' }, albionMail],
  [{ issuingCountry: 'US', ...content, targetLocation: 'NZ' }, outbackCloud],
  [{ issuingCountry: 'GH', orderType: 'PRESERVATION' }, examplegram],
  [{ issuingCountry: 'BY', ...content }, nordtel],
  [{ issuingCountry: 'RS' }, budaHost],
  [{}, danskNet],
];

export default async function run(): Promise<void> {
  const catalogue = loadCatalogue();
  const orders = SCENARIOS.map(([input, provider]) => [routingInput(input), provider] as const);
  // One call runs the whole mixed set, so the harness's per-call await does not dominate.
  const passes = await opsPerSecond(() => {
    for (const [input, provider] of orders) evaluateRouting(catalogue, input, provider);
  });
  const perSecond = passes * orders.length;
  const loads = await opsPerSecond(() => loadCatalogue(), 1);
  printRows(`Routing engine (${orders.length} mixed scenarios, ${catalogue.instruments.length} instruments, catalogue ${catalogue.version})`, [
    { what: 'evaluations, mixed set', value: perSecond, unit: '/s' },
    { what: 'time per evaluation', value: 1e6 / perSecond, unit: 'µs' },
    { what: 'catalogue load (read, parse, schema, freeze)', value: 1e3 / loads, unit: 'ms' },
  ]);
}
