import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { createApp } from './create-app.js';

function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const config = configOrExit();
const app = await createApp(config);
// SIGTERM/SIGINT close the server (in-flight requests finish), then the database (enableShutdownHooks).
await app.listen({ port: config.port, host: config.host });
new Logger('Main').log(`Evidence Exchange listening on ${await app.getUrl()} (API docs at /docs)`);
