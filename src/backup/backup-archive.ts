import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

/**
 * The local backup file: gzip'd JSON lines (a header, then per table a line naming it and its rows as JSON),
 * optionally encrypted with AES-256-GCM under a passphrase: `BVTE1` + salt + IV, the ciphertext, the tag.
 * (The embedded PostgreSQL package ships no pg_dump, and an older system pg_dump refuses a newer server.)
 */
const MAGIC = Buffer.from('BVTE1');
const SALT = 16;
const IV = 12;
const TAG = 16;

function key(passphrase: string, salt: Buffer): Buffer {
  return scryptSync(passphrase, salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
}

/** Writes lines to `file`, gzip'd and (with a passphrase) encrypted. */
export async function writeArchive(file: string, lines: AsyncIterable<string>, passphrase: string | null): Promise<void> {
  const out = createWriteStream(file, { mode: 0o600 });
  const source = Readable.from(
    (async function* () {
      for await (const line of lines) yield `${line}\n`;
    })(),
  );
  if (!passphrase) {
    await pipeline(source, createGzip(), out);
    return;
  }
  const salt = randomBytes(SALT);
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key(passphrase, salt), iv);
  await pipeline(
    source,
    createGzip(),
    cipher,
    async function* (encrypted: AsyncIterable<Buffer>) {
      yield Buffer.concat([MAGIC, salt, iv]);
      for await (const chunk of encrypted) yield chunk;
      // The cipher has finished once its output ends: the tag closes the file.
      yield cipher.getAuthTag();
    },
    out,
  );
}

async function isEncrypted(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length);
    await handle.read(head, 0, MAGIC.length, 0);
    return head.equals(MAGIC);
  } finally {
    await handle.close();
  }
}

/** Reads the lines back; a wrong passphrase or a changed byte fails before anything is trusted. */
export async function* readArchive(file: string, passphrase: string | null): AsyncGenerator<string> {
  let stream: Readable;
  if (await isEncrypted(file)) {
    if (!passphrase) throw new Error('This backup is encrypted: set BACKUP_PASSPHRASE');
    const size = (await stat(file)).size;
    const handle = await open(file, 'r');
    const header = Buffer.alloc(MAGIC.length + SALT + IV);
    const tag = Buffer.alloc(TAG);
    try {
      await handle.read(header, 0, header.length, 0);
      await handle.read(tag, 0, TAG, size - TAG);
    } finally {
      await handle.close();
    }
    const salt = header.subarray(MAGIC.length, MAGIC.length + SALT);
    const iv = header.subarray(MAGIC.length + SALT);
    // Authenticate the whole file first: GCM only tells at the end, and a restore must not start on bad data.
    const check = createDecipheriv('aes-256-gcm', key(passphrase, salt), iv);
    check.setAuthTag(tag);
    await pipeline(createReadStream(file, { start: header.length, end: size - TAG - 1 }), check, new Writable({ write: (_c, _e, done) => done() })).catch(() => {
      throw new Error('The backup cannot be decrypted: wrong BACKUP_PASSPHRASE, or the file was changed');
    });
    const decipher = createDecipheriv('aes-256-gcm', key(passphrase, salt), iv);
    decipher.setAuthTag(tag);
    stream = createReadStream(file, { start: header.length, end: size - TAG - 1 })
      .pipe(decipher)
      .pipe(createGunzip());
  } else {
    stream = createReadStream(file).pipe(createGunzip());
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of lines) if (line) yield line;
}
