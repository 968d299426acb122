/**
 * Suites that need an engine this machine cannot run (Kafka, Elasticsearch) run when its URL is
 * set and otherwise say why they are skipped, in the test output.
 */
export function describeWhenEnv(variable: string, title: string, body: (value: string) => void): void {
  const value = process.env[variable];
  if (value) {
    describe(title, () => body(value));
    return;
  }
  describe(title, () => {
    it.skip(`skipped: ${variable} is not set (set it to run this suite against a real server)`, () => undefined);
  });
  // Also printed, so the reason shows without a verbose reporter.
  process.stderr.write(`\n[skip] ${title}: ${variable} is not set\n`);
}
