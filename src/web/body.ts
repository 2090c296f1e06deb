import type { Request } from 'restify';

/** A body the client got wrong: status 400 (unreadable) or 413 (too large). */
export class BodyError extends Error {
  constructor(readonly status: 400 | 413 | 415, message: string) {
    super(message);
    this.name = 'BodyError';
  }
}

/**
 * The request's JSON body. Works whether or not a body parser ran before the handler: a parsed
 * object is used as it is, a string or Buffer is parsed, otherwise the stream is read here with a
 * size limit. A missing Content-Type is taken as JSON unless `requireType` is set.
 */
export async function readJsonBody(req: Request, limitBytes: number, { requireType = false } = {}): Promise<unknown> {
  const type = (req.header('content-type') ?? '').toLowerCase();
  if ((type || requireType) && !type.startsWith('application/json') && !type.includes('+json')) {
    throw new BodyError(415, 'send JSON with Content-Type: application/json');
  }
  const already: unknown = (req as Request & { body?: unknown }).body;
  if (already !== undefined && already !== null && typeof already === 'object' && !Buffer.isBuffer(already)) return already;
  let text: string;
  if (typeof already === 'string') text = already;
  else if (Buffer.isBuffer(already)) text = already.toString('utf8');
  else text = await readStream(req, limitBytes);
  if (Buffer.byteLength(text) > limitBytes) throw new BodyError(413, `the body is larger than ${limitBytes} bytes`);
  if (text.trim() === '') throw new BodyError(400, 'the body is empty; send a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new BodyError(400, `the body is not valid JSON (${(err as Error).message})`);
  }
}

function readStream(req: Request, limitBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (req.readableEnded) {
      resolve('');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limitBytes) {
        failed = true;
        reject(new BodyError(413, `the body is larger than ${limitBytes} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (err) => {
      if (!failed) reject(new BodyError(400, `the body could not be read (${err.message})`));
    });
  });
}
