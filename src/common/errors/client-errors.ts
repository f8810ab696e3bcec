import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { HTTP_ERRORS } from './error-catalogue.js';
import { PROBLEM_CONTENT_TYPE, problemType, type HttpErrorCode, type Problem } from './problem.js';

/** What Node's HTTP parser refused, in the catalogue's terms. */
export function clientErrorProblem(error: NodeJS.ErrnoException): Problem {
  const [code, detail]: [HttpErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ['HEADERS_TOO_LARGE', 'The request line and headers together exceed 16 KiB.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['REQUEST_TIMEOUT', 'The request did not arrive completely in time; send it again.']
        : ['MALFORMED_REQUEST', 'The request is not well-formed HTTP/1.1 (request line, headers or body framing).'];
  const { status, title } = HTTP_ERRORS[code];
  return { type: problemType(code), title, status, detail, code };
}

/**
 * Fastify's `clientErrorHandler`: Node's parser refused the bytes before there was a request
 * (bad framing, oversized headers), so there is no reply object, only the socket. The answer
 * is the same problem+json as everywhere else, written by hand, and the connection closes:
 * after a framing error nothing on it can be trusted.
 */
export function clientErrorHandler(this: { log: Logger }, error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = clientErrorProblem(error);
  this.log.debug({ msg: 'client error', code: error.code, status: problem.status });
  if (socket.writable) {
    const body = JSON.stringify(problem);
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Cache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
