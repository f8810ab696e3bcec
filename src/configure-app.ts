import helmet from '@fastify/helmet';
import { RequestMethod } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './common/errors/problem.js';
import { requestContext } from './common/logging/request-context.js';
import { TIMESTAMP_QUERY } from './modules/pki/pki.controller.js';
import { createValidationPipe } from './common/validation/validation.pipe.js';

export const API_PREFIX = 'api/v1';

/** Routes whose body is a stream handed to the handler as it arrives (evidence). */
const STREAMED_ROUTES = [`/${API_PREFIX}/orders/:id/evidence`, `/${API_PREFIX}/orders/:id/evidence/uploads/:uploadId`];

/** Routes outside the versioned API prefix. */
export const UNPREFIXED_ROUTES = [
  { path: 'health', method: RequestMethod.GET },
  { path: 'docs', method: RequestMethod.GET },
  { path: 'docs-json', method: RequestMethod.GET },
];

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Evidence Exchange API')
    .setDescription(
      'Cross-border electronic evidence: preservation and production orders between authorities and service providers ' +
        '(Regulation (EU) 2023/1543 and other instruments). Errors are RFC 9457 application/problem+json with a stable `code`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return withInternalErrors(document);
}

/** Any route can fail on our side: document the 500 problem (with only an error id) everywhere. */
function withInternalErrors(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as { responses?: Record<string, unknown> }[]) {
      if (!operation?.responses) continue;
      operation.responses['500'] ??= {
        description: 'Unexpected failure (`INTERNAL_ERROR`): the body carries only an `errorId` to quote',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDto' } } },
      };
    }
  }
  return document;
}

/**
 * Everything about the HTTP surface that is not a route: shared by main.ts and every e2e test,
 * so tests exercise exactly what production serves.
 */
export async function configureApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  const fastify = app.getHttpAdapter().getInstance();
  // JSON only: a text/plain body is refused with 415 instead of failing validation field by field.
  fastify.removeContentTypeParser('text/plain');
  // RFC 3161 requests arrive as DER; a request is a few hundred bytes.
  fastify.addContentTypeParser(TIMESTAMP_QUERY, { parseAs: 'buffer', bodyLimit: 16 * 1024 }, (_request, body, done) => done(null, body));
  // Evidence streams through untouched: the handler hashes it on its way to storage (no body limit
  // here; EVIDENCE_MAX_BYTES is enforced while streaming). Any other route refuses the type (415).
  // A CMS EnvelopedData (`application/pkcs7-mime`) is evidence encrypted to its recipient.
  for (const type of ['application/octet-stream', 'application/pkcs7-mime']) {
    fastify.addContentTypeParser(type, (request, payload, done) => {
      if (STREAMED_ROUTES.includes(request.routeOptions.url ?? '')) return done(null, payload);
      done(Object.assign(new Error(`This endpoint does not accept ${type}.`), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }), undefined);
    });
  }

  // Request id on every log line of the request, echoed to the client for support tickets.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    requestContext.run({ requestId: request.id }, done);
  });

  await app.register(helmet, {
    // Swagger UI needs its inline bootstrap script; nothing else is HTML.
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] },
    },
  });

  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json', raw: ['json'] });
  return app;
}
