// Protocol-buffers wire format reader: just enough to walk the fields of a message.

export class ProtoDecodeError extends Error {}

/** Wire types used by Kubernetes messages (groups, 3 and 4, never occur). */
export const WireType = { Varint: 0, Fixed64: 1, Bytes: 2, Fixed32: 5 } as const;

export interface WireField {
  num: number;
  wire: number;
  /** the varint value (wire type 0) */
  varint: bigint;
  /** the payload (wire type 2), or the raw 4/8 bytes (wire types 5/1) */
  bytes: Uint8Array;
}

/** Iterate the fields of one message. Throws ProtoDecodeError on truncated or malformed input. */
export function* readFields(buf: Uint8Array): Generator<WireField> {
  let pos = 0;
  while (pos < buf.length) {
    const [tag, afterTag] = readVarint(buf, pos);
    pos = afterTag;
    const num = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (num === 0) throw new ProtoDecodeError('proto: illegal tag 0');
    switch (wire) {
      case WireType.Varint: {
        const [v, next] = readVarint(buf, pos);
        pos = next;
        yield { num, wire, varint: v, bytes: EMPTY };
        break;
      }
      case WireType.Bytes: {
        const [len, next] = readVarint(buf, pos);
        const end = next + Number(len);
        if (len > BigInt(buf.length) || end > buf.length) throw new ProtoDecodeError('unexpected EOF');
        pos = end;
        yield { num, wire, varint: 0n, bytes: buf.subarray(next, end) };
        break;
      }
      case WireType.Fixed64:
      case WireType.Fixed32: {
        const size = wire === WireType.Fixed64 ? 8 : 4;
        if (pos + size > buf.length) throw new ProtoDecodeError('unexpected EOF');
        yield { num, wire, varint: 0n, bytes: buf.subarray(pos, pos + size) };
        pos += size;
        break;
      }
      default:
        throw new ProtoDecodeError(`proto: illegal wireType ${wire}`);
    }
  }
}

const EMPTY = new Uint8Array(0);

function readVarint(buf: Uint8Array, start: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let pos = start; pos < buf.length && pos - start < 10; pos++) {
    const b = buf[pos]!;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, pos + 1];
    shift += 7n;
  }
  throw new ProtoDecodeError(buf.length - start >= 10 ? 'proto: integer overflow' : 'unexpected EOF');
}

/** Values inside a packed repeated scalar field. */
export function readPackedVarints(buf: Uint8Array): bigint[] {
  const out: bigint[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [v, next] = readVarint(buf, pos);
    out.push(v);
    pos = next;
  }
  return out;
}
