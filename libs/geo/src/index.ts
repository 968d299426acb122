export * from './lambert72.js';
export * from './geometry.js';
export * from './spatial-index.js';
export * from './brussels-geography.js';
export { DATA_DIR } from './data-files.js';
