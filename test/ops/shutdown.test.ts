// Graceful shutdown on a kept-alive connection: a client that sends its next request just as the
// shutdown begins gets a whole answer (503, Connection: close), never a reset connection.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { GracefulShutdown } from '../../src/ops/shutdown';
import { realPredictor } from '../bot/helpers';
import { startApp } from './helpers';

/** Reads one HTTP/1.1 response with a Content-Length from the socket. */
function readResponse(socket: Socket): Promise<{ status: number; headers: string }> {
  return new Promise((resolve, reject) => {
    let data = '';
    const onData = (chunk: Buffer): void => {
      data += chunk.toString('latin1');
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headers = data.slice(0, end);
      const length = Number(/content-length:\s*(\d+)/i.exec(headers)?.[1] ?? 0);
      if (data.length - end - 4 < length) return;
      cleanup();
      resolve({ status: Number(headers.split(' ')[1]), headers: headers.toLowerCase() });
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onClose = (): void => {
      cleanup();
      reject(new Error(`connection closed before a whole answer; had: ${JSON.stringify(data.slice(0, 80))}`));
    };
    const cleanup = (): void => {
      socket.off('data', onData).off('error', onError).off('close', onClose);
    };
    socket.on('data', onData).once('error', onError).once('close', onClose);
  });
}

describe('shutdown with a kept-alive connection', () => {
  it('answers the next request on it with 503 and Connection: close instead of resetting it, then exits 0', async () => {
    const app = await startApp(await realPredictor());
    const exits: number[] = [];
    const shutdown = new GracefulShutdown({
      server: app.server,
      http: app.ops.http,
      turns: app.turns,
      logger: app.ops.logger,
      graceMs: 10_000,
      exit: (code) => exits.push(code),
    });
    const port = Number(new URL(app.url).port);
    const socket = connect(port, '127.0.0.1');
    await new Promise((ok) => socket.once('connect', ok));
    const request = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n';
    try {
      socket.write(request);
      assert.equal((await readResponse(socket)).status, 200);

      const done = shutdown.begin('test');
      socket.write(request); // the connection is idle at this moment: the race the shutdown must not lose
      const answer = await readResponse(socket);
      assert.equal(answer.status, 503);
      assert.match(answer.headers, /connection: close/);
      await done;
      assert.deepEqual(exits, [0]);
    } finally {
      socket.destroy();
      await app.close();
    }
  });
});
