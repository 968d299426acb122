export * from './config/service-config.js';

export * from './context/request-context.middleware.js';
export * from './logging/logging.module.js';
export * from './http/error.filter.js';
export * from './http/zod.pipe.js';
export * from './http/openapi.js';
export * from './health/health-contributor.js';
export * from './health/health.module.js';
export * from './persistence/orm.module.js';
export * from './bootstrap/run-service.js';
export * from './events/events.module.js';
export * from './metrics/metrics.js';
export * from './bootstrap/service.module.js';
export * from './bootstrap/database-cli.js';
export * from './http/versioning.js';
export * from './imports/import-runs.controller.js';
export * from './http/audience.js';
