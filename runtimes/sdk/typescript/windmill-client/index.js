// Windmill's client, as Windmill scripts import it: the Runnel SDK under Windmill's name. Both
// folders are bound side by side, so the relative path always finds the one module.
export * from '../runnel/index.js';
