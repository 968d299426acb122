export * from './admin/database-url.js';
export * from './admin/database-admin.js';
export * from './embedded/embedded-postgres.js';
export * from './orm/service-orm.js';
export * from './health/database-health.js';
export * from './orm/database-descriptor.js';
export * from './orm/database-command.js';
export * from './orm/unit-of-work.js';
