/**
 * Render + PAdES B-T sign of one EPOC (two pages, two embedded fonts, order.json attached, a
 * timestamp from the exchange TSA), one after another on one core. Aim: under 100 ms each.
 */
import { performance } from 'node:perf_hooks';
import { sampleModel } from '../libs/pdf/fixtures.js';
import { renderDocument, signPdf } from '../libs/pdf/index.js';
import { createTestPki } from '../libs/pki/testing.js';
import { printRows } from './harness.js';

const COUNT = Number(process.env.BENCH_PDF_COUNT ?? 200);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export default async function run(): Promise<void> {
  const pki = await createTestPki();
  const model = sampleModel('EPOC', { audience: 'ENFORCING_AUTHORITY', sectionM: { caseSummary: 'Forty victims of fake listings.', necessityGrounds: 'Identify the accomplices.' } });
  const first = performance.now();
  await signPdf((await renderDocument(model, 'en', { signingTime: new Date() })).pdf, pki.organisationSigner, pki.tsa);
  const cold = performance.now() - first;
  const render: number[] = [];
  const total: number[] = [];
  let bytes = 0;
  for (let i = 0; i < COUNT; i++) {
    const started = performance.now();
    const rendered = await renderDocument(model, i % 2 ? 'fr' : 'en', { signingTime: new Date() });
    const middle = performance.now();
    const pdf = await signPdf(rendered.pdf, pki.organisationSigner, pki.tsa);
    total.push(performance.now() - started);
    render.push(middle - started);
    bytes += pdf.length;
  }
  render.sort((a, b) => a - b);
  total.sort((a, b) => a - b);
  printRows(`PDF: render + sign one EPOC (${COUNT} in a row, en and fr alternately; ${Math.round(bytes / COUNT / 1024)} KiB each)`, [
    { what: 'render + sign p50', value: percentile(total, 50), unit: 'ms', limit: { what: 'aim', value: 100 } },
    { what: 'render + sign p99', value: percentile(total, 99), unit: 'ms', limit: { what: 'aim', value: 100 } },
    { what: 'of which rendering p50', value: percentile(render, 50), unit: 'ms' },
    { what: 'first document (fonts parsed once per process)', value: cold, unit: 'ms' },
    { what: 'documents per second, one core', value: (COUNT * 1000) / total.reduce((a, b) => a + b, 0), unit: 'docs/s' },
  ]);
}
