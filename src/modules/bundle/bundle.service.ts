import { Inject, Injectable, Logger } from '@nestjs/common';
import { PassThrough, type Readable } from 'node:stream';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ASIC_MIMETYPE, BUNDLE_PATHS, asicManifest, logProofPath, stepsFile, verifyInstructions, writeStoredZip, type DataObject, type ExchangeFile, type ProductionFile, type ZipSource } from '../../../libs/bundle/index.js';
import { DomainError } from '../../../libs/domain/errors.js';
import { evidenceBarred, receivesBundle, releaseSeq } from '../../../libs/domain/order-access.js';
import { factsOf } from '../../../libs/domain/order-facts.js';
import { hex } from '../../../libs/domain/step-chain.js';
import { toPem } from '../../../libs/pki/index.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { AppConfig } from '../../config/app-config.js';
import { readAsParty } from '../../database/row-level-security.js';
import { OrderDocumentEntity } from '../documents/entities/order-document.entity.js';
import { EvidenceRepository } from '../evidence/evidence.repository.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { toSignedStep } from '../ledger/steps.mapper.js';
import { LogProofs } from '../log/log-proofs.service.js';
import { stateOf } from '../orders/orders.mapper.js';
import { OrdersService } from '../orders/orders.service.js';
import { CertificatesRepository } from '../pki/certificates.repository.js';
import { ExchangePkiService, EXCHANGE_NAME } from '../pki/exchange-pki.service.js';
import { BLOB_STORE, type BlobStore } from '../storage/blob-store.js';

/** Entries streamed lazily from the blob store: evidence can be gigabytes. */
interface StreamedEntry {
  path: string;
  key: string;
  size: number;
  sha256: string;
  mediaType: string;
}

/**
 * The prosecutor's evidence bundle (`GET /orders/:id/bundle`, docs/api.md): an ASiC-E zip streamed as it
 * is written, never held in memory, that anyone can verify offline (libs/bundle, `evx verify`).
 */
@Injectable()
export class BundleService {
  private readonly logger = new Logger('Bundle');

  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(AppConfig) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orders: OrdersService,
    private readonly ledger: LedgerRepository,
    private readonly evidenceRows: EvidenceRepository,
    private readonly certificates: CertificatesRepository,
    private readonly exchangePki: ExchangePkiService,
    private readonly logProofs: LogProofs,
    private readonly clock: Clock,
  ) {}

  async open(principal: Principal, orderId: string): Promise<{ stream: Readable; filename: string }> {
    const { order, parties } = await this.orders.visible(principal, orderId);
    if (!receivesBundle(parties)) throw new DomainError('ORDER_ACTION_FORBIDDEN', 'Only the issuing authority and the evidence recipient receive the evidence bundle.');
    const barred = evidenceBarred(factsOf(stateOf(order), this.clock.now()));
    if (barred) throw new DomainError('NO_PRODUCTION', `The evidence of this order may not be used: ${barred}.`);
    // Everything below is read as the party, under row-level security.
    const steps = await this.ledger.stepsAsParty(principal.organisationId, orderId);
    const productions = steps.filter((step) => step.action === 'PRODUCE');
    if (productions.length === 0) throw new DomainError('NO_PRODUCTION', `Order ${order.reference} has no production yet: there is nothing to bundle.`);

    // The chain, with the drafting payloads (which carry Section M) left out: checked by digest.
    const release = releaseSeq(steps);
    const signed = steps.map((step) => ({ ...toSignedStep(step), payload: step.seq < release ? null : step.payload }));
    const records = steps.map((step) => JSON.parse(step.record.toString('utf8')) as Record<string, unknown>);

    const evidence = (await this.evidenceRows.listAsParty(principal.organisationId, orderId)).filter((row) => row.productionSeq !== null);
    const documents = await readAsParty(this.dataSource, principal.organisationId, (reader) =>
      reader.find(OrderDocumentEntity, { where: { orderId, audience: 'ADDRESSEE' }, order: { stepSeq: 'ASC', form: 'ASC' } }),
    );

    const streamed: StreamedEntry[] = [
      ...evidence.map((row) => ({ path: `evidence/${row.id}/${row.filename}`, key: row.storageKey, size: Number(row.size), sha256: row.sha256, mediaType: row.mediaType })),
      ...documents.flatMap((document) =>
        document.renditions.map((rendition) => ({ path: `documents/${order.reference}-${document.stepSeq}-${document.form}-${rendition.language}.pdf`, key: rendition.sha256, size: rendition.size, sha256: rendition.sha256, mediaType: 'application/pdf' })),
      ),
    ];
    const production: ProductionFile = {
      productions: productions.map((step) => ({ seq: step.seq, manifest: records[step.seq - 1].manifest as never, decisions: records[step.seq - 1].decisions as unknown[] })),
      files: evidence.map((row) => ({ id: row.id, path: `evidence/${row.id}/${row.filename}` })),
    };
    // Every step proven in the transparency log, under one checkpoint (sequenced first if need be).
    const log = await this.logProofs.forSteps(steps.map((step) => ({ id: step.id, seq: step.seq, hash: step.hash })));
    const seals = await this.certificates.listExchangeCertificates('SEAL');
    const exchange: ExchangeFile = { name: EXCHANGE_NAME, seals: seals.map((seal) => toPem('CERTIFICATE', seal.der)), rootFingerprintSha256: hex(this.exchangePki.rootCertificate()) };
    const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
    const inMemory: { path: string; bytes: Buffer; mediaType: string }[] = [
      { path: BUNDLE_PATHS.order, bytes: json({ id: order.id, reference: order.reference, type: order.type, instrument: order.instrument, form: order.form, status: order.status, content: order.content, route: order.routing.selected }), mediaType: 'application/json' },
      { path: BUNDLE_PATHS.steps, bytes: json(stepsFile(order.id, signed, log.indexes)), mediaType: 'application/json' },
      { path: BUNDLE_PATHS.production, bytes: json(production), mediaType: 'application/json' },
      { path: BUNDLE_PATHS.ca, bytes: Buffer.from(this.exchangePki.caChainPem(), 'utf8'), mediaType: 'application/pem-certificate-chain' },
      { path: BUNDLE_PATHS.crl, bytes: await this.exchangePki.currentCrl(), mediaType: 'application/pkix-crl' },
      { path: BUNDLE_PATHS.exchange, bytes: json(exchange), mediaType: 'application/json' },
      { path: BUNDLE_PATHS.verify, bytes: Buffer.from(verifyInstructions(order.reference, this.config.publicUrl), 'utf8'), mediaType: 'text/plain' },
      { path: BUNDLE_PATHS.logKey, bytes: Buffer.from(`${log.logKey}\n`, 'utf8'), mediaType: 'text/plain' },
      ...(log.witnessKeys.length ? [{ path: BUNDLE_PATHS.logWitnesses, bytes: Buffer.from(log.witnessKeys.map((key) => `${key}\n`).join(''), 'utf8'), mediaType: 'text/plain' }] : []),
      ...[...log.proofs].map(([seq, proof]) => ({ path: logProofPath(seq), bytes: Buffer.from(proof, 'utf8'), mediaType: 'text/plain' })),
    ];
    const objects: DataObject[] = [
      ...inMemory.map((entry) => ({ uri: entry.path, mimeType: entry.mediaType, sha256: hex(entry.bytes) })),
      ...streamed.map((entry) => ({ uri: entry.path, mimeType: entry.mediaType, sha256: entry.sha256 })),
    ];
    const manifest = asicManifest(objects);
    const signature = await this.exchangePki.seal().sign(manifest, { timestamper: this.exchangePki.tsa() });

    // EN 319 162-1: "mimetype" first, stored, without an extra field; every entry is stored (the
    // evidence is usually compressed already), streamed from the blob store one file at a time.
    const output = new PassThrough({ highWaterMark: 1024 * 1024 });
    const sources: ZipSource[] = [
      { name: BUNDLE_PATHS.mimetype, data: Buffer.from(ASIC_MIMETYPE), size: ASIC_MIMETYPE.length },
      { name: BUNDLE_PATHS.manifest, data: manifest, size: manifest.length },
      { name: BUNDLE_PATHS.signature, data: signature, size: signature.length },
      ...inMemory.map((entry) => ({ name: entry.path, data: entry.bytes, size: entry.bytes.length })),
      ...streamed.map((entry) => ({ name: entry.path, data: () => this.blobs.open(entry.key), size: entry.size })),
    ];
    writeStoredZip(sources, output, this.clock.now()).catch((error: unknown) => {
      this.logger.error({ msg: 'bundle stream failed', orderId, err: error });
      output.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    this.logger.log({ msg: 'bundle streamed', orderId, files: objects.length, logSize: log.checkpoint.size, by: principal.userId });
    return { stream: output, filename: `${order.reference}-bundle.zip` };
  }
}
