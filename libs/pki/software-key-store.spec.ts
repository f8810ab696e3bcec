import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { inspect } from 'node:util';
import { PkiError } from './errors.js';
import { InMemoryKeyRecordStore, type KeyRecord, SoftwareKeyStore } from './software-key-store.js';

const data = Buffer.from('to be signed');

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(PkiError);
    return (error as PkiError).code;
  }
}

describe('SoftwareKeyStore', () => {
  const kek = SoftwareKeyStore.generateKek();
  const records = new InMemoryKeyRecordStore();
  const store = new SoftwareKeyStore(kek, records);

  it('generates P-256 and RSA keys and signs natively (DER ECDSA, PKCS#1 v1.5)', async () => {
    const ec = await store.generate('ec key', 'P-256');
    const rsa = await store.generate('rsa key', 'RSA-2048');
    expect(ec.spec).toBe('P-256');
    for (const info of [ec, rsa]) {
      const signature = await store.sign(info.id, data);
      expect(verify('sha256', data, await store.publicKey(info.id), signature)).toBe(true);
      expect((await store.publicKey(info.id)).export({ type: 'spki', format: 'der' })).toEqual(info.publicKeySpki);
    }
    expect((await store.publicKey(rsa.id)).asymmetricKeyDetails?.modulusLength).toBe(2048);
    // SHA-384 on request
    const signature384 = await store.sign(ec.id, data, 'sha384');
    expect(verify('sha384', data, await store.publicKey(ec.id), signature384)).toBe(true);
  });

  it('generates Ed25519 keys that sign the raw message (RFC 8032), also after unwrapping in another instance', async () => {
    const info = await store.generate('log key', 'Ed25519');
    expect(info.spec).toBe('Ed25519');
    const signature = await store.sign(info.id, data);
    expect(signature).toHaveLength(64);
    const publicKey = await store.publicKey(info.id);
    expect(publicKey.asymmetricKeyType).toBe('ed25519');
    expect(verify(null, data, publicKey, signature)).toBe(true);
    expect(verify(null, Buffer.from('another message'), publicKey, signature)).toBe(false);
    // Ed25519 is deterministic: the same message gives the same signature, whatever hash is asked for.
    expect(await store.sign(info.id, data, 'sha384')).toEqual(signature);
    const reopened = new SoftwareKeyStore(kek, records);
    expect(await reopened.sign(info.id, data)).toEqual(signature);
    const imported = await store.importPrivateKey('imported log key', generateKeyPairSync('ed25519').privateKey);
    expect(imported.spec).toBe('Ed25519');
    // The algorithm is bound to the record: relabelled as P-256, it does not decrypt.
    const relabelled = new InMemoryKeyRecordStore();
    await relabelled.put({ ...(await records.get(info.id))!, spec: 'P-256' });
    expect(await codeOf(new SoftwareKeyStore(kek, relabelled).sign(info.id, data))).toBe('KEY_UNWRAP_FAILED');
  });

  it('persists only public data and the wrapped key; another instance with the KEK can sign', async () => {
    const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const info = await store.importPrivateKey('imported', ecKey);
    const record = (await records.get(info.id))!;
    const pkcs8 = ecKey.export({ type: 'pkcs8', format: 'der' });
    const scalar = pkcs8.subarray(pkcs8.indexOf(Buffer.from([0x04, 0x20])) + 2).subarray(0, 32);
    const serialised = JSON.stringify(record) + Object.values(record).map((value) => (Buffer.isBuffer(value) ? value.toString('hex') : String(value))).join();
    expect(serialised).not.toContain(pkcs8.toString('hex'));
    expect(serialised).not.toContain(scalar.toString('hex'));
    expect(serialised).not.toContain(scalar.toString('base64'));
    expect(record.wrappedKey.length).toBe(12 + pkcs8.length + 16);

    const reopened = new SoftwareKeyStore(kek, records);
    const signature = await reopened.sign(info.id, data);
    expect(verify('sha256', data, await reopened.publicKey(info.id), signature)).toBe(true);
  });

  it('uses a fresh IV for every record', async () => {
    const a = await store.generate('a', 'P-256');
    const b = await store.generate('b', 'P-256');
    const iv = async (id: string) => (await records.get(id))!.wrappedKey.subarray(0, 12).toString('hex');
    expect(await iv(a.id)).not.toBe(await iv(b.id));
  });

  it('binds the key id and algorithm: a record moved to another id does not decrypt', async () => {
    const info = await store.generate('victim', 'P-256');
    const record = (await records.get(info.id))!;
    const tampered = new InMemoryKeyRecordStore();
    await tampered.put({ ...record, id: 'other-id' });
    await tampered.put({ ...record, id: 'relabelled', spec: 'RSA-2048' });
    const reader = new SoftwareKeyStore(kek, tampered);
    expect(await codeOf(reader.sign('other-id', data))).toBe('KEY_UNWRAP_FAILED');
    expect(await codeOf(reader.sign('relabelled', data))).toBe('KEY_UNWRAP_FAILED');
  });

  it('detects an altered ciphertext', async () => {
    const info = await store.generate('altered', 'P-256');
    const record = (await records.get(info.id))!;
    const wrappedKey = Buffer.from(record.wrappedKey);
    wrappedKey[20] ^= 1;
    const altered = new InMemoryKeyRecordStore();
    await altered.put({ ...record, wrappedKey });
    expect(await codeOf(new SoftwareKeyStore(kek, altered).sign(info.id, data))).toBe('KEY_UNWRAP_FAILED');
  });

  it('refuses a wrong KEK, an unknown key, a short KEK and unsupported keys with typed errors', async () => {
    const info = await store.generate('k', 'P-256');
    const wrongKek = SoftwareKeyStore.generateKek();
    const withWrongKek = new SoftwareKeyStore(wrongKek, records);
    expect(await codeOf(withWrongKek.sign(info.id, data))).toBe('KEY_UNWRAP_FAILED');
    // Even with a forged kekId, GCM refuses.
    const record = (await records.get(info.id))!;
    const forged = new InMemoryKeyRecordStore();
    await forged.put({ ...record, kekId: createHash('sha256').update(wrongKek).digest().subarray(0, 8).toString('hex') });
    expect(await codeOf(new SoftwareKeyStore(wrongKek, forged).sign(info.id, data))).toBe('KEY_UNWRAP_FAILED');

    expect(await codeOf(store.sign('no-such-key', data))).toBe('KEY_NOT_FOUND');
    expect(() => new SoftwareKeyStore(Buffer.alloc(16), records)).toThrow(PkiError);
    expect(await codeOf(store.generate('bad', 'P-384' as never))).toBe('KEY_UNSUPPORTED');
    expect(await codeOf(store.importPrivateKey('p384', generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey))).toBe('KEY_UNSUPPORTED');
  });

  it('never shows the KEK or a private key in toString, JSON, inspect or error messages', async () => {
    const info = await store.generate('secret', 'P-256');
    await store.sign(info.id, data); // key now cached in memory
    const outputs = [String(store), JSON.stringify(store), JSON.stringify({ store }), inspect(store, { showHidden: true, depth: 10 })];
    const errors: string[] = [];
    for (const attempt of [new SoftwareKeyStore(SoftwareKeyStore.generateKek(), records).sign(info.id, data), store.sign('missing', data)]) {
      try {
        await attempt;
      } catch (error) {
        errors.push(String(error), JSON.stringify(error), inspect(error), (error as Error).stack ?? '');
      }
    }
    for (const text of [...outputs, ...errors]) {
      for (const encoding of ['hex', 'base64', 'base64url'] as const) expect(text).not.toContain(kek.toString(encoding));
      expect(text).not.toContain('PRIVATE KEY');
    }
    expect(String(store)).toBe('[SoftwareKeyStore]');
  });

  it('keeps a copy of the KEK: wiping the caller buffer does not break it', async () => {
    const own = SoftwareKeyStore.generateKek();
    const localRecords = new InMemoryKeyRecordStore();
    const local = new SoftwareKeyStore(own, localRecords);
    const info = await local.generate('x', 'P-256');
    own.fill(0);
    expect(await new SoftwareKeyStore(Buffer.from(own), localRecords).sign(info.id, data).catch(() => 'refused')).toBe('refused');
    await expect(local.sign(info.id, data)).resolves.toBeInstanceOf(Buffer);
  });

  it('does not block the event loop while generating RSA-3072 keys', async () => {
    let worstGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 1);
    const started = performance.now();
    await Promise.all([store.generate('r1', 'RSA-3072'), store.generate('r2', 'RSA-3072')]);
    const elapsed = performance.now() - started;
    // The gap up to now too: a loop stopped for the whole generation never ran the timer at all.
    worstGap = Math.max(worstGap, performance.now() - last);
    clearInterval(timer);
    // Generation takes hundreds of milliseconds; the loop keeps ticking meanwhile. Generated on the
    // event loop, the two keys would stop it for half that time or more each; a loaded machine can
    // still pause it briefly (a collection, another process), hence a share of the time, not a constant.
    expect(worstGap).toBeLessThan(Math.max(50, elapsed / 4));
  });

  it('unwraps a key once even under concurrent first use', async () => {
    class CountingStore extends InMemoryKeyRecordStore {
      gets = 0;
      override async get(id: string): Promise<KeyRecord | null> {
        this.gets++;
        return super.get(id);
      }
    }
    const counting = new CountingStore();
    const writer = new SoftwareKeyStore(kek, counting);
    const info = await writer.generate('c', 'P-256');
    const reader = new SoftwareKeyStore(kek, counting);
    counting.gets = 0;
    await Promise.all(Array.from({ length: 20 }, () => reader.sign(info.id, data)));
    expect(counting.gets).toBe(1);
  });
});
