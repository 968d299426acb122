export * from './csv-reader.js';
export * from './import-run.entities.js';
export * from './import-recorder.js';
export * from './import-process.js';
