import { cobrhaRows, writeCobrha } from '../imports/cobrha/cobrha-extract.generator.js';

/**
 * `node dist/bench/cobrha-extract.cli.js <file> <providers> [seed]`: writes a generated CoBRHA-like
 * extract (1.2 practices per provider), for benchmarks of the services downstream of the import.
 */
const [file, providers, seed] = process.argv.slice(2);
const count = Number(providers);
if (!file || !Number.isInteger(count) || count < 1) {
  process.stderr.write('usage: cobrha-extract.cli.js <file> <providers> [seed]\n');
  process.exit(64);
}
await writeCobrha(file, cobrhaRows({ providers: count, practices: Math.round(count * 1.2), seed: seed ? Number(seed) : undefined }));
