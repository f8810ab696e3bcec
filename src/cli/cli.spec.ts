import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWitnessKey } from '../../libs/tlog/testing.js';
import { LOG_AUDIT_USAGE, logAuditCommand } from './log-audit.js';
import { WITNESS_USAGE, loadOrCreateWitnessKey, witnessCommand } from './witness.js';

describe('evx witness and evx log audit, before they reach the network', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evx-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = async (command: (args: string[], out: (text: string) => void) => Promise<number>, ...args: string[]) => {
    const out: string[] = [];
    return { code: await command(args, (text) => out.push(text)), out: out.join('') };
  };

  it('answer 2 and their usage line for arguments they do not know', async () => {
    for (const args of [[], ['--log'], ['--listen', '127.0.0.1'], ['--port', '1', '--log', 'x']]) expect(await run(witnessCommand, ...args)).toEqual({ code: 2, out: `${WITNESS_USAGE}\n` });
    for (const args of [[], ['ftp://x'], ['http://a', 'http://b'], ['http://a', '--state'], ['http://a', '--json']]) expect(await run(logAuditCommand, ...args)).toEqual({ code: 2, out: `${LOG_AUDIT_USAGE}\n` });
  });

  it('refuse a log key that is not a log\'s, before making any key file', async () => {
    const keyFile = join(dir, 'never-made.json');
    const result = await run(witnessCommand, '--log', generateWitnessKey('w.example').verifierKey, '--key-file', keyFile);
    expect(result).toEqual({ code: 1, out: expect.stringContaining('is an Ed25519 note key') });
    expect(existsSync(keyFile)).toBe(false);
  });

  it('keep the witness key in a file of its owner only, with its name', () => {
    const keyFile = join(dir, 'key.json');
    const made = loadOrCreateWitnessKey(keyFile, 'witness.example/w1');
    expect(loadOrCreateWitnessKey(keyFile).publicKey).toEqual(made.publicKey);
    expect(() => loadOrCreateWitnessKey(keyFile, 'witness.example/w2')).toThrow(/holds the key of witness witness\.example\/w1/);
    chmodSync(keyFile, 0o644);
    expect(() => loadOrCreateWitnessKey(keyFile)).toThrow(/chmod 600/);
    expect(() => loadOrCreateWitnessKey(join(dir, 'other.json'), 'has space')).toThrow(/no space/);
  });
});
