import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ConsoleAssets, consoleDirectory } from './console-assets.js';
import { registerConsoleRoutes } from './console-http.js';

/** Serves the web console (console/, built into dist/console) at /console. */
@Module({})
export class ConsoleModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const directory = consoleDirectory();
    const assets = ConsoleAssets.load(directory);
    if (!assets) new Logger('Console').warn(`The console is not built (${directory} has no index.html): /console answers 503 until \`npm run build\`.`);
    registerConsoleRoutes(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), assets);
  }
}
