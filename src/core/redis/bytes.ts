import { StackdeckError } from '../../shared/errors';
import { displayBytes } from '../../shared/contract/redis/bytes';
import type { BytesPreview, KeyName } from '../../shared/contract/redis/common';

/** Base64 (from the contract) to the exact bytes; the contract already checked the alphabet. */
export function fromB64(b64: string, what = 'value'): Buffer {
  const buf = Buffer.from(b64, 'base64');
  // Buffer.from ignores garbage silently; a round trip proves the input was exact.
  if (buf.toString('base64').replace(/=+$/, '') !== b64.replace(/=+$/, ''))
    throw new StackdeckError('INVALID_INPUT', `The ${what} is not valid base64.`, { where: what });
  return buf;
}

export function keyName(bytes: Buffer): KeyName {
  const { display, binary } = displayBytes(bytes);
  return { b64: bytes.toString('base64'), display, binary };
}

export function preview(bytes: Buffer, fullSize: number): BytesPreview {
  return { b64: bytes.toString('base64'), size: fullSize, truncated: bytes.length < fullSize };
}

/** Cuts a value for a list row: previews keep rows light; the full value is one call away. */
export function cut(bytes: Buffer, max: number): BytesPreview {
  return bytes.length > max ? preview(bytes.subarray(0, max), bytes.length) : preview(bytes, bytes.length);
}
