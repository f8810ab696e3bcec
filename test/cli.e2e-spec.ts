import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../bin/evx.js';

/** The command line as an operator runs it: `evx pki init` makes the exchange PKI, `evx pki show` prints it. */
describe('evx command line', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'evx-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const evx = async (...args: string[]) => {
    let out = '';
    const status = await main(args, { DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test' }, (text) => (out += text));
    return { status, out };
  };

  it('creates the exchange PKI once, then shows the same root', async () => {
    const init = await evx('pki', 'init');
    expect(init.status).toBe(0);
    const fingerprint = /root CA SHA-256 fingerprint ([0-9a-f]{64})/.exec(init.out)?.[1];
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect((await evx('pki', 'init')).out).toContain(fingerprint);
    const show = await evx('pki', 'show');
    expect(show.status).toBe(0);
    expect(show.out.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);
    expect((await evx('pki', 'nonsense')).status).toBe(2);
  });
});
