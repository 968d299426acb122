/**
 * `node tools/runtime/dist/healthcheck.cli.js`: exit 0 when the service of this container answers
 * `/health` with 200 on `PORT` — the compose healthcheck (the image has no curl).
 */
const port = Number(process.env['PORT'] ?? 3000);
try {
  const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3_000) });
  process.exit(response.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
