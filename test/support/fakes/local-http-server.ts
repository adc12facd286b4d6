import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fake third-party server on 127.0.0.1 and a free port; `close` drops kept-alive sockets. */
export interface LocalHttpServer {
  url: string;
  close: () => Promise<void>;
}

export type RequestHandler = (
  request: http.IncomingMessage,
  body: Buffer,
  response: http.ServerResponse,
) => Promise<void> | void;

export async function startLocalHttpServer(handler: RequestHandler): Promise<LocalHttpServer> {
  const server = http.createServer((request, response) => {
    readBody(request)
      .then((body) => handler(request, body, response))
      .catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { message: String(error) });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `body` as a string is sent raw (e.g. an HTML error page from a proxy). */
export function sendJson(response: http.ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    response.writeHead(status).end();
    return;
  }
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? 'text/html' : 'application/json';
  response.writeHead(status, { 'content-type': type }).end(raw);
}
