export * from './services.js';
export * from './platform.js';
export * from './runtime-config.js';
