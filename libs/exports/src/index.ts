export * from './export-writer.js';
export * from './licence.js';
