import { VERIFIER_PATH, verifyInstructions } from './contents.js';

describe('VERIFY.txt', () => {
  it('names the exchange\'s single-file verifier at the exchange\'s public address, and how to run it', () => {
    const text = verifyInstructions('EVX-2026-7KQ3M9XD', 'https://evidence.example.eu/');
    expect(VERIFIER_PATH).toBe('/api/v1/tools/evx-verify.mjs');
    expect(text).toContain('Evidence bundle EVX-2026-7KQ3M9XD');
    expect(text).toContain('\n     https://evidence.example.eu/api/v1/tools/evx-verify.mjs\n');
    expect(text).toMatch(/^ +node evx-verify\.mjs <bundle\.zip> +#/m);
    expect(text).toMatch(/^ +node evx-verify\.mjs <bundle\.zip> --root root\.pem +#/m);
    expect(text).not.toContain('npx');
    // The transparency log: the proofs, the key to compare, and how to pin it.
    expect(text).toContain('log/steps/<seq>.tlog-proof');
    expect(text).toContain('\n     https://evidence.example.eu/api/v1/log/key\n');
    expect(text).toMatch(/^ +node evx-verify\.mjs <bundle\.zip> --log-key <key> +#/m);
  });

  it('names the path on the exchange when the address is not known', () => {
    expect(verifyInstructions('EVX-2026-7KQ3M9XD')).toContain("<the exchange's address>/api/v1/tools/evx-verify.mjs");
  });
});
