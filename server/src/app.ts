import 'reflect-metadata';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { serveApp } from './app-files/serve-app.js';
import { AuthService, type BootstrapOutcome } from './auth/auth.service.js';
import { answerClientError, answerFrameworkError, MAX_PARAM_LENGTH } from './common/framework-errors.js';
import { localUrl, type ServerConfig } from './common/config.js';
import { openDatabase } from './database/database.js';
import { addBodyParsers } from './jobs/body-parsers.js';
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
  const nats = await openNats({
    servers: config.natsServers,
    prefix: config.natsPrefix,
    replicas: config.natsReplicas,
    name: `runnel-server ${config.instance}`,
  });
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
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, db, nats), adapter, {
    logger: logLevels ?? ['log', 'warn', 'error'],
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
