import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  buildCrl,
  CadesSigner,
  createExchangePki,
  SignatureVerifier,
  TimestampAuthority,
  toPem,
  type KeyStore,
  type PkiMember,
} from '../../../libs/pki/index.js';
import { SIGNATURE_TYPE_ED25519, ed25519Signer, formatVerifierKey, rawEd25519PublicKey, type NoteSigner } from '../../../libs/tlog/index.js';
import { Clock } from '../../common/clock.js';
import { AppConfig } from '../../config/app-config.js';
import { logOriginFor } from '../log/log-origin.js';
import { CertificatesRepository } from './certificates.repository.js';
import type { CertificateEntity } from './entities/certificate.entity.js';
import { LogKeyEntity } from './entities/log-key.entity.js';
import { KEY_STORE } from './key-store.provider.js';

/** The CRL is reissued at least this often, and whenever a revocation is seen. */
const CRL_VALIDITY_MS = 24 * 60 * 60 * 1000;
/** Serialises the creation of the exchange PKI between instances sharing one database. */
const PKI_INIT_LOCK = 4_201_201;

export const EXCHANGE_NAME = 'Evidence Exchange';

/** The transparency log's note key: its origin (also its name), public key and a signer over the KeyStore. */
export interface LogKey {
  keyId: string;
  origin: string;
  publicKey: Buffer;
  /** `<origin>+<key ID>+<base64>`, as GET /log/key serves it. */
  verifierKey: string;
  signer: NoteSigner;
}

interface ExchangeMembers {
  root: CertificateEntity;
  issuing: CertificateEntity & { keyId: string };
  seal: CertificateEntity & { keyId: string };
  tsa: CertificateEntity & { keyId: string };
}

/**
 * The exchange's own PKI in the running app: created on first start (or by `evx pki init`),
 * then loaded, with its keys warmed, before any request is served. Everything that signs as the
 * exchange, timestamps or verifies goes through here.
 */
@Injectable()
export class ExchangePkiService implements OnModuleInit {
  private readonly logger = new Logger('Pki');
  private members?: ExchangeMembers;
  private timestampAuthority?: TimestampAuthority;
  private signatureVerifier?: SignatureVerifier;
  private sealSigner?: CadesSigner;
  private crl?: { state: string; der: Buffer; nextUpdate: Date };
  private log?: LogKey;

  constructor(
    @Inject(KEY_STORE) private readonly keyStore: KeyStore,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly certificates: CertificatesRepository,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.initialise();
    await this.initialiseLogKey();
    await this.load();
  }

  /**
   * Creates the transparency log's Ed25519 key unless it exists: with the PKI on a first start,
   * and on the first start of an exchange whose PKI predates the log. The origin comes from
   * PUBLIC_URL once and is kept with the key. Returns whether it created it.
   */
  async initialiseLogKey(): Promise<boolean> {
    if (await this.findLogKey()) return false;
    const origin = logOriginFor(this.config.publicUrl);
    const key = await this.keyStore.generate(`${EXCHANGE_NAME} transparency log`, 'Ed25519');
    const verifierKey = formatVerifierKey({ name: origin, type: SIGNATURE_TYPE_ED25519, publicKey: rawEd25519PublicKey(key.publicKeySpki) });
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [PKI_INIT_LOCK]);
      if (await this.findLogKey(manager)) return false;
      await manager.insert(LogKeyEntity, { keyId: key.id, origin, verifierKey });
      return true;
    });
    if (created) this.logger.log({ msg: 'created the transparency log key', verifierKey });
    return created;
  }

  private findLogKey(manager = this.dataSource.manager): Promise<LogKeyEntity | null> {
    return manager.findOne(LogKeyEntity, { where: {}, order: { createdAt: 'ASC' } });
  }

  /**
   * Creates the root CA, issuing CA, seal and TSA certificates unless they exist. Keys are made
   * first (each stored wrapped as it is made); the four certificates are then recorded in one
   * transaction under an advisory lock, so two instances starting together create one PKI.
   * Returns whether it created them.
   */
  async initialise(): Promise<boolean> {
    if (await this.certificates.findExchangeCertificate('ROOT_CA')) return false;
    const pki = await createExchangePki(this.keyStore, {
      name: EXCHANGE_NAME,
      now: this.clock.now(),
      crlUrl: `${this.config.publicUrl}/api/v1/pki/crl`,
    });
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [PKI_INIT_LOCK]);
      if (await this.certificates.findExchangeCertificate('ROOT_CA', manager)) return false;
      const record = (member: PkiMember, purpose: CertificateEntity['purpose']) =>
        this.certificates.insert(
          {
            serialNumber: member.serialNumber,
            purpose,
            organisationId: null,
            subject: member.subject,
            fingerprintSha256: member.fingerprintSha256,
            der: member.der,
            notBefore: member.notBefore,
            notAfter: member.notAfter,
            keyId: member.keyId,
          },
          manager,
        );
      await record(pki.root, 'ROOT_CA');
      await record(pki.issuing, 'ISSUING_CA');
      await record(pki.seal, 'SEAL');
      await record(pki.tsa, 'TSA');
      return true;
    });
    if (created) this.logger.log({ msg: 'created the exchange PKI', root: pki.root.fingerprintSha256, issuing: pki.issuing.serialNumber });
    return created;
  }

  private async load(): Promise<void> {
    const [root, issuing, seal, tsa] = await Promise.all(
      (['ROOT_CA', 'ISSUING_CA', 'SEAL', 'TSA'] as const).map((purpose) => this.certificates.findExchangeCertificate(purpose)),
    );
    if (!root || !issuing?.keyId || !seal?.keyId || !tsa?.keyId) throw new Error('The exchange PKI is incomplete: run `evx pki init`.');
    const logKey = await this.findLogKey();
    if (!logKey) throw new Error('The transparency log has no key: run `evx pki init`.');
    this.members = { root, issuing: issuing as ExchangeMembers['issuing'], seal: seal as ExchangeMembers['seal'], tsa: tsa as ExchangeMembers['tsa'] };
    // Warm every key the exchange signs with, its own and the custodial ones, before serving.
    const custodial = await this.certificates.listCustodialKeyIds();
    for (const keyId of new Set([issuing.keyId, seal.keyId, tsa.keyId, logKey.keyId, ...custodial.map((row) => row.keyId)])) await this.keyStore.warm(keyId);
    const logPublicKey = rawEd25519PublicKey(await this.keyStore.publicKey(logKey.keyId));
    this.log = {
      keyId: logKey.keyId,
      origin: logKey.origin,
      publicKey: logPublicKey,
      verifierKey: logKey.verifierKey,
      signer: ed25519Signer(logKey.origin, logPublicKey, (message) => this.keyStore.sign(logKey.keyId, message)),
    };
    this.timestampAuthority = await TimestampAuthority.create(this.keyStore, tsa.keyId, tsa.der, [issuing.der], {
      now: () => this.clock.now(),
      // The requester gets RFC 3161's systemFailure with this id to quote; the cause is logged here.
      onFailure: (error) => {
        const errorId = randomUUID();
        this.logger.error({ msg: 'timestamp authority failed', errorId, err: error });
        return `error id ${errorId}`;
      },
    });
    this.sealSigner = await CadesSigner.create(this.keyStore, seal.keyId, seal.der, [issuing.der]);
    this.signatureVerifier = new SignatureVerifier({
      roots: [root.der],
      intermediates: [issuing.der],
      revocation: ({ serialNumber }) => this.certificates.revocationOf(serialNumber),
    });
  }

  private loaded(): ExchangeMembers {
    if (!this.members) throw new Error('The exchange PKI is not loaded yet.');
    return this.members;
  }

  /** The issuer of organisation certificates and CRLs. */
  issuer(): { certificate: Buffer; keyId: string } {
    const { issuing } = this.loaded();
    return { certificate: issuing.der, keyId: issuing.keyId };
  }

  /** The public chain, issuing CA first, as `GET /pki/ca` serves it. */
  caChainPem(): string {
    const { issuing, root } = this.loaded();
    return [issuing, root].map((c) => toPem('CERTIFICATE', c.der)).join('');
  }

  rootCertificate(): Buffer {
    return this.loaded().root.der;
  }

  tsa(): TimestampAuthority {
    if (!this.timestampAuthority) throw new Error('The exchange PKI is not loaded yet.');
    return this.timestampAuthority;
  }

  /** The exchange's seal: countersigns every step of every order, and signs the exchange's own clock steps. */
  seal(): CadesSigner {
    if (!this.sealSigner) throw new Error('The exchange PKI is not loaded yet.');
    return this.sealSigner;
  }

  /** The transparency log's note key. */
  logKey(): LogKey {
    if (!this.log) throw new Error('The exchange PKI is not loaded yet.');
    return this.log;
  }

  verifier(): SignatureVerifier {
    if (!this.signatureVerifier) throw new Error('The exchange PKI is not loaded yet.');
    return this.signatureVerifier;
  }

  /**
   * The current CRL of the issuing CA. Rebuilt when the revocations in the database differ from
   * those of the cached one (so a revocation made through another instance shows at once), or
   * when it nears its nextUpdate. The CRL number is the issue time in milliseconds: it only grows.
   */
  async currentCrl(): Promise<Buffer> {
    const now = this.clock.now();
    const state = await this.certificates.revocationState();
    if (this.crl && this.crl.state === state && this.crl.nextUpdate.getTime() - now.getTime() > CRL_VALIDITY_MS / 2) return this.crl.der;
    const revoked = await this.certificates.listRevoked();
    const nextUpdate = new Date(now.getTime() + CRL_VALIDITY_MS);
    const der = await buildCrl(this.keyStore, this.issuer(), {
      crlNumber: BigInt(now.getTime()),
      thisUpdate: now,
      nextUpdate,
      revoked: revoked.map((c) => ({ serialNumber: c.serialNumber, revokedAt: c.revokedAt!, reason: c.revocationReason ?? 'unspecified' })),
    });
    this.crl = { state, der, nextUpdate };
    return der;
  }
}
