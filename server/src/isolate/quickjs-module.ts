/**
 * Loads the QuickJS WebAssembly module with a capped linear memory.
 *
 * The cap is the real memory limit. QuickJS's own limit (`setMemoryLimit`) counts the bytes
 * of each allocation with `malloc_usable_size`, which this Emscripten build does not have, so
 * it counts every allocation as 8 bytes: it refuses one allocation larger than the limit, but
 * not a million small ones. When the WebAssembly memory cannot grow, malloc returns NULL and
 * QuickJS throws its ordinary "out of memory" error.
 */
import releaseSyncVariant from '@jitl/quickjs-wasmfile-release-sync';
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';

// The package's types are CommonJS-shaped (the default import would be the exports object),
// but Node loads its ESM build, whose default export is the variant itself.
type SyncVariant = Extract<Parameters<typeof newQuickJSWASMModuleFromVariant>[0], { type: 'sync' }>;
const variant = releaseSyncVariant as unknown as SyncVariant;

// @types/node does not declare the WebAssembly namespace; this is the one constructor we need.
type WasmMemoryConstructor = new (descriptor: { initial: number; maximum: number }) => object;
const { Memory } = (globalThis as unknown as { WebAssembly: { Memory: WasmMemoryConstructor } }).WebAssembly;

const PAGE_BYTES = 64 * 1024;
/**
 * The build's INITIAL_MEMORY: static data, the C stack and the heap's start. Measured: with a
 * cap of BASE + N bytes, a script can allocate about N bytes of arrays before running out.
 */
const BASE_BYTES = 16 * 1024 * 1024;

export function loadQuickJS(memoryBytes: number): Promise<QuickJSWASMModule> {
  const wasmMemory = new Memory({
    initial: BASE_BYTES / PAGE_BYTES,
    maximum: Math.ceil((BASE_BYTES + memoryBytes) / PAGE_BYTES),
  });
  return newQuickJSWASMModuleFromVariant(newVariant(variant, { wasmMemory }));
}
