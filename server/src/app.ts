import 'reflect-metadata';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { parse as parseYaml } from 'yaml';
import { AppModule } from './app.module.js';
import { AuthService, type BootstrapOutcome } from './auth/auth.service.js';
import { ErrorCode, RunnelError } from './common/errors.js';
import type { ServerConfig } from './config.js';
import { openDatabase } from './database/database.js';
import { addWebhookBodyParsers } from './jobs/body-parsers.js';
import { openNats } from './nats/nats.js';
import { serveApiDocs } from './openapi/serve.js';

export interface RunningServer {
  app: NestFastifyApplication;
  url: string;
  bootstrap: BootstrapOutcome;
  close(): Promise<void>;
}

/** Opens PostgreSQL (migrating it) and NATS, then starts the HTTP API. */
export async function startServer(config: ServerConfig, logLevels?: LogLevel[]): Promise<RunningServer> {
  const db = await openDatabase(config.databaseUrl);
  const nats = await openNats(config.natsUrl, config.natsPrefix, `runnel-server ${config.instance}`);
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimit,
    // The router's own errors (a malformed URL, an over-long parameter) answer in our shape too.
    frameworkErrors: (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      void reply.status(err.statusCode ?? 400).send({ error: { code: ErrorCode.BadRequest, message: err.message } });
    },
  });
  const fastify = adapter.getInstance();
  addWebhookBodyParsers(fastify);
  // A flow exported from Windmill as YAML is accepted as is.
  fastify.addContentTypeParser(
    ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'],
    { parseAs: 'string' },
    (_req, body, done) => {
      if (body === '') return done(null, undefined);
      try {
        done(null, parseYaml(body as string, { maxAliasCount: 100 }));
      } catch (err) {
        done(new RunnelError(ErrorCode.BadRequest, `body is not valid YAML: ${(err as Error).message}`), undefined);
      }
    },
  );
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, db, nats), adapter, {
    logger: logLevels ?? ['log', 'warn', 'error'],
    // Ours, above: Nest's would answer an empty JSON body with an error.
    bodyParser: false,
  });
  serveApiDocs(app);
  const bootstrap = await app.get(AuthService).bootstrap(config.bootstrapToken);
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  Logger.log(`listening on ${url}`, 'Runnel');
  return {
    app,
    url,
    bootstrap,
    async close() {
      await app.close();
      await nats.nc.drain().catch(() => undefined);
      await db.destroy();
    },
  };
}
