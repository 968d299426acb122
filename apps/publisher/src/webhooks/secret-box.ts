import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);
const b64 = (buffer: Buffer) => buffer.toString('base64url');

/**
 * Webhook signing secrets at rest. A secret must be usable to sign, so it cannot be hashed: it is
 * encrypted with AES-256-GCM under WEBHOOK_SECRET_KEY (validated configuration, a Kubernetes
 * secret in production) and stored as `v1.<key id>.<iv>.<tag>.<ciphertext>`. The key id (first 8
 * hex digits of the key's SHA-256) tells which key sealed a value, so after a key rotation
 * (WEBHOOK_SECRET_KEY_PREVIOUS) the old values still open and are re-sealed with the new key.
 */
export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentId: string;

  constructor(
    private readonly current: Buffer,
    previous?: Buffer,
  ) {
    this.currentId = keyId(current);
    this.keys.set(this.currentId, current);
    if (previous) this.keys.set(keyId(previous), previous);
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current, iv);
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', this.currentId, b64(iv), b64(cipher.getAuthTag()), b64(ciphertext)].join('.');
  }

  open(sealed: string): string {
    const [version, id, iv, tag, ciphertext] = sealed.split('.');
    const key = this.keys.get(id ?? '');
    if (version !== 'v1' || !key || !iv || !tag || ciphertext === undefined) throw new Error(`webhook secret sealed with an unknown key (${id}): set WEBHOOK_SECRET_KEY_PREVIOUS`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Sealed with another key than the current one (to re-seal after a key rotation). */
  isStale(sealed: string): boolean {
    return sealed.split('.')[1] !== this.currentId;
  }
}
