import 'reflect-metadata';
import { Logger, type LogLevel } from '@nestjs/common';
import { createLogger, routeConsole } from '@runnel/protocol';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { serveApp } from './app-files/serve-app.js';
import { AuthService, type BootstrapOutcome } from './auth/auth.service.js';
import { answerClientError, answerFrameworkError, MAX_PARAM_LENGTH } from './common/framework-errors.js';
import { localUrl, type ServerConfig } from './common/config.js';
import { PinoNestLogger, pinoLevelOf } from './common/logger.js';
import { openDatabase } from './database/database.js';
import { addBodyParsers } from './jobs/body-parsers.js';
import { observeHttp, serveMetrics } from './metrics/http-metrics.js';
import { ServerMetrics, type PoolLike } from './metrics/server-metrics.js';
import { openNats } from './nats/nats.js';
import { serveApiDocs } from './openapi/serve.js';

export interface RunningServer {
  app: NestFastifyApplication;
  url: string;
  bootstrap: BootstrapOutcome;
  close(): Promise<void>;
}

/**
 * Opens PostgreSQL (migrating it) and NATS, then starts the HTTP API. `logLevels` (Nest's) override
 * RUNNEL_LOG_LEVEL; with `console`, the process's console writes through the same logger (main.ts).
 */
export async function startServer(
  config: ServerConfig,
  logLevels?: LogLevel[],
  options: { console?: boolean } = {},
): Promise<RunningServer> {
  const level = logLevels ? pinoLevelOf(logLevels) : config.log.level;
  const log = createLogger({ ...config.log, level }, { service: 'server', instance: config.instance });
  // In JSON format every line must be JSON; in a terminal, the console stays as it is.
  if (options.console && config.log.format === 'json') routeConsole(log);
  const logger = new PinoNestLogger(log);
  // Before anything logs: Logger.log(…) from a service goes to the static instance.
  Logger.overrideLogger(logger);
  const db = await openDatabase(config.databaseUrl, config.databasePrepared);
  const nats = await openNats({
    servers: config.natsServers,
    prefix: config.natsPrefix,
    replicas: config.natsReplicas,
    name: `runnel-server ${config.instance}`,
  });
  const metrics = new ServerMetrics();
  // TypeORM's postgres driver keeps its pg Pool as `master`.
  metrics.watchPool((db.driver as unknown as { master: PoolLike }).master);
  metrics.watchActiveJobs(db);
  metrics.watchQueue(nats.jsm, nats.names);
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimit,
    // Node's parser and Fastify's router answer in our shape too.
    clientErrorHandler: answerClientError,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: answerFrameworkError,
    // Only the configured proxies may name the client (RUNNEL_TRUSTED_PROXIES); none by default.
    ...(config.trustedProxies.length ? { trustProxy: config.trustedProxies } : {}),
  });
  const fastify = adapter.getInstance();
  addBodyParsers(fastify);
  observeHttp(fastify, metrics);
  serveMetrics(fastify, metrics, config.metricsToken);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, db, nats, metrics), adapter, {
    logger,
    // Ours, above: Nest's would answer an empty JSON body with an error.
    bodyParser: false,
  });
  serveApiDocs(app);
  await serveApp(app, config.appDir);
  const bootstrap = await app.get(AuthService).bootstrap({
    token: config.bootstrapToken,
    password: config.bootstrapPassword,
  });
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = localUrl(config.host, port);
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
