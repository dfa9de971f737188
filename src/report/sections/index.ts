// The server-side sections of a run's page: everything that is text. The charts are canvases that
// the page script (client/) fills in.
export * from './summary.js';
export * from './checkers.js';
export * from './why.js';
export * from './charts.js';
export * from './tables.js';
export * from './subject.js';
export * from './network.js';
