/**
 * Helpers on PostgreSQL connection URLs. The platform is configured with one *server* URL
 * (embedded or external) and derives one database per service from it, so a service never
 * shares tables with another (database-per-service, see docs/adr/0003).
 */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error(`The database URL ${redactUrl(url)} names no database`);
  return name;
}

/** Hides the password so a URL can be logged or printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid url>';
  }
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Database names are interpolated into DDL, so they are restricted to plain identifiers. */
export function assertIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a valid database identifier (a-z, 0-9, _)`);
  return name;
}
