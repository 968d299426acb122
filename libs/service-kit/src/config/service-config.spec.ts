import { ConfigError, loadConfig, platformConfig } from './service-config.js';

const valid = {
  DATABASE_URL: 'postgres://u:p@localhost:5432/care_x',
  EVENT_BUS_DATABASE_URL: 'postgres://u:p@localhost:5432/care_event_bus',
};

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(platformConfig(3001), env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('service configuration', () => {
  it('applies defaults to a minimal valid environment', () => {
    const config = loadConfig(platformConfig(3001), valid);
    expect(config).toMatchObject({ PORT: 3001, HOST: '127.0.0.1', EVENT_BUS: 'postgres', CARE_ENV: 'development' });
  });

  it('names a missing variable', () => {
    expect(problems({ EVENT_BUS_DATABASE_URL: valid.EVENT_BUS_DATABASE_URL })).toEqual([expect.stringMatching(/^DATABASE_URL: .*\(not set\)$/)]);
  });

  it('names every invalid variable at once', () => {
    const found = problems({ ...valid, PORT: 'eighty', DATABASE_URL: 'mysql://x/y', LOG_LEVEL: 'loud' });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
  });

  it('requires the settings of the chosen event bus', () => {
    expect(problems({ DATABASE_URL: valid.DATABASE_URL })).toEqual([expect.stringMatching(/^EVENT_BUS_DATABASE_URL: required when EVENT_BUS=postgres/)]);
    expect(problems({ DATABASE_URL: valid.DATABASE_URL, EVENT_BUS: 'kafka' })).toEqual([expect.stringMatching(/^KAFKA_BROKERS: required when EVENT_BUS=kafka/)]);
    expect(problems({ ...valid, EVENT_BUS: 'rabbit' })).toEqual([expect.stringMatching(/^EVENT_BUS:/)]);
  });
});
