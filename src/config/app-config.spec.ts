import { ConfigError, loadConfig } from './app-config.js';
import { generateNoteKey, generateWitnessKey } from '../../libs/tlog/testing.js';

describe('loadConfig', () => {
  it('gives embedded defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, nodeEnv: 'development', jwtTtlSeconds: 900, sessionMaxSeconds: 43_200, loginRateLimit: 10, logLevel: 'info', trustProxy: false });
    expect(config.embedded).toBe(true);
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.documentRenderNice).toBe(10);
  });

  it('reads typed values', () => {
    const kek = Buffer.alloc(32, 1).toString('base64');
    expect(loadConfig({ DOCUMENT_RENDER_NICE: '0' }).documentRenderNice).toBe(0);
    const config = loadConfig({ PORT: '8080', SEED_DEMO: 'false', DATABASE_URL: 'postgres://u@h:5432/db', JWT_SECRET: 'x'.repeat(32), KEY_ENCRYPTION_KEY: kek, TRUST_PROXY: 'true' });
    expect(config).toMatchObject({ port: 8080, seedDemo: false, databaseUrl: 'postgres://u@h:5432/db', trustProxy: true, publicUrl: 'http://localhost:8080' });
    expect(config.keyEncryptionKey).toEqual(Buffer.alloc(32, 1));
    expect(config.embedded).toBe(false);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ SEED_DEMO: 'yes' }, 'SEED_DEMO'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://u@h/db' }, 'JWT_SECRET'],
    [{ DATABASE_URL: 'postgres://u@h/db', JWT_SECRET: 'x'.repeat(32) }, 'KEY_ENCRYPTION_KEY'],
    [{ KEY_ENCRYPTION_KEY: 'c2hvcnQ=' }, 'KEY_ENCRYPTION_KEY'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ JWT_TTL_SECONDS: '5' }, 'JWT_TTL_SECONDS'],
    [{ SESSION_MAX_SECONDS: '30' }, 'SESSION_MAX_SECONDS'],
    [{ SESSION_MAX_SECONDS: '600' }, 'SESSION_MAX_SECONDS'],
    [{ SESSION_MAX_SECONDS: '3000', JWT_TTL_SECONDS: '3600' }, 'SESSION_MAX_SECONDS'],
    [{ DOCUMENT_RENDER_NICE: '20' }, 'DOCUMENT_RENDER_NICE'],
    [{ DOCUMENT_RENDER_NICE: '-1' }, 'DOCUMENT_RENDER_NICE'],
  ])('refuses %j naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(name));
  });

  it('reads LOG_WITNESSES as witness verifier keys with their URLs, and refuses anything else naming it', () => {
    const a = generateWitnessKey('witness-a.example');
    const b = generateWitnessKey('witness-b.example');
    const config = loadConfig({ LOG_WITNESSES: ` ${a.verifierKey}=https://a.example/witness/, ${b.verifierKey}=http://127.0.0.1:7380\n` });
    expect(config.logWitnesses).toEqual([
      { verifierKey: a.verifierKey, url: 'https://a.example/witness' },
      { verifierKey: b.verifierKey, url: 'http://127.0.0.1:7380' },
    ]);
    expect(loadConfig({}).logWitnesses).toEqual([]);
    expect(loadConfig({}).logSequenceIntervalMs).toBe(250);
    const logKey = generateNoteKey('log.example/log').verifierKey;
    for (const bad of [`${logKey}=https://x.example`, `${a.verifierKey}`, `${a.verifierKey}=ftp://x`, `${a.verifierKey.slice(0, -2)}AA=https://x.example`, `${a.verifierKey}=https://x ${a.verifierKey}=https://y`]) {
      expect(() => loadConfig({ LOG_WITNESSES: bad })).toThrow(/LOG_WITNESSES/);
    }
  });

  it('lists every bad setting at once', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems.join('\n')).toMatch(/PORT[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*PORT/);
    }
  });
});
