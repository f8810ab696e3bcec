import { Injectable } from '@nestjs/common';
import { TlogError, encodeEntryBundle, entryBundleExists, parseTilePath, readTileData, TILE_WIDTH, tileExists } from '../../../libs/tlog/index.js';
import { ApiError } from '../../common/errors/api-error.js';
import { LogRepository, type StoredCheckpoint } from './log.repository.js';
import { LogSequencer } from './log-sequencer.service.js';

/** Tiles and entry bundles never change once they exist: the served bytes are kept, up to this much. */
const CACHE_BYTES = 32 * 1024 * 1024;

/** A served tile or entry bundle; `full` ones never change and may be cached for ever. */
export interface TileAnswer {
  data: Buffer;
  full: boolean;
}

/** The signed note with the witness cosignature lines collected for it, as clients read it. */
export function servedCheckpoint(checkpoint: StoredCheckpoint): string {
  return checkpoint.note + checkpoint.cosignatures.map((c) => `${c.line}\n`).join('');
}

/**
 * What the log serves (C2SP tlog-checkpoint, tlog-tiles), read from the stored hashes and
 * entries. Every tile and bundle is immutable once it exists, partial ones included (a partial
 * tile of width W is always the same W hashes), so served bytes are kept in a least-recently-used
 * cache; existence is checked against the latest tree size first.
 */
@Injectable()
export class LogTiles {
  private readonly cache = new Map<string, Buffer>();
  private cached = 0;

  constructor(
    private readonly log: LogRepository,
    private readonly sequencer: LogSequencer,
  ) {}

  /** The latest checkpoint with its cosignatures; a log that never ran signs its empty tree first. */
  async checkpoint(): Promise<string> {
    let latest = await this.log.latestCheckpoint();
    if (!latest) {
      await this.sequencer.run();
      latest = await this.log.latestCheckpoint();
    }
    if (!latest) throw new ApiError('SERVICE_UNAVAILABLE', 'The transparency log has not signed its first checkpoint yet; try again in a moment.');
    return servedCheckpoint(latest);
  }

  /** A tile or entry bundle by its path below the log's prefix (`tile/...`); 404 when malformed or beyond the tree. */
  async resource(path: string): Promise<TileAnswer> {
    let resource;
    try {
      resource = parseTilePath(path);
    } catch (error) {
      if (error instanceof TlogError) throw new ApiError('NOT_FOUND', `No such tile: ${error.message}.`);
      throw error;
    }
    const full = (resource.kind === 'tile' ? resource.tile.width : resource.bundle.width) === TILE_WIDTH;
    const hit = this.cache.get(path);
    if (hit) {
      this.cache.delete(path);
      this.cache.set(path, hit);
      return { data: hit, full };
    }
    const size = await this.log.treeSize();
    let data: Buffer;
    if (resource.kind === 'tile') {
      if (!tileExists(resource.tile, size)) throw beyond(path, size);
      data = await readTileData(resource.tile, this.log.hashReader());
    } else {
      if (!entryBundleExists(resource.bundle, size)) throw beyond(path, size);
      const start = resource.bundle.index * TILE_WIDTH;
      data = encodeEntryBundle(await this.log.entries(start, start + resource.bundle.width));
    }
    this.keep(path, data);
    return { data, full };
  }

  private keep(path: string, data: Buffer): void {
    this.cache.set(path, data);
    this.cached += data.length;
    for (const [oldest, bytes] of this.cache) {
      if (this.cached <= CACHE_BYTES) break;
      this.cache.delete(oldest);
      this.cached -= bytes.length;
    }
  }
}

function beyond(path: string, size: number): ApiError {
  return new ApiError('NOT_FOUND', `The log has no ${path} at its tree size ${size}.`);
}
