/**
 * bwrap's descriptors besides stdio, which the launcher keeps (see spawner.ts): bwrap writes its
 * pid 1 on INFO_FD, that pid 1 waits on BLOCK_FD, and bwrap reads its options from ARGS_FD.
 */
export const INFO_FD = 3;
export const BLOCK_FD = 4;
export const ARGS_FD = 5;
