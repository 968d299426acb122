export * from './lambert72.js';
export * from './geometry.js';
export * from './spatial-index.js';
export * from './brussels-geography.js';
export * from './street-directory.js';
export { parseCsv, parseCsvRecords } from './csv.js';
export { seededRandom } from './seeded-random.js';
export { DATA_DIR } from './data-files.js';
