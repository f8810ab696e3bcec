import { sha256 } from './algorithms.js';
import { parseSignedData } from './cms.js';
import { PkiError } from './errors.js';
import { EVX_TSA_POLICY_OID } from './oids.js';
import { OpensslWorkspace, type TestPki, createTestPki } from './testing.js';
import { TimestampAuthority, grantedResponse } from './timestamp-authority.js';
import { parseTstInfo, tokenFromResponse } from './timestamp-verifier.js';
import { SignatureVerifier } from './verifier.js';

const workspace = new OpensslWorkspace();
afterAll(() => workspace.remove());
const data = Buffer.from('a workflow step, canonical JSON');
let test: TestPki;
let clock = new Date('2026-06-15T10:00:00.250Z');
let verifyArgs: string[];

beforeAll(async () => {
  test = await createTestPki({ now: new Date('2026-06-01T00:00:00Z'), tsaClock: () => clock });
  workspace.file('data.bin', data);
  verifyArgs = ['-CAfile', workspace.file('root.pem', test.pki.root.pem), '-untrusted', workspace.file('issuing.pem', test.pki.issuing.pem), '-attime', String(Math.floor(clock.getTime() / 1000) + 60)];
});

describe('TimestampAuthority', () => {
  it('answers an openssl-made query (nonce, certReq) so that openssl ts -verify says OK', async () => {
    workspace.openssl(['ts', '-query', '-data', 'data.bin', '-sha256', '-cert', '-out', 'query.tsq']);
    const response = await test.tsa.respond(workspace.read('query.tsq'));
    workspace.file('response.tsr', response);
    expect(workspace.openssl(['ts', '-verify', '-queryfile', 'query.tsq', '-in', 'response.tsr', ...verifyArgs])).toContain('Verification: OK');
    expect(workspace.openssl(['ts', '-verify', '-data', 'data.bin', '-in', 'response.tsr', ...verifyArgs])).toContain('Verification: OK');

    const reply = workspace.openssl(['ts', '-reply', '-in', 'response.tsr', '-text']);
    const query = workspace.openssl(['ts', '-query', '-in', 'query.tsq', '-text']);
    expect(reply).toContain('Status: Granted.');
    expect(reply).toContain(`Policy OID: ${EVX_TSA_POLICY_OID}`);
    expect(reply).toContain('Accuracy: 0x01 seconds');
    expect(reply).toContain('Time stamp: Jun 15 10:00:00.25 2026 GMT'); // DER: no trailing zeros
    const nonce = /Nonce: (0x[0-9A-F]+)/.exec(query)![1];
    expect(reply).toContain(`Nonce: ${nonce}`);
  });

  it('stamps a SHA-256 imprint directly; openssl verifies the token and its response form', async () => {
    const token = await test.tsa.timestamp(sha256(data));
    workspace.file('token.der', token);
    workspace.file('wrapped.tsr', grantedResponse(token));
    const digest = sha256(data).toString('hex');
    expect(workspace.openssl(['ts', '-verify', '-token_in', '-in', 'token.der', '-digest', digest, ...verifyArgs])).toContain('Verification: OK');
    expect(workspace.openssl(['ts', '-verify', '-in', 'wrapped.tsr', '-digest', digest, ...verifyArgs])).toContain('Verification: OK');
    expect(() => workspace.openssl(['ts', '-verify', '-in', 'wrapped.tsr', '-digest', sha256(Buffer.from('other')).toString('hex'), ...verifyArgs])).toThrow(/message imprint mismatch/);
    expect(tokenFromResponse(grantedResponse(token))).toEqual(token);
  });

  it('leaves the certificates out when the request does not ask for them', async () => {
    workspace.openssl(['ts', '-query', '-data', 'data.bin', '-sha256', '-no_nonce', '-out', 'bare.tsq']);
    const response = await test.tsa.respond(workspace.read('bare.tsq'));
    const token = tokenFromResponse(response);
    expect(parseSignedData(token).certificates).toHaveLength(0);
    expect(parseTstInfo(parseSignedData(token).eContent!).nonce).toBeUndefined();
    workspace.file('bare.tsr', response);
    // openssl then needs the TSA certificate from elsewhere.
    const withTsa = ['-CAfile', 'root.pem', '-untrusted', workspace.file('chain.pem', test.pki.issuing.pem + test.pki.tsa.pem), '-attime', verifyArgs.at(-1)!];
    expect(workspace.openssl(['ts', '-verify', '-queryfile', 'bare.tsq', '-in', 'bare.tsr', ...withTsa])).toContain('Verification: OK');
  });

  it('gives every token a unique serial number and the clock time', async () => {
    const serials = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      clock = new Date(clock.getTime() + 1);
      const info = parseTstInfo(parseSignedData(await test.tsa.timestamp(sha256(Buffer.from([i])))).eContent!);
      serials.add(info.serialNumber);
      expect(info.genTime).toEqual(clock);
    }
    expect(serials.size).toBe(2000);
  });

  it('rejects what it cannot honour with an RFC 3161 failure reason', async () => {
    workspace.openssl(['ts', '-query', '-data', 'data.bin', '-sha1', '-out', 'sha1.tsq']);
    workspace.openssl(['ts', '-query', '-data', 'data.bin', '-sha256', '-tspolicy', '1.2.3.4', '-out', 'policy.tsq']);
    const cases = [
      ['sha1.tsq', 'unrecognized or unsupported algorithm identifier'],
      ['policy.tsq', 'the requested TSA policy is not supported by the TSA'],
    ] as const;
    for (const [query, reason] of cases) {
      workspace.file('rejected.tsr', await test.tsa.respond(workspace.read(query)));
      const text = workspace.openssl(['ts', '-reply', '-in', 'rejected.tsr', '-text']);
      expect(text).toContain('Status: Rejected.');
      expect(text).toContain(reason);
    }
    workspace.file('garbage.tsr', await test.tsa.respond(Buffer.from('not a request')));
    expect(workspace.openssl(['ts', '-reply', '-in', 'garbage.tsr', '-text'])).toContain('the data submitted has the wrong format');
    expect(() => tokenFromResponse(workspace.read('garbage.tsr'))).toThrow(PkiError);
  });

  it('answers systemFailure when it cannot sign, handing the error to onFailure and quoting its reference', async () => {
    const failures: unknown[] = [];
    const keys = test.keyStore;
    const broken = { publicKey: (id: string) => keys.publicKey(id), sign: () => Promise.reject(new Error('HSM unplugged')) } as unknown as typeof keys;
    const tsa = await TimestampAuthority.create(broken, test.pki.tsa.keyId, test.pki.tsa.der, [test.pki.issuing.der], {
      onFailure: (error) => {
        failures.push(error);
        return 'ref-42';
      },
    });
    workspace.openssl(['ts', '-query', '-data', 'data.bin', '-sha256', '-cert', '-out', 'failing.tsq']);
    workspace.file('failing.tsr', await tsa.respond(workspace.read('failing.tsq')));
    const text = workspace.openssl(['ts', '-reply', '-in', 'failing.tsr', '-text']);
    expect(text).toContain('Status: Rejected.');
    expect(text).toContain('the timestamp could not be issued (reference ref-42)');
    expect(text).toContain('system failure');
    expect(failures).toEqual([expect.objectContaining({ message: 'HSM unplugged' })]);
  });

  it('is validated by the verifier, which checks the imprint', async () => {
    const verifier = new SignatureVerifier({ ...test.trust, revocation: () => null });
    const token = await test.tsa.timestamp(sha256(data));
    const good = await verifier.verifyTimestampToken(token, sha256(data), { validationTime: new Date(clock.getTime() + 60_000) });
    expect(good.problems).toEqual([]);
    expect(good).toMatchObject({ indication: 'TOTAL_PASSED', genTime: clock.toISOString(), policy: EVX_TSA_POLICY_OID });
    const wrong = await verifier.verifyTimestampToken(token, sha256(Buffer.from('other')), { validationTime: new Date(clock.getTime() + 60_000) });
    expect(wrong).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
    const early = await verifier.verifyTimestampToken(token, sha256(data), { validationTime: new Date(clock.getTime() - 3_600_000) });
    expect(early.indication).not.toBe('TOTAL_PASSED');
  });

  it('refuses a certificate without the critical timeStamping usage, or a key that is not its own', async () => {
    await expect(TimestampAuthority.create(test.keyStore, test.pki.seal.keyId, test.pki.seal.der)).rejects.toMatchObject({ code: 'CERTIFICATE_INVALID' });
    await expect(TimestampAuthority.create(test.keyStore, test.pki.seal.keyId, test.pki.tsa.der)).rejects.toMatchObject({ code: 'SIGNER_KEY_MISMATCH' });
  });
});
