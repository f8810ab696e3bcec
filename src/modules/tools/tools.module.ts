import { Module } from '@nestjs/common';
import { ToolsController } from './tools.controller.js';
import { VerifierFile } from './verifier-file.js';

/** What a recipient without an account downloads: the offline bundle verifier. */
@Module({ controllers: [ToolsController], providers: [VerifierFile] })
export class ToolsModule {}
