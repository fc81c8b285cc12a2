import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyInstance } from 'fastify';
import mercurius from 'mercurius';

/**
 * Nest's MercuriusDriver, except that Mercurius is queued on Fastify rather than awaited. The
 * stock driver awaits the plugin while Nest initialises modules, which makes Fastify build the
 * REST routes already declared before Nest installs its error handler: their body-parser errors
 * (invalid JSON) would then answer in Fastify's default shape with 500. Queued, Mercurius loads
 * with everything else when the server starts listening.
 *
 * Not supported, as Runnel uses none of them: the driver's `plugins`, `hooks` and `definitions`
 * options, and resolver request hooks.
 */
export class DeferredMercuriusDriver extends MercuriusDriver {
  override async start(options: MercuriusDriverConfig): Promise<void> {
    const { plugins, hooks, definitions, ...mercuriusOptions } = options;
    if (plugins?.length || hooks || definitions)
      throw new Error('DeferredMercuriusDriver: plugins, hooks and definitions are not supported');
    const app = this.httpAdapterHost.httpAdapter.getInstance<FastifyInstance>();
    void app.register(mercurius, mercuriusOptions);
  }
}
