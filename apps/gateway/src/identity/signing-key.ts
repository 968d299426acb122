import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';

/** An ES256 signing key with its public JWK (kid = RFC 7638 thumbprint). */
export interface SigningKey {
  privateKey: KeyObject;
  publicJwk: JWK & { kid: string };
}

/** The configured PKCS#8 PEM key, or (development only: the config refuses it in production) a fresh one per start. */
export async function loadSigningKey(pem: string | undefined): Promise<SigningKey> {
  const privateKey = pem ? createPrivateKey(pem) : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('GATEWAY_SIGNING_KEY must be an EC P-256 private key (ES256)');
  }
  const jwk = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(jwk);
  return { privateKey, publicJwk: { ...jwk, kid, alg: 'ES256', use: 'sig' } };
}
