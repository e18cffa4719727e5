// Decoding of `application/vnd.kubernetes.protobuf` request bodies (what `kubectl create
// <generator>` sends) into the JSON object kubectl would otherwise have sent. Envelope: the magic
// "k8s\0", then runtime.Unknown {1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType}.
import { StatusError } from './errors.js';
import type { Json, JsonObject, KObject } from './types.js';
import type { Field, Message } from './protobuf-messages.js';
import { KINDS } from './protobuf-messages.js';
import { ProtoDecodeError, readFields, readPackedVarints, WireType } from './protobuf-wire.js';
import type { WireField } from './protobuf-wire.js';

const MAGIC = [0x6b, 0x38, 0x73, 0x00];
const utf8 = new TextDecoder('utf-8');

/** True for `application/vnd.kubernetes.protobuf` (any parameters, any case). */
export function isProtobufContentType(ct: string | undefined): boolean {
  return (ct ?? '').split(';')[0]!.trim().toLowerCase() === 'application/vnd.kubernetes.protobuf';
}

/**
 * Decode a protobuf request body. Never throws anything but StatusError 400 (BadRequest), worded as
 * the apiserver's decode errors; `expectedKind` (the kind the URL names) only improves the wording.
 * A kind without a field table here is rejected rather than half decoded.
 */
export function decodeKubeProtobuf(body: Uint8Array, expectedKind?: string): KObject {
  if (body.length < MAGIC.length || MAGIC.some((b, i) => body[i] !== b)) {
    throw unrecognized(body, expectedKind, 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  }
  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array | undefined;
  let contentEncoding = '';
  try {
    for (const f of readFields(body.subarray(MAGIC.length))) {
      if (f.num === 1 && f.wire === WireType.Bytes) {
        for (const t of readFields(f.bytes)) {
          if (t.num === 1 && t.wire === WireType.Bytes) apiVersion = utf8.decode(t.bytes);
          if (t.num === 2 && t.wire === WireType.Bytes) kind = utf8.decode(t.bytes);
        }
      } else if (f.num === 2 && f.wire === WireType.Bytes) raw = f.bytes;
      else if (f.num === 3 && f.wire === WireType.Bytes) contentEncoding = utf8.decode(f.bytes);
    }
  } catch (e) {
    if (e instanceof ProtoDecodeError) throw unrecognized(body, expectedKind, e.message);
    throw e;
  }
  if (!kind || !apiVersion) throw unrecognized(body, expectedKind, "Object 'Kind' is missing in protobuf envelope");

  const cannotHandle = (why: string) => new StatusError(400, 'BadRequest',
    `${kind} in version ${JSON.stringify(apiVersion.split('/').pop())} cannot be handled as a ${expectedKind ?? kind}: ${why}`);
  if (contentEncoding) throw cannotHandle(`unsupported content encoding ${JSON.stringify(contentEncoding)}`);
  const table = KINDS[`${apiVersion}/${kind}`];
  if (!table) throw cannotHandle(`the test server has no protobuf field table for ${apiVersion}, Kind=${kind}; send JSON instead`);
  let decoded: JsonObject;
  try {
    decoded = decodeMessage(raw ?? new Uint8Array(0), table);
  } catch (e) {
    if (e instanceof ProtoDecodeError) throw cannotHandle(e.message);
    throw e;
  }
  const metadata = (decoded.metadata ?? {}) as KObject['metadata'];
  return { kind, apiVersion, ...decoded, metadata };
}

function unrecognized(body: Uint8Array, expectedKind: string | undefined, why: string): StatusError {
  const head = body.subarray(0, 30);
  const summary = body.length === 0 ? '<empty>'
    : body[0] === 0x7b ? utf8.decode(head) + (body.length > 30 ? ' ...' : '')
      : Buffer.from(head).toString('hex') + (body.length > 30 ? ' ...' : '');
  const what = expectedKind ? ` (must be of type ${expectedKind})` : '';
  return new StatusError(400, 'BadRequest', `the object provided is unrecognized${what}: ${why} (${summary})`);
}

function decodeMessage(buf: Uint8Array, table: Message): JsonObject {
  const out: JsonObject = {};
  for (const f of readFields(buf)) {
    const field = table[f.num];
    if (!field) continue; // unknown field
    if (field.map) {
      const [k, v] = decodeMapEntry(expectBytes(f, field), field);
      const m = (out[field.name] ??= {}) as JsonObject;
      m[k] = v;
    } else if (field.repeated) {
      const items = (out[field.name] ??= []) as Json[];
      if (isVarintType(field) && f.wire === WireType.Bytes) {
        for (const v of readPackedVarints(f.bytes)) items.push(varintValue(field, v));
      } else {
        items.push(decodeValue(f, field));
      }
    } else if (field.inline) {
      Object.assign(out, decodeValue(f, field) as JsonObject);
    } else {
      const v = decodeValue(f, field);
      if (field.keep || !isZero(v)) out[field.name] = v;
      else delete out[field.name];
    }
  }
  // A nil list without omitempty encodes as null.
  for (const field of Object.values(table)) {
    if (field.repeated && field.keep && !(field.name in out)) out[field.name] = null;
  }
  return out;
}

function isZero(v: Json): boolean {
  return v === '' || v === 0 || v === false;
}

function isVarintType(field: Field): boolean {
  return field.type === 'int32' || field.type === 'int64' || field.type === 'bool';
}

function varintValue(field: Field, v: bigint): Json {
  if (field.type === 'bool') return v !== 0n;
  if (field.type === 'int32') return Number(BigInt.asIntN(32, v));
  return Number(BigInt.asIntN(64, v));
}

function expectBytes(f: WireField, field: Field): Uint8Array {
  if (f.wire !== WireType.Bytes) throw new ProtoDecodeError(`proto: wrong wireType = ${f.wire} for field ${field.name}`);
  return f.bytes;
}

function decodeValue(f: WireField, field: Field): Json {
  if (isVarintType(field)) {
    if (f.wire !== WireType.Varint) throw new ProtoDecodeError(`proto: wrong wireType = ${f.wire} for field ${field.name}`);
    return varintValue(field, f.varint);
  }
  const bytes = expectBytes(f, field);
  return decodeBytesAs(bytes, field.type);
}

function decodeBytesAs(bytes: Uint8Array, type: Field['type']): Json {
  switch (type) {
    case 'string': return utf8.decode(bytes);
    case 'bytes': return Buffer.from(bytes).toString('base64');
    case 'time': return decodeTime(bytes);
    case 'quantity': return decodeQuantity(bytes);
    case 'intOrString': return decodeIntOrString(bytes);
    case 'fieldsV1': return decodeFieldsV1(bytes);
    case 'int32': case 'int64': case 'bool':
      throw new ProtoDecodeError(`proto: ${type} inside a length-delimited field`);
    default: return decodeMessage(bytes, type());
  }
}

/** map<string, V> entry {1 key, 2 value}; a missing value is V's zero value. */
function decodeMapEntry(bytes: Uint8Array, field: Field): [string, Json] {
  let key = '';
  let value: Json | undefined;
  for (const f of readFields(bytes)) {
    if (f.num === 1) key = utf8.decode(expectBytes(f, field));
    else if (f.num === 2) value = isVarintType(field) ? decodeValue(f, field) : decodeBytesAs(expectBytes(f, field), field.type);
  }
  return [key, value ?? decodeBytesAs(new Uint8Array(0), field.type)];
}

/** metav1.Time: an empty message is the zero time (JSON null); otherwise whole seconds, UTC. */
function decodeTime(bytes: Uint8Array): Json {
  if (bytes.length === 0) return null;
  let seconds = 0n;
  for (const f of readFields(bytes)) if (f.num === 1 && f.wire === WireType.Varint) seconds = BigInt.asIntN(64, f.varint);
  const ms = Number(seconds) * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw new ProtoDecodeError('proto: timestamp out of range');
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function decodeQuantity(bytes: Uint8Array): Json {
  let s = '';
  for (const f of readFields(bytes)) if (f.num === 1 && f.wire === WireType.Bytes) s = utf8.decode(f.bytes);
  return s;
}

/** intstr.IntOrString {1 type (0 int, 1 string), 2 intVal, 3 strVal}. */
function decodeIntOrString(bytes: Uint8Array): Json {
  let type = 0n;
  let intVal = 0;
  let strVal = '';
  for (const f of readFields(bytes)) {
    if (f.num === 1 && f.wire === WireType.Varint) type = f.varint;
    else if (f.num === 2 && f.wire === WireType.Varint) intVal = Number(BigInt.asIntN(32, f.varint));
    else if (f.num === 3 && f.wire === WireType.Bytes) strVal = utf8.decode(f.bytes);
  }
  return type === 1n ? strVal : intVal;
}

/** metav1.FieldsV1 {1 raw}: the raw bytes are JSON. */
function decodeFieldsV1(bytes: Uint8Array): Json {
  for (const f of readFields(bytes)) {
    if (f.num === 1 && f.wire === WireType.Bytes) {
      try {
        return JSON.parse(utf8.decode(f.bytes)) as Json;
      } catch {
        throw new ProtoDecodeError('invalid FieldsV1 JSON');
      }
    }
  }
  return {};
}
