import { createHmac } from 'node:crypto';
import { signatureHeader, verifySignature } from './webhook-signature.js';

describe('webhook signatures', () => {
  const body = '{"subscriptionId":"s","records":[]}';

  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">, as documented for receivers', () => {
    const header = signatureHeader(body, ['secret-one'], 1_765_000_000);
    const expected = createHmac('sha256', 'secret-one').update(`1765000000.${body}`).digest('hex');
    expect(header).toBe(`t=1765000000,v1=${expected}`);
    expect(verifySignature(header, body, 'secret-one', 300, 1_765_000_100)).toBe(true);
  });

  it('refuses another secret, another body, an old timestamp and malformed headers', () => {
    const header = signatureHeader(body, ['secret-one'], 1_765_000_000);
    expect(verifySignature(header, body, 'secret-two', 300, 1_765_000_000)).toBe(false);
    expect(verifySignature(header, `${body} `, 'secret-one', 300, 1_765_000_000)).toBe(false);
    expect(verifySignature(header, body, 'secret-one', 300, 1_765_000_301)).toBe(false);
    expect(verifySignature('v1=abc', body, 'secret-one')).toBe(false);
    expect(verifySignature(`t=1765000000,v1=${'z'.repeat(64)}`, body, 'secret-one', 300, 1_765_000_000)).toBe(false);
  });

  it('signs with every secret in force during a rotation: either verifies', () => {
    const header = signatureHeader(body, ['new-secret', 'old-secret'], 1_765_000_000);
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verifySignature(header, body, 'new-secret', 300, 1_765_000_000)).toBe(true);
    expect(verifySignature(header, body, 'old-secret', 300, 1_765_000_000)).toBe(true);
  });
});
