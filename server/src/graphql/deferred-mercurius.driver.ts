import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyInstance } from 'fastify';
import mercurius from 'mercurius';

/**
 * Nest's MercuriusDriver, except that Mercurius is queued on Fastify rather than awaited. The
 * stock driver awaits the plugin while Nest initialises modules, which makes Fastify build the
 * REST routes already declared before Nest installs its error handler: their body-parser errors
 * (invalid JSON) would then answer in Fastify's default shape with 500. Queued, Mercurius loads
 * with everything else when the server starts listening; the `hooks` are added right after it.
 *
 * Not supported, as Runnel uses none of them: the driver's `plugins` and `definitions` options,
 * and resolver request hooks.
 */
export class DeferredMercuriusDriver extends MercuriusDriver {
  override async start(options: MercuriusDriverConfig): Promise<void> {
    const { plugins, hooks, definitions, ...mercuriusOptions } = options;
    if (plugins?.length || definitions)
      throw new Error('DeferredMercuriusDriver: plugins and definitions are not supported');
    const app = this.httpAdapterHost.httpAdapter.getInstance<FastifyInstance>();
    void app.register(mercurius, mercuriusOptions);
    if (!hooks) return;
    // Queued after Mercurius, so `app.graphql` exists by then. addHook is typed per hook name,
    // which a loop over the names cannot follow.
    void app.register(async () => {
      const addHook = app.graphql.addHook.bind(app.graphql) as (name: string, hook: unknown) => void;
      for (const [name, hook] of Object.entries(hooks)) {
        for (const fn of [hook ?? []].flat()) addHook(name, fn);
      }
    });
  }
}
