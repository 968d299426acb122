import type { z } from 'zod';

/** Raised at boot when the environment does not describe a runnable service. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the environment. Every problem is reported at once with the variable it
 * concerns, so an operator fixes the deployment in one go.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const variable = issue.path.join('.') || '(environment)';
      const given = issue.path.length ? env[String(issue.path[0])] : undefined;
      return given === undefined ? `${variable}: ${issue.message} (not set)` : `${variable}: ${issue.message}`;
    }),
  );
}

