import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import tls from 'node:tls';
import { CallcueError } from '../../base/errors.ts';
import { parseSip, serializeSip, type SipMessage } from './message.ts';

export type SipProtocol = 'udp' | 'tls';

/** Where SIP goes: the company's SIP server (registrar and outbound proxy). */
export interface SipServer {
  host: string;
  port: number;
  protocol: SipProtocol;
  /** TLS: the CA that signed the server's certificate (PEM), when it is not a public one. */
  ca?: string;
}

/** One connection to the SIP server; messages in as 'message' events, malformed ones as 'invalid'. */
export interface SipTransport extends EventEmitter {
  readonly protocol: SipProtocol;
  /** Our address as the server sees it in Via and Contact. */
  readonly local: { host: string; port: number };
  send(message: SipMessage): void;
  close(): void;
}

class UdpTransport extends EventEmitter implements SipTransport {
  readonly protocol = 'udp' as const;
  local = { host: '', port: 0 };
  readonly #socket = dgram.createSocket('udp4');
  readonly #server: SipServer;

  constructor(server: SipServer) {
    super();
    this.#server = server;
    this.#socket.on('message', (data) => {
      try {
        this.emit('message', parseSip(data.toString('utf8')));
      } catch (error) {
        this.emit('invalid', error);
      }
    });
  }

  async open(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.#socket.once('error', reject);
      this.#socket.bind(0, () => resolve());
    });
    // Learn the address the server is reached from: connect() picks the route without sending anything.
    this.#socket.connect(this.#server.port, this.#server.host);
    await new Promise((resolve) => this.#socket.once('connect', resolve));
    this.local = { host: this.#socket.address().address, port: this.#socket.address().port };
    return this;
  }

  send(message: SipMessage): void {
    this.#socket.send(serializeSip(message));
  }

  close(): void {
    this.#socket.close();
  }
}

class TlsTransport extends EventEmitter implements SipTransport {
  readonly protocol = 'tls' as const;
  local = { host: '', port: 0 };
  #socket!: tls.TLSSocket;
  #buffer = Buffer.alloc(0);
  readonly #server: SipServer;

  constructor(server: SipServer) {
    super();
    this.#server = server;
  }

  async open(): Promise<this> {
    this.#socket = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const socket = tls.connect({ host: this.#server.host, port: this.#server.port, ca: this.#server.ca, servername: this.#server.host === '127.0.0.1' ? undefined : this.#server.host }, () => resolve(socket));
      socket.once('error', (error) => reject(new CallcueError('sip_unreachable', `Cannot open TLS to the SIP server ${this.#server.host}:${this.#server.port}: ${error.message}`)));
    });
    this.local = { host: this.#socket.localAddress ?? '127.0.0.1', port: this.#socket.localPort ?? 0 };
    this.#socket.on('data', (chunk: Buffer) => this.#read(chunk));
    this.#socket.on('error', (error) => this.emit('invalid', error));
    return this;
  }

  /** A stream carries messages back to back: each ends after its headers plus Content-Length bytes. */
  #read(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      while (this.#buffer.subarray(0, 2).toString() === '\r\n') this.#buffer = this.#buffer.subarray(2); // keep-alives
      const end = this.#buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = this.#buffer.subarray(0, end).toString('utf8');
      const length = Number(/^(?:content-length|l)\s*:\s*(\d+)/im.exec(head)?.[1] ?? 0);
      if (this.#buffer.length < end + 4 + length) return;
      const text = this.#buffer.subarray(0, end + 4 + length).toString('utf8');
      this.#buffer = this.#buffer.subarray(end + 4 + length);
      try {
        this.emit('message', parseSip(text));
      } catch (error) {
        this.emit('invalid', error);
      }
    }
  }

  send(message: SipMessage): void {
    this.#socket.write(serializeSip(message));
  }

  close(): void {
    this.#socket.destroy();
  }
}

export function openTransport(server: SipServer): Promise<SipTransport> {
  return server.protocol === 'tls' ? new TlsTransport(server).open() : new UdpTransport(server).open();
}
