import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box.js';

describe('SecretBox (webhook secrets at rest)', () => {
  const key = randomBytes(32);

  it('seals a secret so that only its key opens it, never storing it in clear', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('a-shared-secret-of-at-least-32-characters');
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(sealed).not.toContain('shared-secret');
    expect(box.seal('same')).not.toBe(box.seal('same')); // a fresh IV each time
    expect(box.open(sealed)).toBe('a-shared-secret-of-at-least-32-characters');
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow(/unknown key/);
    const [v, id, iv, tag, ciphertext] = sealed.split('.');
    const flipped = Buffer.from(ciphertext!, 'base64url');
    flipped[0]! ^= 1; // one bit of the ciphertext changed: the authentication tag no longer matches
    const tampered = [v, id, iv, tag, flipped.toString('base64url')].join('.');
    expect(() => box.open(tampered)).toThrow();
  });

  it('after a key rotation, opens what the previous key sealed and tells it to re-seal', () => {
    const old = new SecretBox(key);
    const sealed = old.seal('secret');
    const rotated = new SecretBox(randomBytes(32), key);
    expect(rotated.isStale(sealed)).toBe(true);
    expect(rotated.open(sealed)).toBe('secret');
    const resealed = rotated.seal(rotated.open(sealed));
    expect(rotated.isStale(resealed)).toBe(false);
    expect(() => old.open(resealed)).toThrow(/unknown key/);
  });
});
