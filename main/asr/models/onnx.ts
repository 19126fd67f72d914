/**
 * Just enough of the ONNX protobuf format to write a model: a graph of nodes, initializers (raw little-endian data),
 * typed inputs and outputs, and metadata. Used to generate random-weights stand-ins for models only on hubs; written
 * here rather than with Python's `onnx` so that tests need nothing but Node. Field numbers are onnx.proto's (IR 8).
 * Weight buffers are never copied: a message is a list of chunks, streamed to the file.
 */
import fs from 'node:fs';

export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7 } as const;
export type DataType = (typeof DataType)[keyof typeof DataType];

class Message {
  readonly chunks: Buffer[] = [];
  length = 0;

  #push(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
  }

  #varint(value: number | bigint): void {
    // int64 fields: negative numbers go out as ten-byte two's complement, as protobuf does.
    let v = BigInt.asUintN(64, BigInt(value));
    const out: number[] = [];
    do {
      const byte = Number(v & 0x7fn);
      v >>= 7n;
      out.push(v ? byte | 0x80 : byte);
    } while (v);
    this.#push(Buffer.from(out));
  }

  int(field: number, value: number | bigint): this {
    this.#varint(field << 3);
    this.#varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.#varint((field << 3) | 5);
    const b = Buffer.alloc(4);
    b.writeFloatLE(value);
    this.#push(b);
    return this;
  }

  bytes(field: number, value: Buffer | string | Message): this {
    this.#varint((field << 3) | 2);
    if (value instanceof Message) {
      this.#varint(value.length);
      for (const c of value.chunks) this.#push(c);
    } else {
      const b = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
      this.#varint(b.length);
      this.#push(b);
    }
    return this;
  }
}

type Attribute = number | number[] | { float: number } | { tensor: Tensor };
interface Tensor {
  type: DataType;
  dims: number[];
  data: Buffer;
}

function tensorProto(name: string, t: Tensor): Message {
  const m = new Message();
  for (const d of t.dims) m.int(1, d);
  return m.int(2, t.type).bytes(8, name).bytes(9, t.data);
}

function attributeProto(name: string, value: Attribute): Message {
  const m = new Message().bytes(1, name);
  // AttributeProto.type: FLOAT 1, INT 2, TENSOR 4, INTS 7.
  if (typeof value === 'number') return m.int(3, value).int(20, 2);
  if (Array.isArray(value)) {
    for (const v of value) m.int(8, v);
    return m.int(20, 7);
  }
  if ('float' in value) return m.float(2, value.float).int(20, 1);
  return m.bytes(5, tensorProto('', value.tensor)).int(20, 4);
}

function valueInfo(name: string, type: DataType, dims: (number | string)[]): Message {
  const shape = new Message();
  for (const d of dims) shape.bytes(1, typeof d === 'number' ? new Message().int(1, d) : new Message().bytes(2, d));
  const tensorType = new Message().int(1, type).bytes(2, shape);
  return new Message().bytes(1, name).bytes(2, new Message().bytes(1, tensorType));
}

/** A graph under construction: `node` returns its outputs' names, so layers read as function calls. */
export class OnnxGraph {
  readonly #nodes: Message[] = [];
  readonly #inits: Message[] = [];
  readonly #inputs: Message[] = [];
  readonly #outputs: Message[] = [];
  #n = 0;

  input(name: string, type: DataType, dims: (number | string)[]): string {
    this.#inputs.push(valueInfo(name, type, dims));
    return name;
  }

  output(name: string, type: DataType, dims: (number | string)[]): void {
    this.#outputs.push(valueInfo(name, type, dims));
  }

  /** A constant tensor (weights, shapes, axes). */
  init(type: DataType, dims: number[], data: Buffer, name = `c${this.#n++}`): string {
    this.#inits.push(tensorProto(name, { type, dims, data }));
    return name;
  }

  floats(dims: number[], values: ArrayLike<number>): string {
    return this.init(DataType.FLOAT, dims, Buffer.from(Float32Array.from(values).buffer));
  }

  int64s(values: number[], dims = [values.length]): string {
    return this.init(DataType.INT64, dims, Buffer.from(BigInt64Array.from(values.map(BigInt)).buffer));
  }

  node(op: string, inputs: string[], attributes: Record<string, Attribute> = {}, outputs = 1, named?: string): string[] {
    const id = this.#n++;
    const names = Array.from({ length: outputs }, (_, i) => (named && i === 0 ? named : `t${id}_${i}`));
    const m = new Message();
    for (const i of inputs) m.bytes(1, i);
    for (const o of names) m.bytes(2, o);
    m.bytes(3, `${op}_${id}`).bytes(4, op);
    for (const [k, v] of Object.entries(attributes)) m.bytes(5, attributeProto(k, v));
    this.#nodes.push(m);
    return names;
  }

  /** A single-output node. */
  op(op: string, inputs: string[], attributes: Record<string, Attribute> = {}, named?: string): string {
    return this.node(op, inputs, attributes, 1, named)[0]!;
  }

  toMessage(name: string): Message {
    const g = new Message();
    for (const n of this.#nodes) g.bytes(1, n);
    g.bytes(2, name);
    for (const i of this.#inits) g.bytes(5, i);
    for (const i of this.#inputs) g.bytes(11, i);
    for (const o of this.#outputs) g.bytes(12, o);
    return g;
  }
}

/** ModelProto.metadata_props (field 14): string key-value pairs. */
function metadataProps(model: Message, metadata: Record<string, string | number>): Message {
  for (const [key, value] of Object.entries(metadata)) model.bytes(14, new Message().bytes(1, key).bytes(2, String(value)));
  return model;
}

/**
 * Adds metadata to an existing model file without reading it: a protobuf message may be continued by appending
 * fields, and metadata_props is a repeated top-level field, so the appended entries join the ones already there.
 * For keys the model does not carry yet (onnxruntime keeps one value per key). Piper's exports carry none.
 */
export function appendOnnxMetadata(file: string, metadata: Record<string, string | number>): void {
  fs.appendFileSync(file, Buffer.concat(metadataProps(new Message(), metadata).chunks));
}

/** Writes the model (IR version 8, default domain at `opset`) with string metadata, which sherpa-onnx reads. */
export function writeOnnx(file: string, graph: OnnxGraph, options: { opset: number; metadata: Record<string, string | number>; producer?: string }): void {
  const model = new Message().int(1, 8).bytes(2, options.producer ?? 'callcue');
  model.bytes(7, graph.toMessage('main'));
  model.bytes(8, new Message().bytes(1, '').int(2, options.opset));
  metadataProps(model, options.metadata);
  const fd = fs.openSync(file, 'w');
  try {
    for (const chunk of model.chunks) fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
}
