/** Nest injection token of the process's Nats handles (see nats.ts). */
export const NATS = Symbol('NATS');
