#!/usr/bin/env node
/**
 * The `evx` command line (`npx evx <command>` in the project, after `npm run build`).
 *
 *   evx pki init     create the exchange PKI (root CA, issuing CA, seal, TSA) in the configured
 *                    database and key store, unless it exists; print the root's fingerprint
 *   evx pki show     print the CA chain (PEM), as GET /api/v1/pki/ca serves it
 *   evx verify <bundle.zip> [--root root.pem] [--log-key <vkey>] [--json]
 *                    check an evidence bundle offline: no server, no network, no configuration;
 *                    exit 0 when everything holds, 1 naming each failure
 *   evx log audit <log URL> [--state file] [--log-key <vkey>]
 *                    audit the transparency log over HTTP: signature, consistency with the last
 *                    checkpoint seen (kept in the state file), every entry; exit 1 on inconsistency
 *   evx witness --log <vkey> [--listen host:port] [--key-file f] [--state-file f] [--name n]
 *                    run a C2SP witness of the log (POST /add-checkpoint), a process of its own
 *
 * The pki commands read the same configuration as the server (DATABASE_URL, KEY_ENCRYPTION_KEY,
 * DATA_DIR ...).
 */
import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Clock } from '../src/common/clock.js';
import { AppConfig, ConfigError, loadConfig } from '../src/config/app-config.js';
import { DatabaseModule } from '../src/database/database.module.js';
import { ExchangePkiService } from '../src/modules/pki/exchange-pki.service.js';
import { PkiModule } from '../src/modules/pki/pki.module.js';

const USAGE = `usage: evx pki init | evx pki show | evx verify <bundle.zip> [--root root.pem] [--log-key <vkey>] [--json]
       evx log audit <log URL> [--state file] [--log-key <vkey>] | evx witness --log <vkey> [--listen host:port] [--key-file f] [--state-file f] [--name n]`;

/** Only what the PKI needs: no HTTP server, no demo seeding. */
@Module({})
class PkiCommandModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: PkiCommandModule,
      global: true,
      imports: [DatabaseModule.forRoot(config), PkiModule],
      providers: [{ provide: AppConfig, useValue: config }, Clock],
      exports: [AppConfig, Clock],
    };
  }
}

/** Runs one command; `env` and `write` are the process's unless a caller (a test) gives others. */
export async function main(args: string[], env: NodeJS.ProcessEnv = process.env, write: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  if (args[0] === 'verify') {
    const { verifyCommand } = await import('../libs/bundle/command.js');
    return verifyCommand(args.slice(1), write);
  }
  if (args[0] === 'log' && args[1] === 'audit') {
    const { logAuditCommand } = await import('../src/cli/log-audit.js');
    return logAuditCommand(args.slice(2), (text) => process.stdout.write(text));
  }
  if (args[0] === 'witness') {
    const { witnessCommand } = await import('../src/cli/witness.js');
    return witnessCommand(args.slice(1), (text) => process.stdout.write(text));
  }
  const [group, command] = args;
  if (group !== 'pki' || (command !== 'init' && command !== 'show')) {
    console.error(USAGE);
    return 2;
  }
  let config: AppConfig;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  // Creating the context runs ExchangePkiService.onModuleInit, which creates the PKI if missing.
  const context = await NestFactory.createApplicationContext(PkiCommandModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    const pki = context.get(ExchangePkiService);
    if (command === 'show') {
      write(pki.caChainPem());
    } else {
      const { createHash } = await import('node:crypto');
      write(`exchange PKI ready; root CA SHA-256 fingerprint ${createHash('sha256').update(pki.rootCertificate()).digest('hex')}\n`);
      write(`transparency log verifier key ${pki.logKey().verifierKey}\n`);
    }
    return 0;
  } finally {
    await context.close();
  }
}

// Run as a program (not when a test imports `main`).
// (`npx evx` starts it through a symlink: compare real paths.)
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) process.exitCode = await main(process.argv.slice(2));
