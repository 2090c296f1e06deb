import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A local HTTP server playing the City's open-data portal (CKAN): package_show for one package,
 * and whatever files a test puts at which paths, served whole, cut short, hanging or not at all.
 */

export interface StandInResource {
  id: string;
  name: string;
  format: string;
  /** Absolute, or a path on the stand-in ("/download/x.csv"). */
  url: string;
  datastore_active: boolean;
  last_modified: string | null;
}

export type FileBehaviour =
  | { kind: 'ok'; body: string | Buffer; contentLength?: boolean }
  /** Content-Length says the whole body; the connection closes after `sendBytes`. */
  | { kind: 'truncated'; body: string | Buffer; sendBytes: number }
  /** No Content-Length (chunked), and the connection is reset after `sendBytes`. */
  | { kind: 'aborted'; body: string | Buffer; sendBytes: number }
  /** Headers, a first chunk, then nothing. */
  | { kind: 'stall'; body: string | Buffer; sendBytes: number }
  | { kind: 'status'; status: number; body?: string };

export interface CkanStandIn {
  url: string;
  packageId: string;
  resources: StandInResource[];
  /** package_show's answer instead of the package (a portal error page, a CKAN error). */
  packageShow?: { status: number; body: string };
  files: Map<string, FileBehaviour>;
  /** Paths asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export async function startCkan(packageId = 'ttc-streetcar-delay-data'): Promise<CkanStandIn> {
  const sockets = new Set<Socket>();
  const standIn: CkanStandIn = {
    url: '',
    packageId,
    resources: [],
    files: new Map(),
    requests: [],
    close: () =>
      new Promise((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    standIn.requests.push(url.pathname);
    if (url.pathname === '/api/3/action/package_show') {
      if (standIn.packageShow) return send(res, standIn.packageShow.status, 'application/json', standIn.packageShow.body);
      if (url.searchParams.get('id') !== standIn.packageId) {
        return send(res, 404, 'application/json', JSON.stringify({ help: `${standIn.url}/api/3/action/help_show?name=package_show`, success: false, error: { message: 'Not found', __type: 'Not Found Error' } }));
      }
      const resources = standIn.resources.map((r) => ({ ...r, url: r.url.startsWith('/') ? `${standIn.url}${r.url}` : r.url, package_id: 'b68cb71b-44a7-4394-97e2-5d2f41462a5d' }));
      return send(res, 200, 'application/json', JSON.stringify({ help: '…', success: true, result: { name: standIn.packageId, title: 'TTC Streetcar Delay Data', num_resources: resources.length, resources } }));
    }
    const file = standIn.files.get(url.pathname);
    if (!file) return send(res, 404, 'text/html', '<html><body>404 Not Found</body></html>');
    if (file.kind === 'status') return send(res, file.status, 'text/html', file.body ?? '');
    const body = Buffer.from(file.body);
    if (file.kind === 'ok') {
      if (file.contentLength === false) {
        res.writeHead(200, { 'Content-Type': 'text/csv' });
        res.write(body.subarray(0, Math.floor(body.length / 2)));
        setTimeout(() => res.end(body.subarray(Math.floor(body.length / 2))), 20);
        return;
      }
      return send(res, 200, 'text/csv', body);
    }
    if (file.kind === 'truncated') {
      res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': body.length });
      res.write(body.subarray(0, file.sendBytes), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    if (file.kind === 'aborted') {
      res.writeHead(200, { 'Content-Type': 'text/csv' });
      res.write(body.subarray(0, file.sendBytes), () => setTimeout(() => res.socket?.resetAndDestroy(), 20));
      return;
    }
    // stall
    res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': body.length });
    res.write(body.subarray(0, file.sendBytes));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}

/** The resource as the real portal lists it: in the DataStore, so downloaded from /datastore/dump/<id>. */
export function since2025Resource(fields: Partial<StandInResource> = {}): StandInResource {
  return {
    id: '5e1a3e1b-2b1f-4f5c-9a83-0f4c1d1a2025',
    name: 'TTC Streetcar Delay Data since 2025',
    format: 'CSV',
    url: '/dataset/ttc-streetcar-delay-data/resource/5e1a3e1b/download/ttc-streetcar-delay-data-since-2025.csv',
    datastore_active: true,
    last_modified: '2026-11-03T14:05:12.345678',
    ...fields,
  };
}
