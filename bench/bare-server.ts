/** The machine's HTTP ceiling for comparison: Node's own http module, no framework, no database. */
import { createServer } from 'node:http';

const body = JSON.stringify({ status: 'ok', database: 'up' });
createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
