export * from '../runnel/index.js';
