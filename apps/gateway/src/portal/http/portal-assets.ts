import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';

/** Static files of the portal: `apps/gateway/portal/assets/` (next to `dist/`), read once at start-up. */
export const ASSETS_DIR = new URL('../../../portal/assets/', import.meta.url);

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  txt: 'text/plain; charset=utf-8',
};

export interface Asset {
  body: Buffer;
  type: string;
  /** Short content hash: the ETag, and the `?v=` of the URLs pages use, so a changed file is fetched again. */
  hash: string;
}

/**
 * Only the files present at start-up are served, by exact name: nothing from the request reaches
 * the file system (no traversal), and every response is from memory.
 */
@Injectable()
export class PortalAssets {
  private readonly files = new Map<string, Asset>();

  constructor() {
    for (const name of readdirSync(ASSETS_DIR)) {
      const type = TYPES[name.split('.').pop() ?? ''];
      if (!type) continue;
      const body = readFileSync(new URL(name, ASSETS_DIR));
      this.files.set(name, { body, type, hash: createHash('sha256').update(body).digest('hex').slice(0, 12) });
    }
  }

  get(name: string): Asset | undefined {
    return this.files.get(name);
  }

  /** URL of an asset for a page, versioned by its content. */
  url(name: string): string {
    const asset = this.files.get(name);
    if (!asset) throw new Error(`Unknown portal asset ${name}`);
    return `/assets/${name}?v=${asset.hash}`;
  }
}
