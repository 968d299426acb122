import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__carePostgres?.stop();
  const dir = process.env['CARE_TEST_DATA_DIR'];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
